<?php
/**
 * Site Health: whether the relay answers.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The Site Health test "Instagram sign-in relay", once the relay connection
 * is set. It reports the background check's answer (Iglr_Relay_Health, every
 * five minutes by WP-Cron) while that answer is recent, so opening Site
 * Health calls nothing. When there is none (WP-Cron not running, or a new
 * setup), the test is asynchronous: Site Health asks this plugin's REST
 * route after the page has loaded, which checks the relay once and keeps
 * the answer for the shoppers' button too.
 */
class Iglr_Relay_Health_Test {

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

	/**
	 * The relay's readiness, as checked in the background.
	 *
	 * @var Iglr_Relay_Health
	 */
	private $health;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings     $settings Settings.
	 * @param Iglr_Relay_Health $health   The relay's readiness.
	 * @param callable|null     $clock    Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Relay_Health $health, $clock = null ) {
		$this->settings = $settings;
		$this->health   = $health;
		$this->clock    = null === $clock ? 'time' : $clock;
	}

	/**
	 * Adds the test to Site Health (site_status_tests): direct while the last
	 * check is recent, asynchronous otherwise.
	 *
	 * @param array $tests Tests by kind (direct, async).
	 * @return array
	 */
	public function add_site_health_test( $tests ) {
		if ( ! is_array( $tests ) || ! $this->settings->is_configured() ) {
			return $tests;
		}
		$label = __( 'Instagram sign-in relay', 'ig-login-relay' );
		if ( $this->has_recent_check() ) {
			$tests['direct'][ Iglr_Keys::SITE_HEALTH_RELAY ] = array(
				'label' => $label,
				'test'  => array( $this, 'site_health_result' ),
			);
		} else {
			$tests['async'][ Iglr_Keys::SITE_HEALTH_RELAY ] = array(
				'label'             => $label,
				'test'              => rest_url( Iglr_Keys::REST_NAMESPACE . Iglr_Keys::REST_SITE_HEALTH_RELAY_ROUTE ),
				'has_rest'          => true,
				// WordPress's weekly Site Health run (WP-Cron) calls this instead of the REST route.
				'async_direct_test' => array( $this, 'check_now' ),
			);
		}
		return $tests;
	}

	/**
	 * Registers the asynchronous test's route (rest_api_init).
	 */
	public function register_route() {
		register_rest_route(
			Iglr_Keys::REST_NAMESPACE,
			Iglr_Keys::REST_SITE_HEALTH_RELAY_ROUTE,
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'rest_result' ),
				// As WordPress's own Site Health routes: whoever may see Site Health.
				'permission_callback' => function () {
					return current_user_can( 'view_site_health_checks' );
				},
			)
		);
	}

	/**
	 * The asynchronous test over REST.
	 *
	 * @return WP_REST_Response
	 */
	public function rest_result() {
		return new WP_REST_Response( $this->check_now(), 200 );
	}

	/**
	 * Checks the relay now, then reports.
	 *
	 * @return array The Site Health result.
	 */
	public function check_now() {
		$this->health->check();
		return $this->site_health_result();
	}

	/**
	 * The Site Health result, from the last check.
	 *
	 * @return array label, status, badge, description, actions, test.
	 */
	public function site_health_result() {
		$last  = $this->health->last_check();
		$ready = null !== $last && $last['ready'];
		$url   = '<code>' . esc_html( $this->settings->relay_url() ) . '</code>';
		$when  = null === $last ? '' : self::when( $last['checked_at'] );
		if ( $ready ) {
			$label       = __( 'The Instagram sign-in relay answers', 'ig-login-relay' );
			$description = array(
				/* translators: 1: the relay's URL, 2: date and time. */
				sprintf( esc_html__( 'The relay at %1$s answered its readiness check on %2$s. It runs Instagram\'s sign-in for this store; this site checks it every five minutes in the background.', 'ig-login-relay' ), $url, esc_html( $when ) ),
			);
		} else {
			$label       = __( 'The Instagram sign-in relay does not answer', 'ig-login-relay' );
			$description = array(
				null === $last
					/* translators: %s: the relay's URL. */
					? sprintf( esc_html__( 'The relay at %s could not be checked.', 'ig-login-relay' ), $url )
					/* translators: 1: the relay's URL, 2: date and time. */
					: sprintf( esc_html__( 'The relay at %1$s did not answer its readiness check on %2$s.', 'ig-login-relay' ), $url, esc_html( $when ) ),
				esc_html__( 'While it does not answer, shoppers who choose "Continue with Instagram" are told that Instagram sign-in is unavailable, and nobody can sign in with Instagram.', 'ig-login-relay' ),
				esc_html__( 'Check that the relay URL on the settings page is right and that this site can reach it, or ask the relay\'s operator. "Test connection" on the settings page checks it again.', 'ig-login-relay' ),
			);
		}
		return array(
			'label'       => $label,
			// Critical: shoppers cannot sign in with Instagram at all.
			'status'      => $ready ? 'good' : 'critical',
			'badge'       => array(
				'label' => __( 'Instagram sign-in', 'ig-login-relay' ),
				'color' => $ready ? 'blue' : 'red',
			),
			'description' => '<p>' . implode( '</p><p>', array_map( array( __CLASS__, 'kses' ), $description ) ) . '</p>',
			'actions'     => sprintf( '<p><a href="%s">%s</a></p>', esc_url( Iglr_Urls::settings_url() ), esc_html__( 'Instagram sign-in settings', 'ig-login-relay' ) ),
			'test'        => Iglr_Keys::SITE_HEALTH_RELAY,
		);
	}

	/**
	 * Whether the last check is recent enough to report without checking again.
	 *
	 * @return bool
	 */
	private function has_recent_check() {
		$last = $this->health->last_check();
		return null !== $last && $last['checked_at'] > (int) call_user_func( $this->clock ) - Iglr_Relay_Health::TRUST_FAILURE_FOR;
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

	/**
	 * Keeps only the description's own markup.
	 *
	 * @param string $html Escaped HTML.
	 * @return string
	 */
	private static function kses( $html ) {
		return wp_kses( $html, array( 'code' => array() ) );
	}
}
