<?php
/**
 * The store secret's format.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Store secrets are Standard Webhooks secrets: `whsec_` + base64 of the HMAC
 * key. The relay makes 32-byte keys and accepts 24–64 bytes; so does this.
 */
final class Iglr_Store_Secret {

	const PREFIX = 'whsec_';

	/**
	 * The HMAC key inside a store secret.
	 *
	 * @param string $secret `whsec_…`.
	 * @return string|null The raw key, or null when the secret is malformed.
	 */
	public static function key( $secret ) {
		if ( ! is_string( $secret ) || 0 !== strpos( $secret, self::PREFIX ) ) {
			return null;
		}
		$encoded = substr( $secret, strlen( self::PREFIX ) );
		if ( ! preg_match( '/^[A-Za-z0-9+\/]+={0,2}$/', $encoded ) ) {
			return null;
		}
		$key = base64_decode( $encoded, true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- the secret's format.
		// A round trip proves the text was canonical base64, as the relay requires.
		if ( false === $key || rtrim( base64_encode( $key ), '=' ) !== rtrim( $encoded, '=' ) ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
			return null;
		}
		$length = strlen( $key );
		return ( $length >= 24 && $length <= 64 ) ? $key : null;
	}

	/**
	 * Whether a value is a usable store secret.
	 *
	 * @param string $secret Candidate.
	 * @return bool
	 */
	public static function is_valid( $secret ) {
		return null !== self::key( $secret );
	}
}
