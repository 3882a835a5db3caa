<?php
/**
 * Standard Webhooks signature verification.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Verifies the relay's webhooks as https://www.standardwebhooks.com/ says:
 * `webhook-signature` holds one or more space-separated `v1,<base64 MAC>`
 * entries, the MAC being HMAC-SHA256(key, id + "." + timestamp + "." + body)
 * over the raw body bytes. While the relay rotates the store secret it sends
 * one entry per valid secret, so any one matching entry is enough.
 */
final class Iglr_Webhook_Verifier {

	const VALID           = 'valid';
	const MISSING_HEADERS = 'missing_headers';
	const STALE           = 'stale';
	const BAD_SIGNATURE   = 'bad_signature';

	/** Seconds a timestamp may be off, either direction: it limits replays of a captured request. */
	const TOLERANCE = 300;

	/**
	 * The raw HMAC key.
	 *
	 * @var string
	 */
	private $key;

	/**
	 * Constructor.
	 *
	 * @param string $key The raw key (Iglr_Store_Secret::key()).
	 */
	public function __construct( $key ) {
		$this->key = $key;
	}

	/**
	 * Checks one delivery.
	 *
	 * @param string|null $id         webhook-id header.
	 * @param string|null $timestamp  webhook-timestamp header (unix seconds).
	 * @param string|null $signatures webhook-signature header.
	 * @param string      $body       The raw request body.
	 * @param int         $now        Current unix time.
	 * @return string One of the class constants.
	 */
	public function verify( $id, $timestamp, $signatures, $body, $now ) {
		if ( ! is_string( $id ) || '' === $id || ! is_string( $signatures ) || '' === $signatures
			|| ! is_string( $timestamp ) || ! preg_match( '/^[0-9]{1,12}$/', $timestamp ) ) {
			return self::MISSING_HEADERS;
		}
		if ( abs( (int) $now - (int) $timestamp ) > self::TOLERANCE ) {
			return self::STALE;
		}
		$expected = base64_encode( hash_hmac( 'sha256', $id . '.' . $timestamp . '.' . $body, $this->key, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the signature's format.
		foreach ( explode( ' ', $signatures ) as $entry ) {
			$parts = explode( ',', $entry, 2 );
			if ( 2 === count( $parts ) && 'v1' === $parts[0] && hash_equals( $expected, $parts[1] ) ) {
				return self::VALID;
			}
		}
		return self::BAD_SIGNATURE;
	}
}
