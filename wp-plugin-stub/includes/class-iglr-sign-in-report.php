<?php
/**
 * The sign-ins report on the settings page.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Sign-ins of the last 30 days by outcome (Iglr_Sign_In_History), drawn on
 * the server: a bar per day stacked by outcome (inline SVG, no script), a
 * legend with each outcome's total, and the same numbers as a table for
 * screen readers and for reading exact values. "Refresh" asks the relay
 * again instead of using its few minutes' copy.
 */
class Iglr_Sign_In_Report {

	/** The chart's drawing area, in SVG units; CSS scales it to the page. */
	const WIDTH  = 720;
	const HEIGHT = 220;
	const LEFT   = 40;
	const RIGHT  = 712;
	const TOP    = 12;
	const BOTTOM = 186;

	/**
	 * Sign-ins by outcome.
	 *
	 * @var Iglr_Sign_In_History
	 */
	private $history;

	/**
	 * Redirects after "Refresh".
	 *
	 * @var Iglr_Browser
	 */
	private $browser;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Sign_In_History $history Sign-ins by outcome.
	 * @param Iglr_Browser         $browser Redirects after "Refresh".
	 */
	public function __construct( Iglr_Sign_In_History $history, Iglr_Browser $browser ) {
		$this->history = $history;
		$this->browser = $browser;
	}

	/**
	 * Human names of the outcomes.
	 *
	 * @return array<string,string>
	 */
	public static function outcome_labels() {
		return array(
			'succeeded'        => __( 'Succeeded', 'ig-login-relay' ),
			'cancelled'        => __( 'Cancelled on Instagram', 'ig-login-relay' ),
			'not_professional' => __( 'Refused: personal account', 'ig-login-relay' ),
			'not_tester'       => __( 'Refused: not a tester of the app', 'ig-login-relay' ),
			'failed'           => __( 'Failed', 'ig-login-relay' ),
		);
	}

