<?php
/**
 * Completing a sign-in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * ?iglr=return: the relay sends the browser back with igr_login (or
 * igr_error) and igr_state. igr_login counts only with the nonce cookie of
 * the sign-in this browser started for igr_state, and a verified, unused,
 * unexpired instagram.authorized webhook for that login id and state. The
 * nonce cookie is cleared whatever the outcome.
 */
class Iglr_Sign_In_Return {

	/**
	 * Pending sign-ins.
	 *
	 * @var Iglr_Pending_Sign_Ins
	 */
	private $pending;

	/**
	 * Events.
	 *
	 * @var Iglr_Event_Store
	 */
	private $events;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Browser.
	 *
	 * @var Iglr_Browser
	 */
	private $browser;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Pending_Sign_Ins $pending Pending sign-ins.
	 * @param Iglr_Event_Store      $events  Events.
	 * @param Iglr_User_Links       $links   User links.
	 * @param Iglr_Store_Account    $account The store's own account.
	 * @param Iglr_Delivery_Log     $log     Delivery log.
	 * @param Iglr_Browser          $browser Browser.
	 */
	public function __construct( Iglr_Pending_Sign_Ins $pending, Iglr_Event_Store $events, Iglr_User_Links $links, Iglr_Store_Account $account, Iglr_Delivery_Log $log, Iglr_Browser $browser ) {
		$this->pending = $pending;
		$this->events  = $events;
		$this->links   = $links;
		$this->account = $account;
		$this->log     = $log;
		$this->browser = $browser;
	}

	/**
	 * Handles ?iglr=return (template_redirect).
	 */
	public function maybe_handle() {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the nonce cookie bound to igr_state is this request's nonce.
		if ( ! isset( $_GET[ Iglr_Keys::QUERY_ACTION ] ) || 'return' !== $_GET[ Iglr_Keys::QUERY_ACTION ] ) {
			return;
		}
		$query = array();
		foreach ( array( 'igr_state', 'igr_login', 'igr_error' ) as $name ) {
			if ( isset( $_GET[ $name ] ) && is_string( $_GET[ $name ] ) ) {
				$query[ $name ] = sanitize_text_field( wp_unslash( $_GET[ $name ] ) );
			}
		}
		// phpcs:enable
		$this->complete( $query, self::cookies() );
	}

