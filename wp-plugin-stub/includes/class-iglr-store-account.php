<?php
/**
 * The store's own connected Instagram account.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The account an administrator connected (purpose=connect) and its
 * long-lived token, sealed at rest. The relay refreshes the token and says so
 * by webhook; when it cannot, the account needs reconnecting.
 */
class Iglr_Store_Account {

	/**
	 * The connected account, without its token.
	 *
	 * @return array|null instagram_user_id, app_scoped_id, username, name, account_type, scopes, expires_at,
	 *                    connected_at, connected_by, needs_reconnect, reconnect_reason, has_token
	 *                    (false once Instagram said the account removed the app); null when none.
	 */
	public function get() {
		$stored = $this->stored();
		if ( null === $stored ) {
			return null;
		}
		$stored['has_token'] = '' !== $stored['token'];
		unset( $stored['token'] );
		return $stored;
	}

	/**
	 * The connected account as other plugins see it (iglr_get_store_account()
	 * and the iglr_store_token_* actions): never its token.
	 *
	 * @return array|null instagram_user_id (digits, a string), username, expires_at (unix seconds, 0 when
	 *                    unknown or the token was deleted); null when none is connected.
	 */
	public function summary() {
		$account = $this->get();
		if ( null === $account ) {
			return null;
		}
		return array(
			'instagram_user_id' => $account['instagram_user_id'],
			'username'          => $account['username'],
			'expires_at'        => $account['expires_at'],
		);
	}

	/**
	 * The access token.
	 *
	 * @return string|null Null when not connected, forgotten, or no longer readable (the site's salts changed).
	 */
	public function token() {
		$stored = $this->stored();
		if ( null === $stored || '' === $stored['token'] ) {
			return null;
		}
		return Iglr_Crypto::decrypt( $stored['token'], self::context( $stored['instagram_user_id'] ) );
	}

	/**
	 * Whether the connected account is this Instagram user, named by either of
	 * its IDs (Meta's callbacks do not say which).
	 *
	 * @param string $instagram_id Digits.
	 * @return bool
	 */
	public function is_account( $instagram_id ) {
		$stored = $this->stored();
		return null !== $stored && is_string( $instagram_id ) && '' !== $instagram_id
			&& ( $stored['instagram_user_id'] === $instagram_id || $stored['app_scoped_id'] === $instagram_id );
	}

	/**
	 * Applies instagram.deauthorized: the account removed the store's app, so its
	 * token is deleted and the account is shown as needing a reconnect.
	 *
	 * @param string $instagram_id Either of the account's IDs.
	 * @param string $reason       For the admin.
	 * @return bool Whether it was this store's account.
	 */
	public function forget_token( $instagram_id, $reason ) {
		if ( ! $this->is_account( $instagram_id ) ) {
			return false;
		}
		$stored                     = $this->stored();
		$stored['token']            = '';
		$stored['expires_at']       = 0;
		$stored['needs_reconnect']  = true;
		$stored['reconnect_reason'] = sanitize_text_field( (string) $reason );
		$this->save( $stored );
		return true;
	}

	/**
	 * Applies instagram.data_deletion_requested: forgets the account and its token.
	 *
	 * @param string $instagram_id Either of the account's IDs.
	 * @return bool Whether it was this store's account.
	 */
	public function erase( $instagram_id ) {
		if ( ! $this->is_account( $instagram_id ) ) {
			return false;
		}
		$this->disconnect();
		return true;
	}

