<?php
/**
 * Starting a sign-in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * ?iglr=start: sets the started sign-in's cookie and sends the browser to
 * the signed /authorize link. It calls nothing and stores nothing on the
 * server, so a click costs no more than a redirect whoever sends it; when the
 * background check last found the relay down, or the plugin is not set up,
 * the shopper is told so at once and no cookie is set.
 *
 * It runs on template_redirect rather than as a REST route so that
 * WordPress's cookie login is visible: a signed-in visitor's "Continue with
 * Instagram" changes nothing, and linking needs the account's own nonce.
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
	 * Relay health.
	 *
	 * @var Iglr_Relay_Health
	 */
	private $health;

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
	 * Constructor.
	 *
	 * @param Iglr_Settings         $settings Settings.
	 * @param Iglr_Relay_Health     $health   Relay health.
	 * @param Iglr_Pending_Sign_Ins $pending  Pending sign-ins.
	 * @param Iglr_Browser          $browser  Browser.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Relay_Health $health, Iglr_Pending_Sign_Ins $pending, Iglr_Browser $browser ) {
		$this->settings = $settings;
		$this->health   = $health;
		$this->pending  = $pending;
		$this->browser  = $browser;
	}

	/**
	 * Handles ?iglr=start (template_redirect): purpose=login for visitors,
	 * purpose=link for a signed-in user's own "Link Instagram".
	 */
	public function maybe_handle() {
		if ( 'start' !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 16 ) ) {
			return;
		}
		$purpose     = Iglr_Request::query( 'purpose', 16 );
		$redirect_to = Iglr_Request::query( 'redirect_to' );
		$user_id     = get_current_user_id();

		if ( 'link' === $purpose ) {
			// Only the account's own button carries this nonce (per user and session).
			if ( 0 === $user_id || ! wp_verify_nonce( Iglr_Request::query( '_wpnonce', 64 ), Iglr_Keys::ACTION_LINK ) ) {
				$this->browser->redirect( Iglr_Messages::error_url( self::target( 'link', $redirect_to ), Iglr_Messages::LINK_EXPIRED ) );
				return;
			}
			$this->start( 'link', $redirect_to, $user_id );
			return;
		}
		// Connecting the store's account starts only from the settings page (admin-post, nonce).
		if ( '' !== $purpose && 'login' !== $purpose ) {
			$this->browser->redirect( home_url( '/' ) );
			return;
		}
		// Already signed in: a sign-in link neither links nor switches accounts behind the visitor's back.
		if ( 0 !== $user_id ) {
			$this->browser->redirect( self::target( 'login', $redirect_to ) );
			return;
		}
		$this->start( 'login', $redirect_to, 0 );
	}

	/**
	 * Starts a sign-in and redirects.
	 *
	 * @param string $purpose     'login', 'link' or 'connect'.
	 * @param string $redirect_to Where to go afterwards (validated here).
	 * @param int    $user_id     The signed-in user, or 0.
	 */
	public function start( $purpose, $redirect_to, $user_id ) {
		$redirect_to = self::target( $purpose, $redirect_to );
		if ( ! $this->settings->is_configured() || $this->health->known_down() ) {
			$this->browser->redirect( self::unavailable_url( $purpose, $redirect_to ) );
			return;
		}
		$started = $this->pending->create( $purpose, $redirect_to, $user_id );
		$this->browser->set_cookie( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ), $started['cookie'], $started['expires_at'] );
		$this->browser->redirect_to_relay(
			Iglr_Authorize_Link::url(
				$this->settings->relay_url(),
				$this->settings->store_key(),
				array(
					'store'     => $this->settings->store_id(),
					'purpose'   => self::relay_purpose( $purpose ),
					'return_to' => Iglr_Urls::return_url(),
					'state'     => $started['state'],
					'exp'       => time() + self::LINK_LIFETIME,
				)
			)
		);
	}

	/**
	 * What the relay calls a sign-in's purpose: linking is a login to it.
	 *
	 * @param string $purpose 'login', 'link' or 'connect'.
	 * @return string 'login' or 'connect'.
	 */
	public static function relay_purpose( $purpose ) {
		return 'connect' === $purpose ? 'connect' : 'login';
	}

	/**
	 * A same-site destination: where the visitor was, else the default.
	 *
	 * @param string $purpose     'login', 'link' or 'connect'.
	 * @param string $redirect_to Requested destination.
	 * @return string
	 */
	private static function target( $purpose, $redirect_to ) {
		$default = 'connect' === $purpose ? Iglr_Urls::settings_url() : home_url( '/' );
		$target  = wp_validate_redirect( esc_url_raw( (string) $redirect_to ), '' );
		// Never back into the sign-in handlers themselves, nor anywhere too long to keep in the sign-in's cookie.
		if ( '' === $target || false !== strpos( $target, Iglr_Keys::QUERY_ACTION . '=' ) || strlen( $target ) > Iglr_Pending_Sign_Ins::MAX_REDIRECT_LENGTH ) {
			return $default;
		}
		// A message from an earlier attempt must not show again after this one.
		return remove_query_arg( array( Iglr_Keys::QUERY_ERROR, Iglr_Keys::QUERY_NOTICE ), $target );
	}

	/**
	 * Where to say that Instagram sign-in is unavailable.
	 *
	 * @param string $purpose     'login', 'link' or 'connect'.
	 * @param string $redirect_to Validated destination.
	 * @return string
	 */
	private static function unavailable_url( $purpose, $redirect_to ) {
		if ( 'connect' === $purpose ) {
			return Iglr_Urls::settings_url( array( Iglr_Keys::QUERY_ERROR => Iglr_Messages::UNAVAILABLE ) );
		}
		return Iglr_Messages::error_url( $redirect_to, Iglr_Messages::UNAVAILABLE );
	}
}