	/**
	 * Completes a sign-in and redirects.
	 *
	 * @param array $query   igr_state, igr_login, igr_error.
	 * @param array $cookies The request's cookies.
	 */
	public function complete( array $query, array $cookies ) {
		$state = isset( $query['igr_state'] ) ? (string) $query['igr_state'] : '';
		$nonce = null;
		if ( preg_match( Iglr_Pending_Sign_Ins::STATE_PATTERN, $state ) ) {
			$cookie = Iglr_Pending_Sign_Ins::cookie_name( $state );
			$nonce  = isset( $cookies[ $cookie ] ) && is_string( $cookies[ $cookie ] ) ? $cookies[ $cookie ] : null;
			$this->browser->clear_cookie( $cookie );
		}

		$pending = $this->pending->consume( $state, $nonce );
		if ( is_wp_error( $pending ) ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => $pending->get_error_code() ) );
			$known = $pending->get_error_data();
			$this->fail( is_array( $known ) ? $known : null, Iglr_Messages::FAILED );
			return;
		}
		if ( isset( $query['igr_error'] ) ) {
			$this->log->add( 'sign_in_failed', array( 'detail' => 'relay: ' . sanitize_key( $query['igr_error'] ) ) );
			$this->fail( $pending, Iglr_Messages::for_relay_error( $query['igr_error'] ) );
			return;
		}

		$login_id = isset( $query['igr_login'] ) ? (string) $query['igr_login'] : '';
		$event    = '' === $login_id ? new WP_Error( 'unknown_login' ) : $this->events->consume_login( $login_id, $state );
		if ( ! is_wp_error( $event ) && ( ! isset( $event['purpose'] ) || $event['purpose'] !== $pending['purpose'] ) ) {
			$event = new WP_Error( 'purpose_mismatch' );
		}
		if ( is_wp_error( $event ) ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => $event->get_error_code() ) );
			$this->fail( $pending, Iglr_Messages::FAILED );
			return;
		}

		if ( 'connect' === $pending['purpose'] ) {
			$this->complete_connect( $pending, $event );
		} elseif ( $pending['user_id'] > 0 ) {
			$this->complete_link( $pending, $event );
		} else {
			$this->complete_login( $pending, $event );
		}
	}

	/**
	 * Signs someone in: the linked user, else a new one.
	 *
	 * @param array $pending The pending sign-in.
	 * @param array $event   instagram.authorized data.
	 */
	private function complete_login( array $pending, array $event ) {
		$user = $this->links->sign_in_user( $event );
		if ( is_wp_error( $user ) ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => $user->get_error_code() . ' @' . $event['username'] ) );
			$this->fail( $pending, 'not_allowed' === $user->get_error_code() ? Iglr_Messages::NOT_ALLOWED : Iglr_Messages::FAILED );
			return;
		}
		wp_set_current_user( $user->ID );
		wp_set_auth_cookie( $user->ID );
		/** This action is documented in wp-includes/user.php. */
		do_action( 'wp_login', $user->user_login, $user );
		$this->log->add( 'signed_in', array( 'detail' => sprintf( 'user #%1$d @%2$s', $user->ID, $event['username'] ) ) );
		$this->browser->redirect( $pending['redirect_to'] );
	}

	/**
	 * Links Instagram to the account that started the sign-in.
	 *
	 * @param array $pending The pending sign-in.
	 * @param array $event   instagram.authorized data.
	 */
	private function complete_link( array $pending, array $event ) {
		// The account that started it must still be the one signed in.
		if ( get_current_user_id() !== $pending['user_id'] ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => 'signed-in user changed' ) );
			$this->fail( $pending, Iglr_Messages::FAILED );
			return;
		}
		$linked = $this->links->link( $pending['user_id'], $event );
		if ( is_wp_error( $linked ) ) {
			$this->log->add( 'link_refused', array( 'detail' => $linked->get_error_code() . ' @' . $event['username'] ) );
			$this->fail( $pending, Iglr_Messages::LINKED_ELSEWHERE );
			return;
		}
		$this->log->add( 'linked', array( 'detail' => sprintf( 'user #%1$d @%2$s', $pending['user_id'], $event['username'] ) ) );
		$this->browser->redirect( add_query_arg( Iglr_Keys::QUERY_NOTICE, Iglr_Messages::LINKED, $pending['redirect_to'] ) );
	}

	/**
	 * Saves the store's own account, for the administrator who started it.
	 *
	 * @param array $pending The pending sign-in.
	 * @param array $event   instagram.authorized data.
	 */
	private function complete_connect( array $pending, array $event ) {
		if ( $pending['user_id'] < 1 || get_current_user_id() !== $pending['user_id'] || ! current_user_can( 'manage_options' ) ) {
			$this->log->add( 'connect_refused', array( 'detail' => 'not the administrator who started it' ) );
			$this->fail( $pending, Iglr_Messages::FAILED );
			return;
		}
		$this->account->connect( $event, $pending['user_id'] );
		$this->log->add( 'store_account_connected', array( 'detail' => '@' . $event['username'] ) );
		$this->browser->redirect( Iglr_Plugin::settings_url( array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::CONNECTED ) ) );
	}

	/**
	 * Sends the browser where the error can be shown.
	 *
	 * @param array|null $pending The pending sign-in, when known.
	 * @param string     $code    Iglr_Messages error code.
	 */
	private function fail( $pending, $code ) {
		if ( is_array( $pending ) && 'connect' === $pending['purpose'] ) {
			$this->browser->redirect( Iglr_Plugin::settings_url( array( Iglr_Keys::QUERY_ERROR => $code ) ) );
			return;
		}
		$target = is_array( $pending ) ? $pending['redirect_to'] : home_url( '/' );
		$this->browser->redirect( Iglr_Messages::error_url( $target, $code ) );
	}

	/**
	 * The request's cookies, unslashed.
	 *
	 * @return array
	 */
	private static function cookies() {
		$cookies = array();
		foreach ( $_COOKIE as $name => $value ) {
			if ( is_string( $name ) && 0 === strpos( $name, Iglr_Keys::COOKIE_NONCE_PREFIX ) && is_string( $value ) ) {
				$cookies[ $name ] = sanitize_text_field( wp_unslash( $value ) );
			}
		}
		return $cookies;
	}
}
