<?php
/**
 * Completing a sign-in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * ?iglr=return: the relay sends the browser back with igr_login (or
 * igr_error) and igr_state. igr_login counts only with the cookie of the
 * sign-in this browser started for igr_state, and a verified, unused,
 * unexpired instagram.authorized event for that login id and state. The
 * event came by webhook, or, when the browser is back before it (or a
 * firewall refuses it), is claimed from the relay once, verified the same
 * way (Iglr_Login_Claim). Either way the ticket is used once. The cookie is
 * cleared whatever the outcome. A link is only offered here; the account's
 * owner confirms it on the next page (Iglr_Link_Offers).
 *
 * Requests without a sign-in cookie of this site's making leave no trace:
 * anyone can send them, so they must not fill the delivery log.
 */
class Iglr_Sign_In_Return {

	/**
	 * Pending sign-ins.
	 *
	 * @var Iglr_Pending_Sign_Ins
	 */
	private $pending;

	/**
	 * Verified webhook events, by webhook id; login tickets among them.
	 *
	 * @var Iglr_Received_Events
	 */
	private $events;

	/**
	 * Claims a sign-in whose webhook has not arrived.
	 *
	 * @var Iglr_Login_Claim
	 */
	private $claim;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Link offers.
	 *
	 * @var Iglr_Link_Offers
	 */
	private $offers;

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
	 * Where a shopper goes once signed in.
	 *
	 * @var Iglr_Sign_In_Destination
	 */
	private $destination;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Pending_Sign_Ins         $pending     Pending sign-ins.
	 * @param Iglr_Received_Events          $events      Received events.
	 * @param Iglr_Login_Claim              $claim       Claims a sign-in whose webhook has not arrived.
	 * @param Iglr_User_Links               $links       User links.
	 * @param Iglr_Link_Offers              $offers      Link offers.
	 * @param Iglr_Store_Account            $account     The store's own account.
	 * @param Iglr_Delivery_Log             $log         Delivery log.
	 * @param Iglr_Browser                  $browser     Browser.
	 * @param Iglr_Sign_In_Destination|null $destination Where a shopper goes once signed in; default: as the "New accounts" settings say.
	 */
	public function __construct( Iglr_Pending_Sign_Ins $pending, Iglr_Received_Events $events, Iglr_Login_Claim $claim, Iglr_User_Links $links, Iglr_Link_Offers $offers, Iglr_Store_Account $account, Iglr_Delivery_Log $log, Iglr_Browser $browser, ?Iglr_Sign_In_Destination $destination = null ) {
		$this->pending     = $pending;
		$this->events      = $events;
		$this->claim       = $claim;
		$this->links       = $links;
		$this->offers      = $offers;
		$this->account     = $account;
		$this->log         = $log;
		$this->browser     = $browser;
		$this->destination = null === $destination ? new Iglr_Sign_In_Destination( new Iglr_New_Account_Settings(), $links ) : $destination;
	}

