<?php
/**
 * Iglr_Sign_In_History, Iglr_Sign_In_Report and Iglr_Relay_Client::get_sign_ins().
 *
 * @package ig-login-relay
 */

/**
 * Sign-ins of the last 30 days by outcome: succeeded from the site's own
 * count, the rest from the relay (GET /v1/store/sign-ins, kept a few
 * minutes), drawn as stacked bars with a legend and a table.
 */
class SignInReportTest extends Iglr_Test_Case {

	const ROUTE = 'GET /v1/store/sign-ins?days=30';

	/**
	 * Unix time the report sees: 2026-12-04 10:00 UTC.
	 *
	 * @var int
	 */
	private $now;

	/**
	 * What "Refresh" did in the browser.
	 *
	 * @var Iglr_Test_Browser
	 */
	private $browser;

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/template.php';
		$this->configure();
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		$this->now     = gmmktime( 10, 0, 0, 12, 4, 2026 );
		$this->browser = new Iglr_Test_Browser();
	}

	private function counts() {
		return new Iglr_Sign_In_Counts(
			function () {
				return $this->now;
			}
		);
	}

	private function history() {
		return new Iglr_Sign_In_History( new Iglr_Relay_Client( new Iglr_Settings() ), $this->counts() );
	}

	private function report() {
		return new Iglr_Sign_In_Report( $this->history(), $this->browser );
	}

	private function render() {
		ob_start();
		$this->report()->render();
		return (string) ob_get_clean();
	}

	/**
	 * The relay's answer: 30 zero days ending 2026-12-04, with some days filled in.
	 *
	 * @param array<string,array<string,int>> $filled Counts by date.
	 */
	private function relay_reports( array $filled ) {
		$days = array();
		for ( $back = 29; $back >= 0; $back-- ) {
			$date   = gmdate( 'Y-m-d', $this->now - $back * DAY_IN_SECONDS );
			$days[] = array_merge(
				array(
					'date'             => $date,
					'delivered'        => 0,
					'access_denied'    => 0,
					'not_professional' => 0,
					'not_tester'       => 0,
					'failed'           => 0,
				),
				isset( $filled[ $date ] ) ? $filled[ $date ] : array()
			);
		}
		$this->relay_answers( self::ROUTE, 200, array( 'days' => $days ) );
	}

	private function requests_to_sign_ins() {
		return count(
			array_filter(
				$this->relay_requests,
				function ( $request ) {
					return self::ROUTE === $request['method'] . ' ' . $request['path'];
				}
			)
		);
	}

	/**
	 * Records the site's own sign-ins on a day.
	 *
	 * @param string $date  Y-m-d.
	 * @param int    $times How many.
	 */
	private function site_signed_in( $date, $times ) {
		$now       = $this->now;
		$this->now = strtotime( $date . ' 12:00:00 UTC' );
		for ( $i = 0; $i < $times; $i++ ) {
			$this->counts()->record();
		}
		$this->now = $now;
	}

	public function test_the_relay_is_asked_for_30_days_with_a_signed_request() {
		$this->relay_reports( array() );
		$this->history()->last_days();
		$request = $this->relay_requests[0];
		$this->assertSame( 'GET', $request['method'] );
		$this->assertSame( '/v1/store/sign-ins?days=30', $request['path'] );
		$this->assertSame( '', $request['body'] );
		$signed = Iglr_Store_Request_Signer::headers( Iglr_Store_Secret::key( self::STORE_SECRET ), self::STORE_ID, $request['headers']['igr-request-id'], (int) $request['headers']['igr-timestamp'], 'GET', '/v1/store/sign-ins?days=30', '' );
		$this->assertSame( $signed['igr-signature'], $request['headers']['igr-signature'], 'the signature covers the query' );
		$this->assertSame( 0, $request['args']['redirection'] );
	}

	public function test_the_client_keeps_days_within_1_to_90() {
		$relay = new Iglr_Relay_Client( new Iglr_Settings() );
		$relay->get_sign_ins( 0 );
		$relay->get_sign_ins( 500 );
		$relay->get_sign_ins( '7' );
		$this->assertSame( array( '/v1/store/sign-ins?days=1', '/v1/store/sign-ins?days=90', '/v1/store/sign-ins?days=7' ), array_column( $this->relay_requests, 'path' ) );
	}

	public function test_succeeded_comes_from_the_site_and_the_other_outcomes_from_the_relay() {
		$this->site_signed_in( '2026-12-04', 2 );
		$this->site_signed_in( '2026-11-20', 1 );
		$this->relay_reports(
			array(
				'2026-12-04' => array(
					'delivered'        => 5,
					'access_denied'    => 1,
					'not_professional' => 2,
				),
				'2026-11-05' => array(
					'not_tester' => 1,
					'failed'     => 3,
				),
			)
		);
		$history = $this->history()->last_days();
		$this->assertSame( '', $history['relay_error'] );
		$this->assertCount( 30, $history['days'] );
		$this->assertSame( '2026-11-05', $history['days'][0]['date'], 'oldest first' );
		$this->assertSame( '2026-12-04', $history['days'][29]['date'], 'ending today (UTC)' );
		$this->assertSame(
			array(
				'date'             => '2026-12-04',
				'succeeded'        => 2,
				'cancelled'        => 1,
				'not_professional' => 2,
				'not_tester'       => 0,
				'failed'           => 0,
			),
			$history['days'][29],
			"the relay's 5 delivered are not succeeded: the site counts its own"
		);
		$this->assertSame( 1, $history['days'][15]['succeeded'] );
		$this->assertSame( array( 1, 3 ), array( $history['days'][0]['not_tester'], $history['days'][0]['failed'] ) );
	}

	public function test_the_relays_answer_is_kept_five_minutes_and_refresh_forgets_it() {
		$this->relay_reports( array( '2026-12-04' => array( 'access_denied' => 1 ) ) );
		$this->render();
		$this->relay_reports( array( '2026-12-04' => array( 'access_denied' => 4 ) ) );
		$this->assertStringContainsString( '<strong class="iglr-report-total" data-iglr-outcome="cancelled">1</strong>', $this->render() );
		$this->assertSame( 1, $this->requests_to_sign_ins(), 'asked once' );
		$timeout = (int) get_option( '_transient_timeout_' . Iglr_Keys::TRANSIENT_RELAY_SIGN_INS );
		$this->assertEqualsWithDelta( time() + 300, $timeout, 5 );

		$_POST['_wpnonce'] = wp_create_nonce( Iglr_Keys::ACTION_REFRESH_SIGN_INS );
		$this->report()->refresh();
		$this->assertSame( array( Iglr_Urls::settings_url() . '#iglr-sign-ins' ), $this->browser->redirects );
		$this->assertStringContainsString( '<strong class="iglr-report-total" data-iglr-outcome="cancelled">4</strong>', $this->render() );
		$this->assertSame( 2, $this->requests_to_sign_ins() );
	}

	public function test_refresh_needs_the_capability_and_the_nonce() {
		$this->relay_reports( array() );
		$this->history()->last_days();
		add_filter(
			'wp_die_handler',
			function () {
				return function ( $message ) {
					throw new RuntimeException( is_string( $message ) ? $message : 'wp_die' );
				};
			}
		);
		$_POST['_wpnonce'] = 'wrong';
		try {
			$this->report()->refresh();
			$this->fail( 'a wrong nonce stops it' );
		} catch ( RuntimeException $stopped ) {
			$this->assertStringContainsString( 'The link you followed has expired', $stopped->getMessage() );
		}
		wp_set_current_user( self::make_user( 'shop_manager', 'manager' ) );
		$_POST['_wpnonce'] = wp_create_nonce( Iglr_Keys::ACTION_REFRESH_SIGN_INS );
		try {
			$this->report()->refresh();
			$this->fail( 'without manage_options it stops' );
		} catch ( RuntimeException $stopped ) {
			$this->assertSame( 'You are not allowed to change these settings.', $stopped->getMessage() );
		}
		$this->assertSame( array(), $this->browser->redirects );
		$this->assertNotFalse( get_transient( Iglr_Keys::TRANSIENT_RELAY_SIGN_INS ), 'the kept answer is still there' );
	}

	public function test_without_the_relay_the_sites_own_numbers_and_a_warning() {
		$this->site_signed_in( '2026-12-03', 3 );
		$html = $this->render(); // No route: the fake relay fails like an unreachable host.
		$this->assertStringContainsString( '<div class="notice notice-warning inline">', $html );
		$this->assertStringContainsString( esc_html( "The relay's numbers are unavailable right now, so cancelled, refused and failed sign-ins are not shown; succeeded sign-ins are this site's own count. The relay could not be reached: cURL error 7: Failed to connect" ), $html );
		$this->assertStringContainsString( '<strong class="iglr-report-total" data-iglr-outcome="succeeded">3</strong>', $html );
		$this->assertStringNotContainsString( 'data-iglr-outcome="cancelled"', $html );
		$this->assertStringNotContainsString( '<th scope="col">Cancelled on Instagram</th>', $html );
		$this->assertStringContainsString( '<th scope="col">Succeeded</th>', $html );

		$this->relay_reports( array() );
		$this->render();
		$this->assertSame( 1, $this->requests_to_sign_ins(), 'the failure is kept a minute too: the page does not wait for the relay each time' );
		$timeout = (int) get_option( '_transient_timeout_' . Iglr_Keys::TRANSIENT_RELAY_SIGN_INS );
		$this->assertEqualsWithDelta( time() + 60, $timeout, 5 );
	}

	public function test_a_refusal_or_an_unreadable_answer_is_unavailable_too() {
		$this->relay_answers(
			self::ROUTE,
			404,
			array(
				'code'    => 'not_found',
				'message' => 'Route GET:/v1/store/sign-ins not found',
			)
		);
		$this->assertStringContainsString( 'The relay refused the request (HTTP 404, not_found)', $this->history()->last_days()['relay_error'] );

		$this->history()->forget_relay_copy();
		$this->relay_answers( self::ROUTE, 200, array( 'stores' => array() ) );
		$this->assertSame( "The relay's answer held no sign-ins per day.", $this->history()->last_days()['relay_error'] );
	}

	public function test_entries_the_relay_should_not_send_are_left_out() {
		$this->relay_answers(
			self::ROUTE,
			200,
			array(
				'days' => array(
					array(
						'date'          => '2026-12-04',
						'access_denied' => '9',
						'failed'        => -1,
						'not_tester'    => 2,
					),
					array(
						'date'   => 'today',
						'failed' => 5,
					),
					'2026-12-03',
				),
			)
		);
		$days = $this->history()->last_days()['days'];
		$this->assertSame( array( 0, 0, 2 ), array( $days[29]['cancelled'], $days[29]['failed'], $days[29]['not_tester'] ) );
		$this->assertSame( 0, array_sum( array_column( array_slice( $days, 0, 29 ), 'failed' ) ) );
	}

	public function test_the_chart_stacks_each_day_by_outcome_with_a_legend_totals_and_a_table() {
		$this->site_signed_in( '2026-12-04', 2 );
		$this->site_signed_in( '2026-12-01', 1 );
		$this->relay_reports(
			array(
				'2026-12-04' => array(
					'access_denied'    => 1,
					'not_professional' => 1,
				),
				'2026-12-02' => array(
					'not_tester' => 1,
					'failed'     => 1,
				),
			)
		);
		$html = $this->render();

		$this->assertStringContainsString( '<h2 id="iglr-sign-ins">Instagram sign-ins, last 30 days</h2>', $html );
		// The legend: each outcome with its total.
		preg_match_all( '#data-iglr-outcome="(\w+)">(\d+)</strong>#', $html, $totals );
		$this->assertSame(
			array(
				'succeeded'        => '3',
				'cancelled'        => '1',
				'not_professional' => '1',
				'not_tester'       => '1',
				'failed'           => '1',
			),
			array_combine( $totals[1], $totals[2] )
		);
		// The chart: an image named by its title, described by the totals.
		$this->assertStringContainsString( '<svg viewBox="0 0 720 220" role="img" aria-labelledby="iglr-sign-ins-chart-title iglr-sign-ins-chart-desc"><title id="iglr-sign-ins-chart-title">Instagram sign-ins per day, last 30 days, stacked by outcome</title><desc id="iglr-sign-ins-chart-desc">Succeeded: 3; Cancelled on Instagram: 1; Refused: personal account: 1; Refused: not a tester of the app: 1; Failed: 1</desc>', $html );
		// Today's bar: 2 succeeded at the bottom, then 1 cancelled, then 1 personal account; the scale tops at 5 (most in a day: 4).
		$this->assertSame( 1, preg_match( '#<g><title>Dec 4: Succeeded 2, Cancelled on Instagram 1, Refused: personal account 1</title>(.*?)</g>#', $html, $today ) );
		$this->assertSame( 3, preg_match_all( '#<rect class="iglr-outcome--(\w+)" x="[\d.]+" y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/>#', $today[1], $bars ) );
		$this->assertSame( array( 'succeeded', 'cancelled', 'not_professional' ), $bars[1] );
		$unit = ( 186 - 12 ) / 5;
		$this->assertEqualsWithDelta( 2 * $unit, (float) $bars[3][0], 0.1 );
		$this->assertEqualsWithDelta( 186 - 2 * $unit, (float) $bars[2][0], 0.1 );
		$this->assertEqualsWithDelta( 186 - 4 * $unit, (float) $bars[2][2], 0.1, 'stacked on top' );
		$this->assertSame( 3, substr_count( $html, '<g><title>' ), 'a bar for each day with sign-ins' );
		$this->assertStringContainsString( '<text class="iglr-report-axis" x="34" y="16.0" text-anchor="end">5</text>', $html, 'the top of the scale' );
		// The table: one row per day, and the totals.
		$this->assertSame( 30, substr_count( $html, '<tr data-iglr-date="' ) );
		$this->assertMatchesRegularExpression( '#<tr data-iglr-date="2026-12-04">\s*<th scope="row">Dec 4</th>\s*<td>2</td>\s*<td>1</td>\s*<td>1</td>\s*<td>0</td>\s*<td>0</td>\s*<td>4</td>#', $html );
		$this->assertMatchesRegularExpression( '#<tfoot>\s*<tr>\s*<th scope="row">Total</th>\s*<td>3</td>\s*<td>1</td>\s*<td>1</td>\s*<td>1</td>\s*<td>1</td>\s*<td>7</td>#', $html );
		// Refresh.
		$this->assertStringContainsString( 'name="action" value="iglr_refresh_sign_ins"', $html );
		$this->assertStringContainsString( 'name="_wpnonce"', $html );
	}

	public function test_a_month_without_sign_ins_says_so() {
		$this->relay_reports( array() );
		$html = $this->render();
		$this->assertStringContainsString( '<figcaption>No Instagram sign-ins in the last 30 days.</figcaption>', $html );
		$this->assertStringNotContainsString( '<rect', $html );
	}

	public function test_nothing_for_users_who_cannot_manage_options() {
		$this->relay_reports( array() );
		wp_set_current_user( self::make_user( 'shop_manager', 'manager' ) );
		$this->assertSame( '', $this->render() );
		$this->assertSame( 0, $this->requests_to_sign_ins() );
	}

	public function test_the_settings_page_shows_it_once_the_relay_connection_is_set_up() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$this->relay_reports( array() );
		$this->relay_answers(
			'GET /v1/store',
			200,
			array(
				'store'           => array(
					'id'             => self::STORE_ID,
					'login_delivery' => 'claim',
				),
				'deliveries'      => array(),
				'recent_failures' => array(),
			)
		);
		$settings = new Iglr_Settings();
		$relay    = new Iglr_Relay_Client( $settings );
		$page     = new Iglr_Settings_Page( $settings, $relay, new Iglr_Store_Account(), new Iglr_Delivery_Status_View( new Iglr_Delivery_Log() ), new Iglr_Login_Delivery_Mode( $relay ), new Iglr_Webhook_Warning( $settings, new Iglr_Webhook_Reachability() ) );
		ob_start();
		$page->render();
		$html = (string) ob_get_clean();
		$report = strpos( $html, '<h2 id="iglr-sign-ins">' );
		$this->assertNotFalse( $report );
		$this->assertGreaterThan( strpos( $html, 'Instagram account</h2>' ), $report, "after the store's account" );
		$this->assertLessThan( strpos( $html, 'Recent failed sign-ins (from the relay)' ), $report, "before the relay's delivery status" );

		delete_option( Iglr_Keys::OPTION_SETTINGS );
		ob_start();
		$page->render();
		$this->assertStringNotContainsString( 'iglr-sign-ins', (string) ob_get_clean() );
	}
}
