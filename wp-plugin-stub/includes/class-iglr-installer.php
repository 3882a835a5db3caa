<?php
/**
 * Tables and scheduled pruning.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Creates or upgrades the plugin's tables and schedules their pruning.
 */
final class Iglr_Installer {

	/** Bump when a schema in Iglr_Event_Store or Iglr_Pending_Sign_Ins changes. */
	const DB_VERSION = '1';

	/**
	 * Activation.
	 */
	public static function activate() {
		self::install();
	}

	/**
	 * Deactivation: stop pruning; the data stays until uninstall.
	 */
	public static function deactivate() {
		wp_clear_scheduled_hook( Iglr_Keys::CRON_PRUNE );
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
	 * Creates or updates the tables, and schedules pruning.
	 */
	public static function install() {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$charset_collate = $wpdb->get_charset_collate();
		dbDelta( array( Iglr_Event_Store::schema( $charset_collate ), Iglr_Pending_Sign_Ins::schema( $charset_collate ) ) );
		update_option( Iglr_Keys::OPTION_DB_VERSION, self::DB_VERSION );
		if ( ! wp_next_scheduled( Iglr_Keys::CRON_PRUNE ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', Iglr_Keys::CRON_PRUNE );
		}
	}
}
