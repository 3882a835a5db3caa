<?php
/**
 * Encryption at rest and random values.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Seals secrets (the store secret, Instagram tokens) with a key derived from
 * the site's salts, so a copy of the database alone does not reveal them.
 *
 * XChaCha20-Poly1305 through sodium: the PHP extension when present, else the
 * sodium_compat polyfill WordPress bundles, so it works on every PHP 7.4+
 * host. A context string is authenticated with each value, so a sealed value
 * cannot be moved from one field to another.
 */
final class Iglr_Crypto {

	/** Format tag, so a later format can be told apart. */
	const VERSION = 'v1';

	/** SODIUM_CRYPTO_AEAD_XCHACHA20POLY1305_IETF_NPUBBYTES; literal so the polyfill need not define it. */
	const NONCE_BYTES = 24;

	/**
	 * The 32-byte key. Changing the site's salts makes sealed values unreadable;
	 * the settings page then asks for the store secret again.
	 *
	 * @return string
	 */
	private static function key() {
		return hash_hkdf( 'sha256', wp_salt( 'auth' ), 32, 'ig-login-relay' );
	}

	/**
	 * Seals a value.
	 *
	 * @param string $plaintext The secret.
	 * @param string $context   What it is (e.g. 'store_secret'); needed again to open it.
	 * @return string Printable sealed value.
	 */
	public static function encrypt( $plaintext, $context ) {
		$nonce = random_bytes( self::NONCE_BYTES );
		$box   = sodium_crypto_aead_xchacha20poly1305_ietf_encrypt( (string) $plaintext, $context, $nonce, self::key() );
		return self::VERSION . '.' . base64_encode( $nonce . $box ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary to text, not obfuscation.
	}

	/**
	 * Opens a sealed value.
	 *
	 * @param string $sealed  From encrypt().
	 * @param string $context The context it was sealed with.
	 * @return string|null The plaintext, or null when it is not readable (tampered, other salts, other context).
	 */
	public static function decrypt( $sealed, $context ) {
		if ( ! is_string( $sealed ) || 0 !== strpos( $sealed, self::VERSION . '.' ) ) {
			return null;
		}
		$raw = base64_decode( substr( $sealed, strlen( self::VERSION ) + 1 ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		if ( false === $raw || strlen( $raw ) <= self::NONCE_BYTES ) {
			return null;
		}
		try {
			$plain = sodium_crypto_aead_xchacha20poly1305_ietf_decrypt(
				substr( $raw, self::NONCE_BYTES ),
				$context,
				substr( $raw, 0, self::NONCE_BYTES ),
				self::key()
			);
		} catch ( Exception $e ) {
			// sodium_compat throws on malformed input where the extension returns false.
			return null;
		}
		return false === $plain ? null : $plain;
	}

	/**
	 * A random URL-safe token ([A-Za-z0-9_-]).
	 *
	 * @param int $bytes Random bytes (32 gives 43 characters).
	 * @return string
	 */
	public static function random_token( $bytes = 32 ) {
		return self::base64url( random_bytes( $bytes ) );
	}

	/**
	 * Base64url without padding.
	 *
	 * @param string $binary Bytes.
	 * @return string
	 */
	public static function base64url( $binary ) {
		return rtrim( strtr( base64_encode( $binary ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	}

	/**
	 * How one-time values (login ids, states, nonces) are stored and compared:
	 * hashed, so the database never holds a usable value.
	 *
	 * @param string $value The value.
	 * @return string 64 hex characters.
	 */
	public static function hash( $value ) {
		return hash( 'sha256', (string) $value );
	}
}
