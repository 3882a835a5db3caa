<?php
/**
 * Whether the relay is up, as seen from the background.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The relay's readiness is checked off the shopper's path (every five
 * minutes by WP-Cron, and by the settings page's Test connection) and
 * remembered, so "Continue with Instagram" costs no call to the relay: when
 * the last check failed, shoppers are told at once that Instagram sign-in
 * is unavailable instead of being sent to a relay that does not answer.
 */
class Iglr_Relay_Health {

	/** Seconds between background checks. */
	const CHECK_INTERVAL = 300;

	/** A failed check older than this is no longer believed (cron may have stopped running). */
	const TRUST_FAILURE_FOR = 900;

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Relay_Client $relay Relay client.
	 * @param Iglr_Delivery_Log $log   Delivery log.
	 * @param callable|null     $clock Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_Relay_Client $relay, Iglr_Delivery_Log $log, $clock = null ) {
		$this->relay = $relay;
		$this->log   = $log;
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * Asks the relay's /readyz and remembers the answer (the scheduled job).
	 * A change is written to the delivery log, once.
	 *
	 * @return bool Whether the relay is ready.
	 */
	public function check() {
		$ready    = $this->relay->is_ready();
		$previous = get_option( Iglr_Keys::OPTION_RELAY_HEALTH );
		if ( is_array( $previous ) && isset( $previous['ready'] ) && (bool) $previous['ready'] !== $ready ) {
			$this->log->add( $ready ? 'relay_ready' : 'relay_unreachable', array( 'detail' => 'GET /readyz' ) );
		}
		update_option(
			Iglr_Keys::OPTION_RELAY_HEALTH,
			array(
				'ready'      => $ready,
				'checked_at' => (int) call_user_func( $this->clock ),
			),
			true // Autoloaded: every click of the button reads it.
		);
		return $ready;
	}

	/**
	 * The last check's answer.
	 *
	 * @return array|null ready (bool), checked_at (unix seconds); null when the relay was never checked.
	 */
	public function last_check() {
		$health = get_option( Iglr_Keys::OPTION_RELAY_HEALTH );
		if ( ! is_array( $health ) || ! isset( $health['ready'], $health['checked_at'] ) ) {
			return null;
		}
		return array(
			'ready'      => (bool) $health['ready'],
			'checked_at' => (int) $health['checked_at'],
		);
	}

	/**
	 * Whether the last check, recent enough to believe, found the relay down.
	 * No check yet, or an old one, counts as up: shoppers go to the relay.
	 *
	 * @return bool
	 */
	public function known_down() {
		$health = get_option( Iglr_Keys::OPTION_RELAY_HEALTH );
		return is_array( $health ) && isset( $health['ready'], $health['checked_at'] ) && false === $health['ready']
			&& (int) $health['checked_at'] > (int) call_user_func( $this->clock ) - self::TRUST_FAILURE_FOR;
	}
}