	/**
	 * The report (iglr_settings_page_reports).
	 */
	public function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$history  = $this->history->last_days();
		$days     = $history['days'];
		$outcomes = self::shown_outcomes( $days );
		$totals   = self::totals( $days, $outcomes );
		?>
		<h2 id="iglr-sign-ins"><?php esc_html_e( 'Instagram sign-ins, last 30 days', 'ig-login-relay' ); ?></h2>
		<?php if ( '' !== $history['relay_error'] ) : ?>
			<div class="notice notice-warning inline">
				<p>
					<?php
					/* translators: %s: why the relay could not answer. */
					echo esc_html( sprintf( __( "The relay's numbers are unavailable right now, so cancelled, refused and failed sign-ins are not shown; succeeded sign-ins are this site's own count. %s", 'ig-login-relay' ), $history['relay_error'] ) );
					?>
				</p>
			</div>
		<?php endif; ?>
		<ul class="iglr-report-legend">
			<?php foreach ( $outcomes as $outcome => $label ) : ?>
				<li>
					<span class="iglr-report-swatch iglr-outcome--<?php echo esc_attr( $outcome ); ?>" aria-hidden="true"></span>
					<?php echo esc_html( $label ); ?>
					<strong class="iglr-report-total" data-iglr-outcome="<?php echo esc_attr( $outcome ); ?>"><?php echo esc_html( number_format_i18n( $totals[ $outcome ] ) ); ?></strong>
				</li>
			<?php endforeach; ?>
		</ul>
		<?php $this->render_chart( $days, $outcomes, $totals ); ?>
		<details class="iglr-report-numbers">
			<summary><?php esc_html_e( 'Show the numbers per day', 'ig-login-relay' ); ?></summary>
			<?php self::render_table( $days, $outcomes, $totals ); ?>
		</details>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" class="iglr-report-refresh">
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_REFRESH_SIGN_INS ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_REFRESH_SIGN_INS ); ?>
			<?php submit_button( __( 'Refresh', 'ig-login-relay' ), 'secondary', 'submit', false ); ?>
			<span class="description"><?php esc_html_e( "Days are UTC days. Succeeded sign-ins are counted by this site; the others come from the relay's records, which are kept here for up to five minutes.", 'ig-login-relay' ); ?></span>
		</form>
		<?php
	}

	/**
	 * "Refresh" (admin-post): forgets the relay's kept answer and goes back to the report.
	 */
	public function refresh() {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to change these settings.', 'ig-login-relay' ), 403 );
		}
		Iglr_Request::require_form_nonce( Iglr_Keys::ACTION_REFRESH_SIGN_INS );
		$this->history->forget_relay_copy();
		$this->browser->redirect( Iglr_Urls::settings_url() . '#iglr-sign-ins' );
	}

	/**
	 * The stacked bars.
	 *
	 * @param array[]              $days     Iglr_Sign_In_History::last_days()['days'].
	 * @param array<string,string> $outcomes Outcomes shown, with their names.
	 * @param array<string,int>    $totals   Totals by outcome.
	 */
	private function render_chart( array $days, array $outcomes, array $totals ) {
		$most  = 0;
		$parts = array();
		foreach ( $days as $day ) {
			$most = max( $most, self::day_total( $day, $outcomes ) );
		}
		$scale = self::scale_top( $most );
		$slot  = ( self::RIGHT - self::LEFT ) / count( $days );
		$bar   = $slot * 0.7;
		$unit  = ( self::BOTTOM - self::TOP ) / $scale;

		// Grid lines and the scale, at 0, half (when whole) and the top.
		foreach ( array_unique( array( 0, $scale / 2, $scale ) ) as $tick ) {
			if ( floor( $tick ) !== (float) $tick ) {
				continue;
			}
			$y       = self::BOTTOM - $tick * $unit;
			$parts[] = sprintf( '<line class="iglr-report-grid" x1="%1$d" x2="%2$d" y1="%3$.1f" y2="%3$.1f"/>', self::LEFT, self::RIGHT, $y );
			$parts[] = sprintf( '<text class="iglr-report-axis" x="%1$d" y="%2$.1f" text-anchor="end">%3$s</text>', self::LEFT - 6, $y + 4, esc_html( number_format_i18n( $tick ) ) );
		}
		foreach ( $days as $index => $day ) {
			$x       = self::LEFT + $index * $slot + ( $slot - $bar ) / 2;
			$y       = (float) self::BOTTOM;
			$bars    = array();
			$summary = array();
			foreach ( $outcomes as $outcome => $label ) {
				$count = (int) $day[ $outcome ];
				if ( $count > 0 ) {
					$height    = $count * $unit;
					$y        -= $height;
					$bars[]    = sprintf( '<rect class="iglr-outcome--%1$s" x="%2$.1f" y="%3$.1f" width="%4$.1f" height="%5$.1f"/>', esc_attr( $outcome ), $x, $y, $bar, $height );
					$summary[] = sprintf( '%1$s %2$s', $label, number_format_i18n( $count ) );
				}
			}
			if ( ! empty( $bars ) ) {
				// A tooltip per day for pointer users; the table below is what screen readers read.
				$parts[] = sprintf( '<g><title>%1$s: %2$s</title>%3$s</g>', esc_html( self::short_date( $day['date'] ) ), esc_html( implode( ', ', $summary ) ), implode( '', $bars ) );
			}
			// A date under every seventh bar, counted back from today's.
			if ( 0 === ( count( $days ) - 1 - $index ) % 7 ) {
				$parts[] = sprintf( '<text class="iglr-report-axis" x="%1$.1f" y="%2$d" text-anchor="middle">%3$s</text>', $x + $bar / 2, self::BOTTOM + 20, esc_html( self::short_date( $day['date'] ) ) );
			}
		}
		$description = array();
		foreach ( $outcomes as $outcome => $label ) {
			$description[] = sprintf( '%1$s: %2$s', $label, number_format_i18n( $totals[ $outcome ] ) );
		}
		printf(
			'<figure class="iglr-report-chart"><svg viewBox="0 0 %1$d %2$d" role="img" aria-labelledby="iglr-sign-ins-chart-title iglr-sign-ins-chart-desc"><title id="iglr-sign-ins-chart-title">%3$s</title><desc id="iglr-sign-ins-chart-desc">%4$s</desc>%5$s</svg>%6$s</figure>',
			(int) self::WIDTH,
			(int) self::HEIGHT,
			esc_html__( 'Instagram sign-ins per day, last 30 days, stacked by outcome', 'ig-login-relay' ),
			esc_html( implode( '; ', $description ) ),
			implode( '', $parts ), // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built above from numbers and escaped text.
			0 === $most ? '<figcaption>' . esc_html__( 'No Instagram sign-ins in the last 30 days.', 'ig-login-relay' ) . '</figcaption>' : ''
		);
	}

	/**
	 * The same numbers as a table.
	 *
	 * @param array[]              $days     Iglr_Sign_In_History::last_days()['days'].
	 * @param array<string,string> $outcomes Outcomes shown, with their names.
	 * @param array<string,int>    $totals   Totals by outcome.
	 */
	private static function render_table( array $days, array $outcomes, array $totals ) {
		?>
		<table class="widefat striped iglr-report-table">
			<caption class="screen-reader-text"><?php esc_html_e( 'Instagram sign-ins per day (UTC), by outcome', 'ig-login-relay' ); ?></caption>
			<thead>
				<tr>
					<th scope="col"><?php esc_html_e( 'Day', 'ig-login-relay' ); ?></th>
					<?php foreach ( $outcomes as $label ) : ?>
						<th scope="col"><?php echo esc_html( $label ); ?></th>
					<?php endforeach; ?>
					<th scope="col"><?php esc_html_e( 'All', 'ig-login-relay' ); ?></th>
				</tr>
			</thead>
			<tbody>
				<?php foreach ( $days as $day ) : ?>
					<tr data-iglr-date="<?php echo esc_attr( $day['date'] ); ?>">
						<th scope="row"><?php echo esc_html( self::short_date( $day['date'] ) ); ?></th>
						<?php foreach ( array_keys( $outcomes ) as $outcome ) : ?>
							<td><?php echo esc_html( number_format_i18n( (int) $day[ $outcome ] ) ); ?></td>
						<?php endforeach; ?>
						<td><?php echo esc_html( number_format_i18n( self::day_total( $day, $outcomes ) ) ); ?></td>
					</tr>
				<?php endforeach; ?>
			</tbody>
			<tfoot>
				<tr>
					<th scope="row"><?php esc_html_e( 'Total', 'ig-login-relay' ); ?></th>
					<?php foreach ( array_keys( $outcomes ) as $outcome ) : ?>
						<td><?php echo esc_html( number_format_i18n( $totals[ $outcome ] ) ); ?></td>
					<?php endforeach; ?>
					<td><?php echo esc_html( number_format_i18n( array_sum( $totals ) ) ); ?></td>
				</tr>
			</tfoot>
		</table>
		<?php
	}

	/**
	 * The outcomes with numbers: all of them, or only "succeeded" while the relay's are missing.
	 *
	 * @param array[] $days Days.
	 * @return array<string,string>
	 */
	private static function shown_outcomes( array $days ) {
		$shown = array();
		foreach ( self::outcome_labels() as $outcome => $label ) {
			if ( empty( $days ) || null !== $days[0][ $outcome ] ) {
				$shown[ $outcome ] = $label;
			}
		}
		return $shown;
	}

	/**
	 * Each shown outcome's total over the days.
	 *
	 * @param array[]              $days     Days.
	 * @param array<string,string> $outcomes Outcomes shown.
	 * @return array<string,int>
	 */
	private static function totals( array $days, array $outcomes ) {
		$totals = array();
		foreach ( array_keys( $outcomes ) as $outcome ) {
			$totals[ $outcome ] = (int) array_sum( array_column( $days, $outcome ) );
		}
		return $totals;
	}

	/**
	 * One day's sign-ins, all shown outcomes together.
	 *
	 * @param array                $day      A day.
	 * @param array<string,string> $outcomes Outcomes shown.
	 * @return int
	 */
	private static function day_total( array $day, array $outcomes ) {
		$total = 0;
		foreach ( array_keys( $outcomes ) as $outcome ) {
			$total += (int) $day[ $outcome ];
		}
		return $total;
	}

	/**
	 * The top of the scale: the most sign-ins of a day, rounded up to 1, 2 or 5 times a power of ten.
	 *
	 * @param int $most The most sign-ins of a day.
	 * @return int
	 */
	private static function scale_top( $most ) {
		if ( $most <= 1 ) {
			return 1;
		}
		$power = (int) pow( 10, (int) floor( log10( $most ) ) );
		foreach ( array( 1, 2, 5, 10 ) as $factor ) {
			if ( $factor * $power >= $most ) {
				return $factor * $power;
			}
		}
		return 10 * $power;
	}

	/**
	 * A day as "Dec 4", in the site's language.
	 *
	 * @param string $date Y-m-d (UTC).
	 * @return string
	 */
	private static function short_date( $date ) {
		$utc = new DateTimeZone( 'UTC' );
		$day = DateTimeImmutable::createFromFormat( '!Y-m-d', $date, $utc );
		/* translators: a short date in the sign-ins report, as a PHP date() format: "Dec 4". */
		return $day ? (string) wp_date( _x( 'M j', 'short date in the sign-ins report', 'ig-login-relay' ), $day->getTimestamp(), $utc ) : $date;
	}
}
