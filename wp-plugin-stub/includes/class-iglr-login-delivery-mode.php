<?php
/**
 * How the relay hands a sign-in to this site.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Keeps this store in the relay's claim mode. In the relay's default mode
 * the shopper's browser waits until this site accepts the sign-in's webhook,
 * so a firewall that refuses the webhook makes every sign-in fail. In claim
 * mode the browser comes back as soon as the event is queued and this site
 * claims the event when its webhook has not arrived (Iglr_Login_Claim).
 *
 * Set whenever the plugin reads the store from the relay and finds another
 * mode. A failure is not shown: the next read tries again, and until then
 * sign-ins work as before.
 */
class Iglr_Login_Delivery_Mode {

	const CLAIM = 'claim';

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Relay_Client $relay Relay client.
	 */
	public function __construct( Iglr_Relay_Client $relay ) {
		$this->relay = $relay;
	}

	/**
	 * Switches the store to claim mode unless the relay already has it so.
	 *
	 * @param mixed $store The store as the relay holds it (GET /v1/store → store, or a PUT's answer).
	 * @return bool Whether the store is in claim mode now.
	 */
	public function ensure_claim( $store ) {
		if ( is_array( $store ) && isset( $store['login_delivery'] ) && self::CLAIM === $store['login_delivery'] ) {
			return true;
		}
		$answer = $this->relay->put_login_delivery( self::CLAIM );
		return is_array( $answer ) && isset( $answer['login_delivery'] ) && self::CLAIM === $answer['login_delivery'];
	}
}
