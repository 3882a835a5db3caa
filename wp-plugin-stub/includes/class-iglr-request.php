<?php
/**
 * Request parameters, read by type.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Every request parameter the plugin reads comes through here. A parameter
 * that is not a single string (`redirect_to[]=x`), is longer than the caller
 * allows or is not valid UTF-8 reads as absent, so no handler meets a value
 * of a type it did not expect.
 */
final class Iglr_Request {

	/** The longest parameter any handler accepts (a redirect URL). */
	const MAX_LENGTH = 2048;

	/**
	 * A query-string parameter ($_GET), unslashed; '' when absent or not a plain string.
	 *
	 * Reading is not acting: the handlers that change something check their
	 * nonce (or, for a sign-in's return, the cookie bound to its state).
	 *
	 * @param string $name       Parameter name.
	 * @param int    $max_length Longest accepted value.
	 * @return string
	 */
	public static function query( $name, $max_length = self::MAX_LENGTH ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- see above; checked in plain().
		return self::plain( isset( $_GET[ $name ] ) ? wp_unslash( $_GET[ $name ] ) : null, $max_length );
	}

	/**
	 * A form field ($_POST), unslashed; '' when absent or not a plain string.
	 *
	 * @param string $name       Field name.
	 * @param int    $max_length Longest accepted value.
	 * @return string
	 */
	public static function post( $name, $max_length = self::MAX_LENGTH ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- the form handlers check their nonces first; checked in plain().
		return self::plain( isset( $_POST[ $name ] ) ? wp_unslash( $_POST[ $name ] ) : null, $max_length );
	}

	/**
	 * A form field that is a list of strings (checkboxes); the strings of it only.
	 *
	 * @param string $name       Field name.
	 * @param int    $max_length Longest accepted item.
	 * @return string[]
	 */
	public static function post_list( $name, $max_length = 64 ) {
		// phpcs:ignore WordPress.Security.NonceVerification.Missing,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- the form handlers check their nonces first; each item is checked in plain().
		$values = isset( $_POST[ $name ] ) && is_array( $_POST[ $name ] ) ? wp_unslash( $_POST[ $name ] ) : array();
		$items  = array();
		foreach ( $values as $value ) {
			$item = self::plain( $value, $max_length );
			if ( '' !== $item ) {
				$items[] = $item;
			}
		}
		return $items;
	}

	/**
	 * A cookie's value, unslashed; '' when absent or not a plain string.
	 *
	 * @param string $name       Cookie name.
	 * @param int    $max_length Longest accepted value.
	 * @return string
	 */
	public static function cookie( $name, $max_length = self::MAX_LENGTH ) {
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- checked in plain().
		return self::plain( isset( $_COOKIE[ $name ] ) ? wp_unslash( $_COOKIE[ $name ] ) : null, $max_length );
	}

	/**
	 * Stops with WordPress's "The link you followed has expired" page (403)
	 * unless the form carries a valid nonce for the action. What
	 * check_admin_referer() does, but a field sent as an array is refused
	 * like any wrong value instead of reaching wp_verify_nonce().
	 *
	 * @param string $action The nonce action.
	 * @param string $field  The form field holding the nonce.
	 */
	public static function require_form_nonce( $action, $field = '_wpnonce' ) {
		if ( ! wp_verify_nonce( self::post( $field, 64 ), $action ) ) {
			wp_nonce_ays( $action );
		}
	}

	/**
	 * The unslashed value as a string, or '' when it is not one the plugin can use.
	 *
	 * @param mixed $value      The unslashed value.
	 * @param int   $max_length Longest accepted value.
	 * @return string
	 */
	private static function plain( $value, $max_length ) {
		if ( ! is_string( $value ) ) {
			return '';
		}
		if ( strlen( $value ) > $max_length || ! wp_check_invalid_utf8( $value ) ) {
			return '';
		}
		return $value;
	}
}
