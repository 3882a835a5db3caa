<?php
/**
 * Sign-ins started in this browser.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A started sign-in lives in the browser that started it, not in the
 * database: a random state (sent to the relay and back) names a cookie whose
 * value is the sign-in (purpose, destination, the user who started it,
 * expiry) sealed with the site's key and bound to that state. Starting
 * therefore writes nothing on the server, however many times a link is
 * clicked, and only the starting browser holds what the return needs. Each
 * return clears the cookie; the login ticket it completes is single-use
 * (Iglr_Received_Events::consume_login()).
 */
class Iglr_Pending_Sign_Ins {

	/** Seconds a started sign-in stays valid: as long as the relay's flow. */
	const TTL = 600;

	/** What the relay allows in a state; the plugin makes 43 of these. */
	const STATE_PATTERN = '/^[A-Za-z0-9_-]{32,256}$/';

	/** Purposes of a sign-in: a shopper's login, linking the signed-in account, the store's own account. */
	const PURPOSES = array( 'login', 'link', 'connect' );

	/** The longest destination kept; a longer one falls back to the default (the cookie stays under 4 KB). */
	const MAX_REDIRECT_LENGTH = 2048;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param callable|null $clock Returns unix seconds; tests move it.
	 */
	public function __construct( $clock = null ) {
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * The cookie that carries a sign-in. One per state, so two tabs signing
	 * in at once each keep their own.
	 *
	 * @param string $state The state.
	 * @return string
	 */
	public static function cookie_name( $state ) {
		return Iglr_Keys::COOKIE_PENDING_PREFIX . substr( Iglr_Crypto::hash( $state ), 0, 32 );
	}

	/**
	 * Starts a sign-in: a new state and the sealed cookie value for it.
	 *
	 * @param string $purpose     One of PURPOSES.
	 * @param string $redirect_to Where to go afterwards (already validated).
	 * @param int    $user_id     The signed-in user who started it, or 0.
	 * @return array state, cookie (the cookie's value), expires_at.
	 */
	public function create( $purpose, $redirect_to, $user_id ) {
		$expires_at = (int) call_user_func( $this->clock ) + self::TTL;
		$state      = Iglr_Crypto::random_token( 32 );
		$sign_in    = wp_json_encode(
			array(
				'purpose'     => (string) $purpose,
				'redirect_to' => (string) $redirect_to,
				'user_id'     => (int) $user_id,
				'expires_at'  => $expires_at,
			)
		);
		return array(
			'state'      => $state,
			'cookie'     => Iglr_Crypto::encrypt( $sign_in, self::context( $state ) ),
			'expires_at' => $expires_at,
		);
	}

	/**
	 * Opens the sign-in this browser started for a state.
	 *
	 * @param string $state  The state the relay sent back.
	 * @param string $cookie The value of the state's cookie ('' when absent).
	 * @return array|WP_Error purpose, redirect_to, user_id; or an error coded no_pending (no cookie),
	 *                        not_ours (a cookie this site did not seal for this state) or
	 *                        pending_expired (with the sign-in as error data).
	 */
	public function open( $state, $cookie ) {
		if ( ! is_string( $state ) || ! preg_match( self::STATE_PATTERN, $state ) || ! is_string( $cookie ) || '' === $cookie ) {
			return new WP_Error( 'no_pending' );
		}
		$json    = Iglr_Crypto::decrypt( $cookie, self::context( $state ) );
		$sign_in = null === $json ? null : json_decode( $json, true );
		if ( ! is_array( $sign_in ) || ! isset( $sign_in['purpose'], $sign_in['redirect_to'], $sign_in['user_id'], $sign_in['expires_at'] )
			|| ! in_array( $sign_in['purpose'], self::PURPOSES, true ) ) {
			return new WP_Error( 'not_ours' );
		}
		$pending = array(
			'purpose'     => (string) $sign_in['purpose'],
			'redirect_to' => (string) $sign_in['redirect_to'],
			'user_id'     => (int) $sign_in['user_id'],
		);
		// The error carries the sign-in too, so the shopper is sent back where they started.
		if ( (int) $sign_in['expires_at'] <= (int) call_user_func( $this->clock ) ) {
			return new WP_Error( 'pending_expired', '', $pending );
		}
		return $pending;
	}

	/**
	 * What the cookie is sealed for: its state, so it opens for that state only.
	 *
	 * @param string $state The state.
	 * @return string
	 */
	private static function context( $state ) {
		return 'pending_sign_in:' . Iglr_Crypto::hash( $state );
	}
}
