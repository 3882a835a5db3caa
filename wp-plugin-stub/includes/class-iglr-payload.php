<?php
/**
 * Fields of data whose shape the plugin cannot count on.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads a field of decoded data that came from outside or from storage (an
 * event's data, a relay answer, an option, block attributes, cookies) only
 * when it has the type the caller needs.
 */
final class Iglr_Payload {

	/**
	 * A field that is a string; null when the data is not an array, or the
	 * field is absent or not a string.
	 *
	 * @param mixed      $data The data.
	 * @param string|int $key  The field.
	 * @return string|null
	 */
	public static function string( $data, $key ) {
		return is_array( $data ) && isset( $data[ $key ] ) && is_string( $data[ $key ] ) ? $data[ $key ] : null;
	}
}
