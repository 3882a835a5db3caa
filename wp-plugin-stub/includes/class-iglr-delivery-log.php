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
	 * Replaces an Instagram username in the entries' details ("@lumen.coffee")
	 * with "@[deleted]": for a data deletion request.
	 *
	 * @param string $username Instagram username, without "@".
	 * @return int Entries changed.
	 */
	public function redact_username( $username ) {
		$username = (string) $username;
		if ( '' === $username ) {
			return 0;
		}
		// Instagram usernames are letters, digits, "." and "_", case-insensitive: "@ada" must not touch "@ada.two".
		$pattern = '/@' . preg_quote( $username, '/' ) . '(?![A-Za-z0-9._])/i';
		$entries = $this->entries();
		$changed = 0;
		foreach ( $entries as $index => $entry ) {
			if ( ! isset( $entry['detail'] ) || ! preg_match( $pattern, (string) $entry['detail'] ) ) {
				continue;
			}
			$entries[ $index ]['detail'] = preg_replace( $pattern, '@[deleted]', (string) $entry['detail'] );
			++$changed;
		}
		if ( $changed > 0 ) {
			update_option( Iglr_Keys::OPTION_DELIVERY_LOG, $entries, false );
		}
		return $changed;
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