	/**
	 * Saves the account from a connect sign-in.
	 *
	 * @param array $data    instagram.authorized data.
	 * @param int   $user_id The administrator who connected it.
	 */
	public function connect( array $data, $user_id ) {
		$instagram_user_id = (string) $data['instagram_user_id'];
		$app_scoped_id     = Iglr_Payload::string( $data, 'app_scoped_id' ) ?? '';
		$name              = Iglr_Payload::string( $data, 'name' );
		$account_type      = Iglr_Payload::string( $data, 'account_type' );
		$this->save(
			array(
				'instagram_user_id' => $instagram_user_id,
				'app_scoped_id'     => preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $app_scoped_id ) ? $app_scoped_id : '',
				'username'          => sanitize_text_field( $data['username'] ),
				'name'              => null === $name ? '' : sanitize_text_field( $name ),
				'account_type'      => null === $account_type ? '' : sanitize_text_field( $account_type ),
				'scopes'            => isset( $data['scopes'] ) && is_array( $data['scopes'] ) ? array_values( array_map( 'sanitize_text_field', array_filter( $data['scopes'], 'is_string' ) ) ) : array(),
				'token'             => Iglr_Crypto::encrypt( (string) $data['access_token'], self::context( $instagram_user_id ) ),
				'expires_at'        => self::timestamp( isset( $data['expires_at'] ) ? $data['expires_at'] : null ),
				'connected_at'      => time(),
				'connected_by'      => (int) $user_id,
				'needs_reconnect'   => false,
				'reconnect_reason'  => '',
			)
		);
	}

	/**
	 * Applies instagram.token_refreshed.
	 *
	 * @param string      $instagram_user_id The account.
	 * @param string      $access_token      New token.
	 * @param string|null $expires_at        RFC 3339, or null.
	 * @return bool Whether it was this store's account.
	 */
	public function apply_refresh( $instagram_user_id, $access_token, $expires_at ) {
		$stored = $this->stored();
		if ( null === $stored || $stored['instagram_user_id'] !== $instagram_user_id ) {
			return false;
		}
		$stored['token']            = Iglr_Crypto::encrypt( (string) $access_token, self::context( $instagram_user_id ) );
		$stored['expires_at']       = self::timestamp( $expires_at );
		$stored['needs_reconnect']  = false;
		$stored['reconnect_reason'] = '';
		$this->save( $stored );
		/**
		 * Fires after the relay refreshed the store's Instagram access token and this site saved the new one.
		 * iglr_get_store_access_token() returns the new token from now on.
		 *
		 * @param array $account instagram_user_id, username, expires_at (unix seconds): the account, never its token.
		 */
		do_action( 'iglr_store_token_refreshed', $this->summary() );
		return true;
	}

	/**
	 * Applies instagram.token_refresh_failed.
	 *
	 * @param string $instagram_user_id The account.
	 * @param string $reason            What the relay said, for the admin.
	 * @return bool Whether it was this store's account.
	 */
	public function mark_needs_reconnect( $instagram_user_id, $reason ) {
		$stored = $this->stored();
		if ( null === $stored || $stored['instagram_user_id'] !== $instagram_user_id ) {
			return false;
		}
		$stored['needs_reconnect']  = true;
		$stored['reconnect_reason'] = sanitize_text_field( (string) $reason );
		$this->save( $stored );
		/**
		 * Fires after the relay gave up refreshing the store's Instagram access token: an administrator must
		 * connect the account again before it expires (the current token works until then).
		 *
		 * @param array  $account instagram_user_id, username, expires_at (unix seconds): the account, never its token.
		 * @param string $reason  What the relay said, for people (for example Instagram's error message).
		 */
		do_action( 'iglr_store_token_refresh_failed', $this->summary(), $stored['reconnect_reason'] );
		return true;
	}

	/**
	 * Forgets the account and its token.
	 */
	public function disconnect() {
		delete_option( Iglr_Keys::OPTION_STORE_ACCOUNT );
	}

	/**
	 * Shows a notice to administrators while the account needs reconnecting (admin_notices).
	 */
	public function admin_notice() {
		$account = $this->get();
		if ( null === $account || ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$expired = $account['expires_at'] > 0 && $account['expires_at'] <= time();
		if ( ! $account['needs_reconnect'] && ! $expired ) {
			return;
		}
		printf(
			'<div class="notice notice-warning"><p>%s <a href="%s">%s</a></p></div>',
			esc_html(
				$account['has_token']
					? sprintf(
						/* translators: %s: Instagram username. */
						__( "The store's Instagram account @%s needs reconnecting: its access token could not be refreshed.", 'ig-login-relay' ),
						$account['username']
					)
					: sprintf(
						/* translators: 1: Instagram username, 2: why, e.g. "Instagram says the account removed the app." */
						__( "The store's Instagram account @%1\$s needs reconnecting: its access token was deleted. %2\$s", 'ig-login-relay' ),
						$account['username'],
						$account['reconnect_reason']
					)
			),
			esc_url( Iglr_Urls::settings_url() ),
			esc_html__( 'Reconnect it', 'ig-login-relay' )
		);
	}

	/**
	 * The stored record, checked field by field.
	 *
	 * @return array|null
	 */
	private function stored() {
		$stored = get_option( Iglr_Keys::OPTION_STORE_ACCOUNT, null );
		if ( ! is_array( $stored ) || ! isset( $stored['instagram_user_id'], $stored['token'] )
			|| ! preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, (string) $stored['instagram_user_id'] ) ) {
			return null;
		}
		$defaults                    = array(
			'app_scoped_id'    => '',
			'username'         => '',
			'name'             => '',
			'account_type'     => '',
			'scopes'           => array(),
			'expires_at'       => 0,
			'connected_at'     => 0,
			'connected_by'     => 0,
			'needs_reconnect'  => false,
			'reconnect_reason' => '',
		);
		$record                      = array_merge( $defaults, array_intersect_key( $stored, $defaults ) );
		$record['instagram_user_id'] = (string) $stored['instagram_user_id'];
		$record['token']             = (string) $stored['token'];
		$record['expires_at']        = (int) $record['expires_at'];
		$record['connected_at']      = (int) $record['connected_at'];
		$record['connected_by']      = (int) $record['connected_by'];
		$record['needs_reconnect']   = (bool) $record['needs_reconnect'];
		$record['scopes']            = is_array( $record['scopes'] ) ? $record['scopes'] : array();
		$record['app_scoped_id']     = preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, (string) $record['app_scoped_id'] ) ? (string) $record['app_scoped_id'] : '';
		return $record;
	}

	/**
	 * Writes the record (not autoloaded: only the settings page and webhooks read it).
	 *
	 * @param array $record The record.
	 */
	private function save( array $record ) {
		if ( false === get_option( Iglr_Keys::OPTION_STORE_ACCOUNT ) ) {
			add_option( Iglr_Keys::OPTION_STORE_ACCOUNT, $record, '', 'no' );
		} else {
			update_option( Iglr_Keys::OPTION_STORE_ACCOUNT, $record, false );
		}
	}

	/**
	 * Unix time of an RFC 3339 date, or 0.
	 *
	 * @param mixed $value The date.
	 * @return int
	 */
	private static function timestamp( $value ) {
		$time = is_string( $value ) ? strtotime( $value ) : false;
		return false === $time ? 0 : (int) $time;
	}

	/**
	 * Binds the sealed token to its account.
	 *
	 * @param string $instagram_user_id The account.
	 * @return string
	 */
	private static function context( $instagram_user_id ) {
		return 'store_account:' . $instagram_user_id;
	}
}
