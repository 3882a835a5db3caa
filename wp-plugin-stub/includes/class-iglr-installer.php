<?php
/**
 * Tables and scheduled jobs.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Creates or upgrades the plugin's tables and schedules its background jobs:
 * pruning, and the relay check that spares shoppers a dead end.
 */
final class Iglr_Installer {

	/** Bump when a schema in Iglr_Received_Events, a table or a scheduled job changes. */
	const DB_VERSION = '2';

	/**
	 * Activation.
	 */
	public static function activate() {
		self::install();
	}

	/**
	 * Deactivation: stop the scheduled jobs; the data stays until uninstall.
	 */
	public static function deactivate() {
		foreach ( Iglr_Keys::cron_hooks() as $hook ) {
			wp_clear_scheduled_hook( $hook );
		}
	}

	/**
	 * Installs when the schema is older than this code: an update replaces
	 * the files without running the activation hook, and on a multisite
	 * network each site gets its tables the first time it loads the plugin.
	 */
	public static function maybe_upgrade() {
		if ( self::DB_VERSION !== get_option( Iglr_Keys::OPTION_DB_VERSION ) ) {
			self::install();
		}
	}

	/**
	 * Creates or updates the tables, drops retired ones, schedules the jobs.
	 */
	public static function install() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( Iglr_Received_Events::schema( $wpdb->get_charset_collate() ) );
		foreach ( Iglr_Keys::RETIRED_TABLES as $table ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own retired table; identifiers cannot be placeholders.
			$wpdb->query( 'DROP TABLE IF EXISTS ' . Iglr_Keys::table( $table ) );
		}
		update_option( Iglr_Keys::OPTION_DB_VERSION, self::DB_VERSION );
		if ( ! wp_next_scheduled( Iglr_Keys::CRON_PRUNE ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', Iglr_Keys::CRON_PRUNE );
		}
		if ( ! wp_next_scheduled( Iglr_Keys::CRON_RELAY_HEALTH ) ) {
			wp_schedule_event( time() + MINUTE_IN_SECONDS, Iglr_Keys::CRON_SCHEDULE_RELAY_HEALTH, Iglr_Keys::CRON_RELAY_HEALTH );
		}
	}

	/**
	 * Adds the relay check's interval (cron_schedules). Registered before
	 * install() can schedule with it.
	 *
	 * @param array $schedules Intervals by name.
	 * @return array
	 */
	public static function cron_schedules( $schedules ) {
		$display = 'Every five minutes (Instagram Login Relay)';
		// Other code asks for the schedules before translations may load (WordPress 6.7+ warns then); the name is for display only.
		if ( did_action( 'after_setup_theme' ) ) {
			$display = __( 'Every five minutes (Instagram Login Relay)', 'ig-login-relay' );
		}
		$schedules[ Iglr_Keys::CRON_SCHEDULE_RELAY_HEALTH ] = array(
			'interval' => Iglr_Relay_Health::CHECK_INTERVAL,
			'display'  => $display,
		);
		return $schedules;
	}
}
