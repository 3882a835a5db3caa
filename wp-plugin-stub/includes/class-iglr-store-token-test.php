<?php
/**
 * Site Health: the store's own Instagram token.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The Site Health test "Store's Instagram access token", while an account is
 * connected: good while the token has more than a week left, recommended
 * when it expires within a week or the relay could not refresh it, critical
 * once it has expired or was deleted. What other plugins read through
 * iglr_get_store_access_token() stops working then, so the result says what
 * to do: connect the account again from the settings page.
 */
class Iglr_Store_Token_Test {

	/** Seconds before expiry from which the token is reported: the relay refreshes it about 30 days ahead. */
	const WARN_BEFORE = WEEK_IN_SECONDS;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Store_Account $account The store's own account.
	 * @param callable|null      $clock   Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_Store_Account $account, $clock = null ) {
		$this->account = $account;
		$this->clock   = null === $clock ? 'time' : $clock;
	}

	/**
	 * Adds the test to Site Health (site_status_tests) while an account is connected.
	 *
	 * @param array $tests Tests by kind (direct, async).
	 * @return array
	 */
	public function add_site_health_test( $tests ) {
		if ( ! is_array( $tests ) || null === $this->account->get() ) {
			return $tests;
		}
		$tests['direct'][ Iglr_Keys::SITE_HEALTH_STORE_TOKEN ] = array(
			'label' => __( "Store's Instagram access token", 'ig-login-relay' ),
			'test'  => array( $this, 'site_health_result' ),
		);
		return $tests;
	}

	/**
	 * The Site Health result, from what is stored.
	 *
	 * @return array label, status, badge, description, actions, test.
	 */
	public function site_health_result() {
		$account = $this->account->get();
		if ( null === $account ) {
			return $this->result( 'critical', __( "The store's Instagram account is not connected", 'ig-login-relay' ), array(), true );
		}
		$now      = (int) call_user_func( $this->clock );
		$username = '@' . $account['username'];
		$expires  = $account['expires_at'];
		$when     = $expires > 0 ? self::when( $expires ) : '';
		$connect  = esc_html__( 'Connect the account again: on the Instagram sign-in settings page, under "The store\'s Instagram account", choose "Reconnect" and sign in to Instagram as this account.', 'ig-login-relay' );
		$readers  = esc_html__( 'Plugins that use the store\'s Instagram token (for example an Instagram feed) stop working until then.', 'ig-login-relay' );

		if ( ! $account['has_token'] ) {
			return $this->result(
				'critical',
				/* translators: %s: Instagram username, e.g. "@lumen.coffee". */
				sprintf( __( 'The Instagram access token of %s was deleted', 'ig-login-relay' ), $username ),
				array_filter( array( esc_html( $account['reconnect_reason'] ), $readers, $connect ) ),
				true
			);
		}
		if ( $expires > 0 && $expires <= $now ) {
			return $this->result(
				'critical',
				/* translators: %s: Instagram username, e.g. "@lumen.coffee". */
				sprintf( __( 'The Instagram access token of %s has expired', 'ig-login-relay' ), $username ),
				array(
					/* translators: %s: date and time. */
					esc_html( sprintf( __( 'It expired on %s. Instagram does not renew an expired token.', 'ig-login-relay' ), $when ) ),
					$readers,
					$connect,
				),
				true
			);
		}
		if ( $account['needs_reconnect'] ) {
			$expiry = $expires > 0
				/* translators: %s: date and time. */
				? esc_html( sprintf( __( 'The current token works until %s.', 'ig-login-relay' ), $when ) )
				: '';
			return $this->result(
				'recommended',
				/* translators: %s: Instagram username, e.g. "@lumen.coffee". */
				sprintf( __( 'The Instagram access token of %s could not be refreshed', 'ig-login-relay' ), $username ),
				array_filter(
					array(
						/* translators: %s: what the relay said, e.g. Instagram's error message. */
						esc_html( sprintf( __( 'The relay gave up refreshing it: %s', 'ig-login-relay' ), '' !== $account['reconnect_reason'] ? $account['reconnect_reason'] : __( 'no reason given.', 'ig-login-relay' ) ) ),
						$expiry,
						$connect,
					)
				),
				true
			);
		}
		if ( $expires > 0 && $expires <= $now + self::WARN_BEFORE ) {
			return $this->result(
				'recommended',
				/* translators: 1: Instagram username, e.g. "@lumen.coffee", 2: date and time. */
				sprintf( __( 'The Instagram access token of %1$s expires on %2$s', 'ig-login-relay' ), $username, $when ),
				array(
					esc_html__( 'The relay refreshes the token about a month before it expires; this one has not been refreshed, so it will stop working in less than a week.', 'ig-login-relay' ),
					$connect,
				),
				true
			);
		}
		return $this->result(
			'good',
			/* translators: %s: Instagram username, e.g. "@lumen.coffee". */
			sprintf( __( 'The Instagram access token of %s is valid', 'ig-login-relay' ), $username ),
			array(
				'' !== $when
					/* translators: %s: date and time. */
					? esc_html( sprintf( __( 'It is valid until %s. The relay refreshes it before then, without anything to do here.', 'ig-login-relay' ), $when ) )
					: esc_html__( 'Instagram did not say when it expires. The relay refreshes it, without anything to do here.', 'ig-login-relay' ),
			),
			false
		);
	}

	/**
	 * A Site Health result.
	 *
	 * @param string   $status      good, recommended or critical.
	 * @param string   $label       Plain text.
	 * @param string[] $description Escaped paragraphs.
	 * @param bool     $reconnect   Whether the action is connecting the account again.
	 * @return array
	 */
	private function result( $status, $label, array $description, $reconnect ) {
		$colors = array(
			'good'        => 'blue',
			'recommended' => 'orange',
			'critical'    => 'red',
		);
		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Instagram sign-in', 'ig-login-relay' ),
				'color' => $colors[ $status ],
			),
			'description' => empty( $description ) ? '' : '<p>' . implode( '</p><p>', $description ) . '</p>',
			'actions'     => sprintf(
				'<p><a href="%s">%s</a></p>',
				esc_url( Iglr_Urls::settings_url() ),
				$reconnect ? esc_html__( 'Connect the account again', 'ig-login-relay' ) : esc_html__( 'Instagram sign-in settings', 'ig-login-relay' )
			),
			'test'        => Iglr_Keys::SITE_HEALTH_STORE_TOKEN,
		);
	}

	/**
	 * A date and time in the site's format.
	 *
	 * @param int $timestamp Unix seconds.
	 * @return string
	 */
	private static function when( $timestamp ) {
		return (string) wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp );
	}
}
