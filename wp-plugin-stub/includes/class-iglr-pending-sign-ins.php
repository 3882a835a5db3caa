<?php
/**
 * Sign-ins started on this site.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A started sign-in: its state (sent to the relay and back) and the nonce
 * cookie that binds it to the browser that started it. Both are stored only
 * hashed. A row can be consumed once, within 10 minutes.
 */
class Iglr_Pending_Sign_Ins {

	/** Seconds a started sign-in stays valid: as long as the relay's flow. */
	const TTL = 600;

	/** What the relay allows in a state; the plugin makes 43 of these. */
	const STATE_PATTERN = '/^[A-Za-z0-9_-]{32,256}$/';

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param callable|null $clock Returns unix seconds; tests move it.
	 */
	public function __construct( $clock = null ) {
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * CREATE TABLE for dbDelta.
	 *
	 * @param string $charset_collate $wpdb->get_charset_collate().
	 * @return string
	 */
	public static function schema( $charset_collate ) {
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_PENDING );
		return "CREATE TABLE {$table} (
  state_hash char(64) NOT NULL,
  nonce_hash char(64) NOT NULL,
  purpose varchar(16) NOT NULL,
  redirect_to text NOT NULL,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) unsigned NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (state_hash),
  KEY expires_at (expires_at)
) {$charset_collate};";
	}

	/**
	 * The cookie that carries a sign-in's nonce. One per state, so two tabs
	 * signing in at once each keep their own.
	 *
	 * @param string $state The state.
	 * @return string
	 */
	public static function cookie_name( $state ) {
		return Iglr_Keys::COOKIE_NONCE_PREFIX . substr( Iglr_Crypto::hash( $state ), 0, 32 );
	}

	/**
	 * Records a new sign-in.
	 *
	 * @param string $purpose     'login' or 'connect'.
	 * @param string $redirect_to Where to go afterwards (already validated).
	 * @param int    $user_id     The signed-in user who started it, or 0.
	 * @return array|false array( 'state' => …, 'nonce' => …, 'expires_at' => … ), or false when the database failed.
	 */
	public function create( $purpose, $redirect_to, $user_id ) {
		global $wpdb;
		$now   = (int) call_user_func( $this->clock );
		$state = Iglr_Crypto::random_token( 32 );
		$nonce = Iglr_Crypto::random_token( 32 );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- own table.
		$inserted = $wpdb->insert(
			Iglr_Keys::table( Iglr_Keys::TABLE_PENDING ),
			array(
				'state_hash'  => Iglr_Crypto::hash( $state ),
				'nonce_hash'  => Iglr_Crypto::hash( $nonce ),
				'purpose'     => $purpose,
				'redirect_to' => $redirect_to,
				'user_id'     => (int) $user_id,
				'created_at'  => $now,
				'expires_at'  => $now + self::TTL,
			),
			array( '%s', '%s', '%s', '%s', '%d', '%d', '%d' )
		);
		if ( 1 !== $inserted ) {
			return false;
		}
		return array(
			'state'      => $state,
			'nonce'      => $nonce,
			'expires_at' => $now + self::TTL,
		);
	}

	/**
	 * Uses up the sign-in for a state, whatever the outcome, and checks the
	 * browser's nonce against it.
	 *
	 * @param string      $state The state the relay sent back.
	 * @param string|null $nonce The nonce cookie's value, or null when absent.
	 * @return array|WP_Error purpose, redirect_to, user_id; or an error coded no_pending, nonce_mismatch or pending_expired
	 *                        (the last two with the sign-in as error data).
	 */
	public function consume( $state, $nonce ) {
		global $wpdb;
		if ( ! is_string( $state ) || ! preg_match( self::STATE_PATTERN, $state ) ) {
			return new WP_Error( 'no_pending' );
		}
		$table      = Iglr_Keys::table( Iglr_Keys::TABLE_PENDING );
		$state_hash = Iglr_Crypto::hash( $state );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table, single-use rows.
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$table} WHERE state_hash = %s", $state_hash ), ARRAY_A );
		if ( ! is_array( $row ) ) {
			return new WP_Error( 'no_pending' );
		}
		// Whoever deletes the row owns the sign-in; a concurrent second request finds nothing.
		$deleted = $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE state_hash = %s", $state_hash ) );
		// phpcs:enable
		if ( 1 !== $deleted ) {
			return new WP_Error( 'no_pending' );
		}
		$pending = array(
			'purpose'     => (string) $row['purpose'],
			'redirect_to' => (string) $row['redirect_to'],
			'user_id'     => (int) $row['user_id'],
		);
		// The errors carry the sign-in too, so the shopper is sent back where they started.
		if ( ! is_string( $nonce ) || '' === $nonce || ! hash_equals( (string) $row['nonce_hash'], Iglr_Crypto::hash( $nonce ) ) ) {
			return new WP_Error( 'nonce_mismatch', '', $pending );
		}
		if ( (int) $row['expires_at'] <= (int) call_user_func( $this->clock ) ) {
			return new WP_Error( 'pending_expired', '', $pending );
		}
		return $pending;
	}

	/**
	 * Deletes the sign-in started for a state, if it is still there.
	 *
	 * @param string $state The state.
	 * @return int Rows deleted: 0 or 1.
	 */
	public function delete_state( $state ) {
		global $wpdb;
		if ( ! is_string( $state ) || '' === $state ) {
			return 0;
		}
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_PENDING );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table.
		return (int) $wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE state_hash = %s", Iglr_Crypto::hash( $state ) ) );
	}

	/**
	 * Deletes expired sign-ins.
	 */
	public function prune() {
		global $wpdb;
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_PENDING );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE expires_at < %d", (int) call_user_func( $this->clock ) ) );
	}
}
