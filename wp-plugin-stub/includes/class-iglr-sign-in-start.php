<?php
/**
 * Starting a sign-in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * ?iglr=start: checks the relay is up, records the pending sign-in, sets
 * its nonce cookie and sends the browser to the signed /authorize link. When
 * the relay is down nothing is stored and no cookie is set.
 *
 * It runs on template_redirect rather than as a REST route so that
 * WordPress's cookie login is visible: a signed-in user links Instagram to
 * their own account instead of signing in as someone else.
 */
class Iglr_Sign_In_Start {

	/** Seconds the signed link is valid (the relay allows up to 600). */
	const LINK_LIFETIME = 300;

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * Pending sign-ins.
	 *
	 * @var Iglr_Pending_Sign_Ins
	 */
	private $pending;

	/**
	 * Browser.
	 *
	 * @var Iglr_Browser
	 */
	private $browser;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings         $settings Settings.
	 * @param Iglr_Relay_Client     $relay    Relay client.
	 * @param Iglr_Pending_Sign_Ins $pending  Pending sign-ins.
	 * @param Iglr_Browser          $browser  Browser.
	 * @param Iglr_Delivery_Log     $log      Delivery log.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Relay_Client $relay, Iglr_Pending_Sign_Ins $pending, Iglr_Browser $browser, Iglr_Delivery_Log $log ) {
		$this->settings = $settings;
		$this->relay    = $relay;
		$this->pending  = $pending;
		$this->browser  = $browser;
		$this->log      = $log;
	}

	/**
	 * Handles ?iglr=start (template_redirect).
	 */
	public function maybe_handle() {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- a plain link shown to every visitor; it changes nothing until Instagram and the relay confirm.
		if ( ! isset( $_GET[ Iglr_Keys::QUERY_ACTION ] ) || 'start' !== $_GET[ Iglr_Keys::QUERY_ACTION ] ) {
			return;
		}
		$purpose     = isset( $_GET['purpose'] ) ? sanitize_key( wp_unslash( $_GET['purpose'] ) ) : 'login';
		$redirect_to = isset( $_GET['redirect_to'] ) ? esc_url_raw( wp_unslash( $_GET['redirect_to'] ) ) : '';
		// phpcs:enable
		// Connecting the store's account starts only from the settings page (admin-post, nonce).
		if ( 'login' !== $purpose ) {
			$this->browser->redirect( home_url( '/' ) );
			return;
		}
		$this->start( 'login', $redirect_to, get_current_user_id() );
	}

	/**
	 * Starts a sign-in and redirects.
	 *
	 * @param string $purpose     'login' or 'connect'.
	 * @param string $redirect_to Where to go afterwards (validated here).
	 * @param int    $user_id     The signed-in user, or 0.
	 */
	public function start( $purpose, $redirect_to, $user_id ) {
		$redirect_to = self::target( $purpose, $redirect_to );
		if ( ! $this->settings->is_configured() || ! $this->relay->is_ready() ) {
			$this->log->add( 'sign_in_unavailable', array( 'detail' => $this->settings->is_configured() ? 'relay not ready' : 'not configured' ) );
			$this->browser->redirect( self::unavailable_url( $purpose, $redirect_to ) );
			return;
		}
		$started = $this->pending->create( $purpose, $redirect_to, $user_id );
		if ( false === $started ) {
			$this->log->add( 'sign_in_unavailable', array( 'detail' => 'database' ) );
			$this->browser->redirect( self::unavailable_url( $purpose, $redirect_to ) );
			return;
		}
		$this->browser->set_cookie( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ), $started['nonce'], $started['expires_at'] );
		$this->browser->redirect_to_relay(
			Iglr_Authorize_Link::url(
				$this->settings->relay_url(),
				$this->settings->store_key(),
				array(
					'store'     => $this->settings->store_id(),
					'purpose'   => $purpose,
					'return_to' => Iglr_Plugin::return_url(),
					'state'     => $started['state'],
					'exp'       => time() + self::LINK_LIFETIME,
				)
			)
		);
	}

	/**
	 * A same-site destination: where the visitor was, else the default.
	 *
	 * @param string $purpose     'login' or 'connect'.
	 * @param string $redirect_to Requested destination.
	 * @return string
	 */
	private static function target( $purpose, $redirect_to ) {
		$default = 'connect' === $purpose ? Iglr_Plugin::settings_url() : home_url( '/' );
		$target  = wp_validate_redirect( (string) $redirect_to, '' );
		// Never back into the sign-in handlers themselves.
		if ( '' === $target || false !== strpos( $target, Iglr_Keys::QUERY_ACTION . '=' ) ) {
			return $default;
		}
		// A message from an earlier attempt must not show again after this one.
		return remove_query_arg( array( Iglr_Keys::QUERY_ERROR, Iglr_Keys::QUERY_NOTICE ), $target );
	}

	/**
	 * Where to say that Instagram sign-in is unavailable.
	 *
	 * @param string $purpose     'login' or 'connect'.
	 * @param string $redirect_to Validated destination.
	 * @return string
	 */
	private static function unavailable_url( $purpose, $redirect_to ) {
		if ( 'connect' === $purpose ) {
			return Iglr_Plugin::settings_url( array( Iglr_Keys::QUERY_ERROR => Iglr_Messages::UNAVAILABLE ) );
		}
		return Iglr_Messages::error_url( $redirect_to, Iglr_Messages::UNAVAILABLE );
	}
}
