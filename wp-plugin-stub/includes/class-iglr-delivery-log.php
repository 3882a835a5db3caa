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
	 * The entries whose detail names a person: their WordPress user ID
	 * ("user #42") or one of their Instagram usernames ("@lumen.coffee").
	 * The rest of an entry (time, event, webhook id) says nothing about who.
	 *
	 * @param int      $user_id   WordPress user ID.
	 * @param string[] $usernames Instagram usernames, without "@".
	 * @return array[] Newest first.
	 */
	public function entries_naming( $user_id, array $usernames ) {
		$patterns = array_keys( self::person_patterns( $user_id, $usernames ) );
		return array_values(
			array_filter(
				$this->entries(),
				function ( $entry ) use ( $patterns ) {
					return isset( $entry['detail'] ) && self::matches_any( (string) $entry['detail'], $patterns );
				}
			)
		);
	}

	/**
	 * Replaces a person's user ID ("user #[deleted]") and Instagram usernames
	 * ("@[deleted]") in the entries' details: for a personal data erasure.
	 * The entries stay, so the log still shows that something happened.
	 *
	 * @param int      $user_id   WordPress user ID.
	 * @param string[] $usernames Instagram usernames, without "@".
	 * @return int Entries changed.
	 */
	public function redact_person( $user_id, array $usernames ) {
		$replacements = self::person_patterns( $user_id, $usernames );
		$entries      = $this->entries();
		$changed      = 0;
		foreach ( $entries as $index => $entry ) {
			if ( ! isset( $entry['detail'] ) || ! self::matches_any( (string) $entry['detail'], array_keys( $replacements ) ) ) {
				continue;
			}
			$entries[ $index ]['detail'] = preg_replace( array_keys( $replacements ), array_values( $replacements ), (string) $entry['detail'] );
			++$changed;
		}
		if ( $changed > 0 ) {
			update_option( Iglr_Keys::OPTION_DELIVERY_LOG, $entries, false );
		}
		return $changed;
	}

	/**
	 * How a person appears in the details, and what replaces it.
	 *
	 * @param int      $user_id   WordPress user ID.
	 * @param string[] $usernames Instagram usernames, without "@".
	 * @return array<string,string> Pattern => replacement.
	 */
	private static function person_patterns( $user_id, array $usernames ) {
		$patterns = array();
		if ( (int) $user_id > 0 ) {
			// "#42" but not "#421": entries name users as "user #42".
			$patterns[ '/#' . (int) $user_id . '(?![0-9])/' ] = '#[deleted]';
		}
		foreach ( array_unique( array_filter( array_map( 'strval', $usernames ) ) ) as $username ) {
			// As in redact_username(): "@ada" must not touch "@ada.two".
			$patterns[ '/@' . preg_quote( $username, '/' ) . '(?![A-Za-z0-9._])/i' ] = '@[deleted]';
		}
		return $patterns;
	}

	/**
	 * Whether any of the patterns matches.
	 *
	 * @param string   $text     Text.
	 * @param string[] $patterns Regular expressions.
	 * @return bool
	 */
	private static function matches_any( $text, array $patterns ) {
		foreach ( $patterns as $pattern ) {
			if ( preg_match( $pattern, $text ) ) {
				return true;
			}
		}
		return false;
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
