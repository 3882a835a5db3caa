<?php
/**
 * The table of events received from the relay, by webhook or by claim.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * One row per processed webhook id. The relay retries with the same id, so
 * rows stay about a week to recognise retries. An `instagram.authorized` row
 * is also a login ticket: its login id is stored hashed, its data sealed, and
 * it can be consumed once within 10 minutes; consuming it erases the data.
 */
class Iglr_Received_Events {

	/** Seconds a login ticket can be used after the webhook arrived. */
	const TICKET_TTL = 600;

	/** Seconds a processed webhook id is remembered: longer than the relay keeps retrying. */
	const KEEP_IDS = 604800;

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
	 * CREATE TABLE for dbDelta (its format: two spaces after PRIMARY KEY, KEY not INDEX).
	 *
	 * @param string $charset_collate $wpdb->get_charset_collate().
	 * @return string
	 */
	public static function schema( $charset_collate ) {
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		return "CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  webhook_id varchar(191) NOT NULL,
  type varchar(64) NOT NULL,
  login_hash char(64) DEFAULT NULL,
  state varchar(256) NOT NULL DEFAULT '',
  purpose varchar(16) NOT NULL DEFAULT '',
  data longtext NOT NULL,
  received_at bigint(20) unsigned NOT NULL,
  expires_at bigint(20) unsigned NOT NULL,
  consumed_at bigint(20) unsigned DEFAULT NULL,
  keep_until bigint(20) unsigned NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY webhook_id (webhook_id),
  UNIQUE KEY login_hash (login_hash),
  KEY keep_until (keep_until)
) {$charset_collate};";
	}

	/**
	 * Whether this webhook id was already processed.
	 *
	 * @param string $webhook_id webhook-id.
	 * @return bool
	 */
	public function seen( $webhook_id ) {
		global $wpdb;
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table; a cache would defeat replay detection.
		return null !== $wpdb->get_var( $wpdb->prepare( "SELECT id FROM {$table} WHERE webhook_id = %s", $webhook_id ) );
	}

	/**
	 * Records a processed event that is not a login ticket.
	 *
	 * @param string $webhook_id webhook-id.
	 * @param string $type       Event type.
	 * @return string|false 'stored', 'duplicate', or false when the database failed.
	 */
	public function record( $webhook_id, $type ) {
		$now = (int) call_user_func( $this->clock );
		return $this->insert( $webhook_id, $type, null, '', '', '', $now, $now );
	}

	/**
	 * Stores an instagram.authorized event as a login ticket.
	 *
	 * @param string $webhook_id webhook-id.
	 * @param array  $data       The event's data (checked by the caller).
	 * @return string|false 'stored', 'duplicate', or false when the database failed.
	 */
	public function record_authorized( $webhook_id, array $data ) {
		$now        = (int) call_user_func( $this->clock );
		$login_hash = Iglr_Crypto::hash( $data['login_id'] );
		$sealed     = Iglr_Crypto::encrypt( (string) wp_json_encode( $data ), self::context( $login_hash ) );
		return $this->insert( $webhook_id, Iglr_Event_Type::AUTHORIZED, $login_hash, $data['state'], $data['purpose'], $sealed, $now, $now + self::TICKET_TTL );
	}

	/**
	 * Uses a login ticket: the login id and state must match a stored, unexpired,
	 * unused instagram.authorized event. Two concurrent calls cannot both win.
	 *
	 * @param string $login_id igr_login from the browser.
	 * @param string $state    igr_state from the browser.
	 * @return array|WP_Error The event data, or an error coded unknown_login, state_mismatch, login_expired or login_used.
	 */
	public function consume_login( $login_id, $state ) {
		global $wpdb;
		$table      = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		$now        = (int) call_user_func( $this->clock );
		$login_hash = Iglr_Crypto::hash( $login_id );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table, single-use rows.
		$row = $wpdb->get_row(
			$wpdb->prepare( "SELECT id, state, data, expires_at, consumed_at FROM {$table} WHERE login_hash = %s AND type = %s", $login_hash, Iglr_Event_Type::AUTHORIZED ),
			ARRAY_A
		);
		if ( ! is_array( $row ) ) {
			return new WP_Error( 'unknown_login' );
		}
		if ( null !== $row['consumed_at'] ) {
			return new WP_Error( 'login_used' );
		}
		// A wrong state does not use the ticket up: only its own browser can present the right one.
		if ( ! hash_equals( (string) $row['state'], (string) $state ) ) {
			return new WP_Error( 'state_mismatch' );
		}
		if ( (int) $row['expires_at'] <= $now ) {
			return new WP_Error( 'login_expired' );
		}
		$claimed = $wpdb->query(
			$wpdb->prepare( "UPDATE {$table} SET consumed_at = %d, data = '' WHERE id = %d AND consumed_at IS NULL", $now, (int) $row['id'] )
		);
		// phpcs:enable
		if ( 1 !== $claimed ) {
			return new WP_Error( 'login_used' );
		}
		$json = Iglr_Crypto::decrypt( $row['data'], self::context( $login_hash ) );
		$data = null === $json ? null : json_decode( $json, true );
		return is_array( $data ) ? $data : new WP_Error( 'unknown_login' );
	}

	/**
	 * Voids the unused login tickets of an Instagram user, named by either of
	 * its IDs, and erases their data, as prune() does for expired ones: the row
	 * keeps only its webhook id (so a retry is still recognised), the hashed
	 * login id and the state. Other events are stored without their data.
	 *
	 * @param string $instagram_id Digits.
	 * @return array[] Of each voided ticket: state, username (what the ticket held, for the caller's clean-up).
	 */
	public function void_tickets_of( $instagram_id ) {
		global $wpdb;
		if ( ! is_string( $instagram_id ) || ! preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $instagram_id ) ) {
			return array();
		}
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		$now   = (int) call_user_func( $this->clock );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table; the data is sealed, so each ticket is opened here.
		$rows   = $wpdb->get_results(
			$wpdb->prepare( "SELECT id, login_hash, state, data FROM {$table} WHERE type = %s AND data <> '' AND login_hash IS NOT NULL", Iglr_Event_Type::AUTHORIZED ),
			ARRAY_A
		);
		$voided = array();
		foreach ( (array) $rows as $row ) {
			$json = Iglr_Crypto::decrypt( (string) $row['data'], self::context( (string) $row['login_hash'] ) );
			$data = null === $json ? null : json_decode( $json, true );
			if ( ! is_array( $data ) ) {
				continue;
			}
			$ids = array( Iglr_Payload::string( $data, 'instagram_user_id' ), Iglr_Payload::string( $data, 'app_scoped_id' ) );
			if ( ! in_array( $instagram_id, $ids, true ) ) {
				continue;
			}
			$wpdb->query(
				$wpdb->prepare( "UPDATE {$table} SET data = '', consumed_at = COALESCE(consumed_at, %d) WHERE id = %d", $now, (int) $row['id'] )
			);
			$voided[] = array(
				'state'    => (string) $row['state'],
				'username' => Iglr_Payload::string( $data, 'username' ) ?? '',
			);
		}
		// phpcs:enable
		return $voided;
	}

	/**
	 * Deletes forgotten webhook ids and erases the data of unused expired tickets.
	 */
	public function prune() {
		global $wpdb;
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		$now   = (int) call_user_func( $this->clock );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$table} WHERE keep_until < %d", $now ) );
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET data = '' WHERE expires_at < %d AND data <> ''", $now ) );
		// phpcs:enable
	}

	/**
	 * One insert; a webhook id already present is left alone.
	 *
	 * @param string      $webhook_id webhook-id.
	 * @param string      $type       Event type.
	 * @param string|null $login_hash Hashed login id, or null.
	 * @param string      $state      State.
	 * @param string      $purpose    Purpose.
	 * @param string      $data       Sealed data.
	 * @param int         $now        Received at.
	 * @param int         $expires_at Ticket expiry.
	 * @return string|false
	 */
	private function insert( $webhook_id, $type, $login_hash, $state, $purpose, $data, $now, $expires_at ) {
		global $wpdb;
		$table = Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS );
		// INSERT IGNORE on the unique webhook_id: of two concurrent deliveries of one event, one stores it.
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- own table.
		// prepare() has no placeholder for NULL: an event without a login is passed as '' and stored as NULL.
		$result = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$table} (webhook_id, type, login_hash, state, purpose, data, received_at, expires_at, keep_until) VALUES (%s, %s, NULLIF(%s, ''), %s, %s, %s, %d, %d, %d)",
				$webhook_id,
				$type,
				(string) $login_hash,
				$state,
				$purpose,
				$data,
				$now,
				$expires_at,
				$now + self::KEEP_IDS
			)
		);
		// phpcs:enable
		if ( false === $result ) {
			return false;
		}
		return 1 === $result ? 'stored' : 'duplicate';
	}

	/**
	 * Binds sealed event data to its row.
	 *
	 * @param string $login_hash Hashed login id.
	 * @return string
	 */
	private static function context( $login_hash ) {
		return 'login:' . $login_hash;
	}
}
