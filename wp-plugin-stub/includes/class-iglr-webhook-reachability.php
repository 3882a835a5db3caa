<?php
/**
 * Whether the relay's webhooks reach this site.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A firewall, bot protection, security plugin, basic authentication or
 * maintenance mode in front of the site may refuse the relay's webhooks.
 * Sign-ins then still complete by claiming them from the relay
 * (Iglr_Login_Claim), but token refreshes and Instagram's deauthorization
 * and data-deletion notices arrive only by webhook, so the admin must be
 * told. What is known locally: when a verified webhook last reached the
 * route (an option of its own, written by the webhook alone), and, in a
 * second option, the claims that delivered a sign-in and what the relay last
 * reported about its refused attempts (read by the settings page, so Site
 * Health needs no call to the relay). A claim and its own webhook often land
 * at the same moment in two requests; as each writes only its own option,
 * neither undoes the other.
 */
class Iglr_Webhook_Reachability {

	/**
	 * Seconds a claim is given for its own webhook to arrive after all: a
	 * fast store's webhook often lands a moment after the browser came back,
	 * and its duplicate then shows that webhooks get through.
	 */
	const GRACE = 120;

	/** The longest refusal text or User-Agent kept from the relay. */
	const MAX_TEXT = 200;

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
	 * A verified webhook reached the route (new or duplicate): the claims before it are settled.
	 */
	public function webhook_arrived() {
		update_option( Iglr_Keys::OPTION_WEBHOOK_LAST_AT, $this->now(), false );
	}

	/**
	 * A sign-in reached this site by claim, its webhook not having arrived.
	 */
	public function claim_delivered() {
		$state = $this->state();
		$now   = $this->now();
		if ( 0 === $state['claims'] ) {
			$state['first_claim_at'] = $now;
		}
		++$state['claims'];
		$state['last_claim_at'] = $now;
		$this->save( $state );
	}

	/**
	 * Whether webhooks are being refused: a claim more than GRACE seconds
	 * ago, and no verified webhook since.
	 *
	 * @return bool
	 */
	public function is_blocked() {
		$state = $this->state();
		return $state['claims'] > 0 && $state['first_claim_at'] <= $this->now() - self::GRACE;
	}

	/**
	 * Keeps what GET /v1/store says about webhooks: the answer to the latest
	 * attempt of a delivery that did not get through (delivered by claim, or
	 * still pending, or dead), and the User-Agent the relay's webhooks carry.
	 *
	 * @param array $status GET /v1/store.
	 */
	public function remember_relay_report( array $status ) {
		$state      = $this->state();
		$deliveries = isset( $status['deliveries'] ) && is_array( $status['deliveries'] ) ? $status['deliveries'] : array();
		$refusal    = self::refusal_in( $deliveries );
		$user_agent = isset( $status['store']['webhook_user_agent'] ) ? self::clean_text( $status['store']['webhook_user_agent'] ) : '';

		$changed = $state['refusal_status'] !== $refusal['status'] || $state['refusal_error'] !== $refusal['error'] || $state['user_agent'] !== $user_agent;
		if ( $changed ) {
			$state['refusal_status'] = $refusal['status'];
			$state['refusal_error']  = $refusal['error'];
			$state['user_agent']     = $user_agent;
			$this->save( $state );
		}
	}

	/**
	 * What is known, each value checked again.
	 *
	 * @return array webhook_at, claims, first_claim_at, last_claim_at (unix seconds, 0: never),
	 *               refusal_status (HTTP status, 0: none known), refusal_error, user_agent ('' when unknown).
	 */
	public function state() {
		$stored               = get_option( Iglr_Keys::OPTION_WEBHOOK_REACHABILITY, array() );
		$stored               = is_array( $stored ) ? $stored : array();
		$stored['webhook_at'] = (int) get_option( Iglr_Keys::OPTION_WEBHOOK_LAST_AT, 0 ); // Read back from the database as a string.
		$state                = array();
		foreach ( array( 'webhook_at', 'claims', 'first_claim_at', 'last_claim_at', 'refusal_status' ) as $field ) {
			$state[ $field ] = isset( $stored[ $field ] ) && is_int( $stored[ $field ] ) && $stored[ $field ] > 0 ? $stored[ $field ] : 0;
		}
		$state['refusal_status'] = $state['refusal_status'] <= 999 ? $state['refusal_status'] : 0;
		// A webhook since the first claim (in the same second too: the claim's own webhook) settles the claims.
		if ( $state['webhook_at'] >= $state['first_claim_at'] ) {
			$state['claims']         = 0;
			$state['first_claim_at'] = 0;
			$state['last_claim_at']  = 0;
		}
		foreach ( array( 'refusal_error', 'user_agent' ) as $field ) {
			$state[ $field ] = isset( $stored[ $field ] ) ? self::clean_text( $stored[ $field ] ) : '';
		}
		return $state;
	}

	/**
	 * The answer to the newest delivery attempt that did not get through.
	 *
	 * @param array $deliveries GET /v1/store → deliveries, newest first.
	 * @return array status (HTTP status, 0: none), error ('' when none).
	 */
	private static function refusal_in( array $deliveries ) {
		foreach ( $deliveries as $delivery ) {
			if ( ! is_array( $delivery ) ) {
				continue;
			}
			$by_claim = isset( $delivery['delivered_via'] ) && 'claim' === $delivery['delivered_via'];
			$waiting  = isset( $delivery['status'] ) && in_array( $delivery['status'], array( 'pending', 'dead' ), true );
			$status   = isset( $delivery['last_status'] ) && is_int( $delivery['last_status'] ) && $delivery['last_status'] > 0 && $delivery['last_status'] <= 999 ? $delivery['last_status'] : 0;
			$error    = isset( $delivery['last_error'] ) ? self::clean_text( $delivery['last_error'] ) : '';
			// A webhook that got through after the store had claimed its sign-in is no refusal.
			$accepted = $status >= 200 && $status < 300;
			if ( ( $by_claim || $waiting ) && ! $accepted && ( 0 !== $status || '' !== $error ) ) {
				return array(
					'status' => $status,
					'error'  => $error,
				);
			}
		}
		return array(
			'status' => 0,
			'error'  => '',
		);
	}

	/**
	 * A short plain text from the relay, or ''.
	 *
	 * @param mixed $value Value.
	 * @return string
	 */
	private static function clean_text( $value ) {
		if ( ! is_string( $value ) ) {
			return '';
		}
		return mb_substr( sanitize_text_field( $value ), 0, self::MAX_TEXT, 'UTF-8' );
	}

	/**
	 * Saves the state; not autoloaded (read by the settings page, Site Health, webhooks and claims only).
	 *
	 * @param array $state State.
	 */
	private function save( array $state ) {
		unset( $state['webhook_at'] ); // The webhook's own option holds it.
		if ( false === get_option( Iglr_Keys::OPTION_WEBHOOK_REACHABILITY ) ) {
			add_option( Iglr_Keys::OPTION_WEBHOOK_REACHABILITY, $state, '', 'no' );
		} else {
			update_option( Iglr_Keys::OPTION_WEBHOOK_REACHABILITY, $state, false );
		}
	}

	/**
	 * Now, in unix seconds.
	 *
	 * @return int
	 */
	private function now() {
		return (int) call_user_func( $this->clock );
	}
}