	/**
	 * Handles ?iglr=return (template_redirect).
	 */
	public function maybe_handle() {
		if ( 'return' !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 16 ) ) {
			return;
		}
		$query = array();
		foreach ( array( 'igr_state', 'igr_login', 'igr_error', 'igr_reason' ) as $name ) {
			$value = sanitize_text_field( Iglr_Request::query( $name, 256 ) );
			if ( '' !== $value ) {
				$query[ $name ] = $value;
			}
		}
		$cookies = array();
		if ( isset( $query['igr_state'] ) && preg_match( Iglr_Pending_Sign_Ins::STATE_PATTERN, $query['igr_state'] ) ) {
			$name             = Iglr_Pending_Sign_Ins::cookie_name( $query['igr_state'] );
			$cookies[ $name ] = Iglr_Request::cookie( $name, 8192 );
		}
		$this->complete( $query, $cookies );
	}

	/**
	 * Completes a sign-in and redirects.
	 *
	 * @param array $query   igr_state, igr_login, igr_error, igr_reason.
	 * @param array $cookies The request's cookies.
	 */
	public function complete( array $query, array $cookies ) {
		$state  = isset( $query['igr_state'] ) ? (string) $query['igr_state'] : '';
		$cookie = '';
		if ( preg_match( Iglr_Pending_Sign_Ins::STATE_PATTERN, $state ) ) {
			$name   = Iglr_Pending_Sign_Ins::cookie_name( $state );
			$cookie = Iglr_Payload::string( $cookies, $name ) ?? '';
			if ( '' !== $cookie ) {
				$this->browser->clear_cookie( $name );
			}
		}

		$pending = $this->pending->open( $state, $cookie );
		if ( is_wp_error( $pending ) ) {
			$known = $pending->get_error_data();
			if ( is_array( $known ) ) {
				$this->log->add( 'sign_in_refused', array( 'detail' => $pending->get_error_code() ) );
			}
			$this->fail( is_array( $known ) ? $known : null, Iglr_Messages::FAILED );
			return;
		}
		if ( isset( $query['igr_error'] ) ) {
			$reason = isset( $query['igr_reason'] ) ? sanitize_key( $query['igr_reason'] ) : '';
			$this->log->add( 'sign_in_failed', array( 'detail' => 'relay: ' . sanitize_key( $query['igr_error'] ) . ( '' !== $reason ? ' (' . $reason . ')' : '' ) ) );
			$this->fail( $pending, Iglr_Messages::for_relay_error( $query['igr_error'], $reason ) );
			return;
		}

		$login_id = isset( $query['igr_login'] ) ? (string) $query['igr_login'] : '';
		$event    = $this->use_ticket( $login_id, $state );
		if ( ! is_wp_error( $event ) && ( ! isset( $event['purpose'] ) || Iglr_Sign_In_Start::relay_purpose( $pending['purpose'] ) !== $event['purpose'] ) ) {
			$event = new WP_Error( 'purpose_mismatch' );
		}
		if ( is_wp_error( $event ) ) {
			$detail = $event->get_error_message();
			$this->log->add( 'sign_in_refused', array( 'detail' => '' === $detail ? $event->get_error_code() : $detail ) );
			$this->fail( $pending, Iglr_Messages::FAILED );
			return;
		}

		if ( 'connect' === $pending['purpose'] ) {
			$this->complete_connect( $pending, $event );
		} elseif ( 'link' === $pending['purpose'] ) {
			$this->offer_link( $pending, $event );
		} else {
			$this->complete_login( $pending, $event );
		}
	}

	/**
	 * Uses the login ticket of igr_login. Only a browser holding its sign-in's
	 * cookie gets here, so nobody else can make this site call the relay.
	 *
	 * @param string $login_id igr_login.
	 * @param string $state    igr_state.
	 * @return array|WP_Error The event data, or why not (Iglr_Received_Events::consume_login(), Iglr_Login_Claim::claim()).
	 */
	private function use_ticket( $login_id, $state ) {
		if ( '' === $login_id ) {
			return new WP_Error( 'unknown_login' );
		}
		$event = $this->events->consume_login( $login_id, $state );
		if ( ! is_wp_error( $event ) || 'unknown_login' !== $event->get_error_code() ) {
			return $event;
		}
		// No webhook for it (yet): claim it from the relay, then use it like one that came by webhook.
		$claimed = $this->claim->claim( $login_id );
		return is_wp_error( $claimed ) ? $claimed : $this->events->consume_login( $login_id, $state );
	}

	/**
	 * Signs someone in: the linked user, else a new one.
	 *
	 * @param array $pending The pending sign-in.
	 * @param array $event   instagram.authorized data.
	 */
	private function complete_login( array $pending, array $event ) {
		$is_new = 0 === $this->links->find_user_id( (string) $event['instagram_user_id'] );
		$user   = $this->links->sign_in_user( $event );
		if ( is_wp_error( $user ) ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => $user->get_error_code() . ' @' . $event['username'] ) );
			if ( 'not_allowed' === $user->get_error_code() ) {
				$this->fail( $pending, Iglr_Messages::NOT_ALLOWED );
			} else {
				// Instagram did sign them in: the store's registration can take over, with their handle.
				$this->fail( $pending, Iglr_Messages::ACCOUNT_NOT_CREATED, (string) $event['username'] );
			}
			return;
		}
		wp_set_current_user( $user->ID );
		wp_set_auth_cookie( $user->ID );
		/** This action is documented in wp-includes/user.php. */
		do_action( 'wp_login', $user->user_login, $user ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's action, fired as wp_signon() fires it.
		$this->log->add( 'signed_in', array( 'detail' => sprintf( 'user #%1$d @%2$s', $user->ID, $event['username'] ) ) );
		/**
		 * Someone signed in with Instagram (a new account or an existing one).
		 *
		 * @param WP_User $user      The user now signed in.
		 * @param array   $instagram Their Instagram account: instagram_user_id, username, name, account_type,
		 *                           profile_picture_url (strings; '' where Instagram gave none). Never a token.
		 */
		do_action( 'iglr_signed_in', $user, Iglr_Instagram_Profile::from_event( $event ) );
		$this->browser->redirect( $this->destination->after_sign_in( $user, $is_new, $pending['redirect_to'] ) );
	}

	/**
	 * Offers the Instagram account to the account that asked to link it, and
	 * goes back to the page that asks its owner to confirm.
	 *
	 * @param array $pending The pending sign-in.
	 * @param array $event   instagram.authorized data.
	 */
	private function offer_link( array $pending, array $event ) {
		// The account that started it must still be the one signed in.
		if ( 0 === $pending['user_id'] || get_current_user_id() !== $pending['user_id'] ) {
			$this->log->add( 'sign_in_refused', array( 'detail' => 'signed-in user changed' ) );
			$this->fail( $pending, Iglr_Messages::FAILED );
			return;
		}
		$offered = $this->offers->offer( $pending['user_id'], $event );
		if ( is_wp_error( $offered ) ) {
			$this->log->add( 'link_refused', array( 'detail' => $offered->get_error_code() . ' @' . $event['username'] ) );
			$this->fail( $pending, Iglr_Messages::LINKED_ELSEWHERE );
			return;
		}
		$this->browser->redirect( $pending['redirect_to'] );
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
		$this->browser->redirect( Iglr_Urls::settings_url( array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::CONNECTED ) ) );
	}

	/**
	 * Sends the browser where the error can be shown: a page of its own for a
	 * refusal the shopper can do something about (Iglr_Sign_In_Problems), else
	 * a notice on the page they came from.
	 *
	 * @param array|null $pending The pending sign-in, when known.
	 * @param string     $code    Iglr_Messages error code.
	 * @param string     $handle  The Instagram username, when Instagram gave it.
	 */
	private function fail( $pending, $code, $handle = '' ) {
		if ( is_array( $pending ) && 'connect' === $pending['purpose'] ) {
			$this->browser->redirect( Iglr_Urls::settings_url( array( Iglr_Keys::QUERY_ERROR => $code ) ) );
			return;
		}
		$target = is_array( $pending ) ? $pending['redirect_to'] : home_url( '/' );
		if ( Iglr_Sign_In_Problems::has_page( $code ) ) {
			$this->browser->redirect( Iglr_Sign_In_Problems::url( $code, $target, is_array( $pending ) ? $pending['purpose'] : 'login', $handle ) );
			return;
		}
		$this->browser->redirect( Iglr_Messages::error_url( $target, $code ) );
	}
}
