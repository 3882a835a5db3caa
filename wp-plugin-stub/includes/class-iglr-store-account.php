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
	 * @return array|null instagram_user_id, username, name, account_type, scopes, expires_at,
	 *                    connected_at, connected_by, needs_reconnect, reconnect_reason; null when none.
	 */
	public function get() {
		$stored = $this->stored();
		if ( null === $stored ) {
			return null;
		}
		unset( $stored['token'] );
		return $stored;
	}

	/**
	 * The access token.
	 *
	 * @return string|null Null when not connected or no longer readable (the site's salts changed).
	 */
	public function token() {
		$stored = $this->stored();
		return null === $stored ? null : Iglr_Crypto::decrypt( $stored['token'], self::context( $stored['instagram_user_id'] ) );
	}

	/**
	 * Saves the account from a connect sign-in.
	 *
	 * @param array $data    instagram.authorized data.
	 * @param int   $user_id The administrator who connected it.
	 */
	public function connect( array $data, $user_id ) {
		$instagram_user_id = (string) $data['instagram_user_id'];
		$this->save(
			array(
				'instagram_user_id' => $instagram_user_id,
				'username'          => sanitize_text_field( $data['username'] ),
				'name'              => isset( $data['name'] ) && is_string( $data['name'] ) ? sanitize_text_field( $data['name'] ) : '',
				'account_type'      => isset( $data['account_type'] ) && is_string( $data['account_type'] ) ? sanitize_text_field( $data['account_type'] ) : '',
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
				sprintf(
					/* translators: %s: Instagram username. */
					__( "The store's Instagram account @%s needs reconnecting: its access token could not be refreshed.", 'ig-login-relay' ),
					$account['username']
				)
			),
			esc_url( Iglr_Plugin::settings_url() ),
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
		$defaults = array(
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
