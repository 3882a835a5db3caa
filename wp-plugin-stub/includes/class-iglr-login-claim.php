<?php
/**
 * Claiming a sign-in whose webhook has not arrived.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * In claim mode (Iglr_Login_Delivery_Mode) the relay sends the browser back
 * as soon as the sign-in's event is queued, and its webhook follows, with
 * retries. When the browser is back first, or a firewall refuses the
 * webhook, this site asks the relay for the event over the signed store API
 * (POST /v1/store/login-claims). The answer is the webhook itself: its id,
 * timestamp, signature and exact body, verified and kept exactly as the
 * webhook route would (Iglr_Event_Intake), under the same webhook id, so that
 * whichever of the two arrives second is a duplicate.
 */
class Iglr_Login_Claim {

	/** The relay's login ids: "lgn_" and 32 url-safe characters; nothing else is ever sent to it. */
	const LOGIN_ID_PATTERN = '/^lgn_[A-Za-z0-9_-]{16,128}\z/';

	/** The event is in the event store now: the claim brought it. */
	const CLAIMED = 'claimed';

	/** The event was already in the event store: its webhook arrived first. */
	const ALREADY_DELIVERED = 'already_delivered';

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * The checks every signed event passes, and how a login ticket is kept.
	 *
	 * @var Iglr_Event_Intake
	 */
	private $intake;

	/**
	 * Whether webhooks reach this site.
	 *
	 * @var Iglr_Webhook_Reachability
	 */
	private $reachability;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Relay_Client         $relay        Relay client.
	 * @param Iglr_Event_Intake         $intake       Checks of signed events.
	 * @param Iglr_Webhook_Reachability $reachability Whether webhooks reach this site.
	 */
	public function __construct( Iglr_Relay_Client $relay, Iglr_Event_Intake $intake, Iglr_Webhook_Reachability $reachability ) {
		$this->relay        = $relay;
		$this->intake       = $intake;
		$this->reachability = $reachability;
	}

	/**
	 * Claims the instagram.authorized event of a login from the relay, once.
	 *
	 * @param string $login_id igr_login from the browser.
	 * @return string|WP_Error CLAIMED or ALREADY_DELIVERED: look in the event store again. An error
	 *                         coded unknown_login (not a login id of the relay's making: nothing was
	 *                         sent), claim_failed (no answer) or claim_refused, its message the detail
	 *                         for the delivery log ("claim refused: login_expired").
	 */
	public function claim( $login_id ) {
		if ( ! is_string( $login_id ) || ! preg_match( self::LOGIN_ID_PATTERN, $login_id ) ) {
			return new WP_Error( 'unknown_login' );
		}
		$answer = $this->relay->claim_login( $login_id );
		if ( is_wp_error( $answer ) ) {
			return self::relay_refusal( $answer );
		}
		$fields = array();
		foreach ( array( 'webhook_id', 'webhook_timestamp', 'webhook_signature', 'body' ) as $field ) {
			$fields[ $field ] = Iglr_Payload::string( $answer, $field );
			if ( null === $fields[ $field ] ) {
				return self::refused( 'invalid_answer' );
			}
		}
		$id       = $fields['webhook_id'];
		$verified = $this->intake->verify( $id, $fields['webhook_timestamp'], $fields['webhook_signature'], $fields['body'] );
		if ( is_wp_error( $verified ) ) {
			return self::refused( self::reason( $verified ) );
		}
		$event = $this->intake->read( $id, $fields['body'] );
		if ( is_wp_error( $event ) ) {
			return self::refused( self::reason( $event ) );
		}
		if ( $event['seen'] ) {
			return self::ALREADY_DELIVERED;
		}
		// The relay answers with this login's sign-in event only; anything else is not recorded, so
		// that its own webhook is still processed when it comes.
		if ( Iglr_Event_Type::AUTHORIZED !== $event['type'] ) {
			return self::refused( 'unexpected_type' );
		}
		if ( ! isset( $event['data']['login_id'] ) || $login_id !== $event['data']['login_id'] ) {
			return self::refused( 'login_mismatch' );
		}
		$kept = $this->intake->keep_authorized( $id, $event['data'], 'webhook_claimed' );
		if ( is_wp_error( $kept ) ) {
			return self::refused( self::reason( $kept ) );
		}
		if ( 'duplicate' === $kept ) {
			return self::ALREADY_DELIVERED;
		}
		$this->reachability->claim_delivered();
		return self::CLAIMED;
	}

	/**
	 * What a refusal by the relay means here.
	 *
	 * @param WP_Error $error Iglr_Relay_Client's error.
	 * @return string|WP_Error
	 */
	private static function relay_refusal( WP_Error $error ) {
		$code = (string) $error->get_error_code();
		// The webhook got here first (or an earlier claim did): the event is in the event store.
		if ( 'iglr_relay_login_already_delivered' === $code ) {
			return self::ALREADY_DELIVERED;
		}
		if ( 0 === strpos( $code, 'iglr_relay_' ) ) {
			return self::refused( substr( $code, strlen( 'iglr_relay_' ) ) );
		}
		return new WP_Error( 'claim_failed', 'claim failed: ' . ( 'iglr_unreachable' === $code ? 'relay unreachable' : self::reason( $error ) ) );
	}

	/**
	 * An error's code without the plugin's prefix: bad_signature, wrong_store…
	 *
	 * @param WP_Error $error Error.
	 * @return string
	 */
	private static function reason( WP_Error $error ) {
		$code = (string) $error->get_error_code();
		return 0 === strpos( $code, 'iglr_' ) ? substr( $code, strlen( 'iglr_' ) ) : $code;
	}

	/**
	 * A refused claim.
	 *
	 * @param string $reason Why, as a code.
	 * @return WP_Error
	 */
	private static function refused( $reason ) {
		return new WP_Error( 'claim_refused', 'claim refused: ' . $reason );
	}
}
