<?php
/**
 * The admin-only delivery log.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * What happened to webhooks and sign-ins, with codes, times and webhook ids,
 * for the settings page. Shoppers see only plain messages (Iglr_Messages);
 * the details live here. Never a token, secret or login id.
 */
class Iglr_Delivery_Log {

	/** Entries kept. */
	const MAX_ENTRIES = 50;

	/**
	 * Adds an entry.
	 *
	 * @param string $code    What happened, e.g. 'webhook_stored', 'sign_in_failed'.
	 * @param array  $context Optional: webhook_id, type, detail (plain strings).
	 */
	public function add( $code, array $context = array() ) {
		$entry = array(
			'at'   => time(),
			'code' => sanitize_key( $code ),
		);
		foreach ( array( 'webhook_id', 'type', 'detail' ) as $field ) {
			if ( isset( $context[ $field ] ) && '' !== (string) $context[ $field ] ) {
				$entry[ $field ] = substr( sanitize_text_field( (string) $context[ $field ] ), 0, 300 );
			}
		}
		$entries = $this->entries();
		array_unshift( $entries, $entry );
		$entries = array_slice( $entries, 0, self::MAX_ENTRIES );
		// Not autoloaded: only the settings page reads it.
		if ( false === get_option( Iglr_Keys::OPTION_DELIVERY_LOG ) ) {
			add_option( Iglr_Keys::OPTION_DELIVERY_LOG, $entries, '', 'no' );
		} else {
			update_option( Iglr_Keys::OPTION_DELIVERY_LOG, $entries, false );
		}
	}

	/**
	 * Entries, newest first.
	 *
	 * @return array[]
	 */
	public function entries() {
		$entries = get_option( Iglr_Keys::OPTION_DELIVERY_LOG, array() );
		if ( ! is_array( $entries ) ) {
			return array();
		}
		return array_values(
			array_filter(
				$entries,
				function ( $entry ) {
					return is_array( $entry ) && isset( $entry['at'], $entry['code'] );
				}
			)
		);
	}
}
