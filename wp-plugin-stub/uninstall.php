<?php
/**
 * Removes everything the plugin stored: options, transients, user meta,
 * tables and the scheduled jobs. The names come from Iglr_Keys, the same
 * list the plugin writes with.
 *
 * @package ig-login-relay
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

require_once __DIR__ . '/includes/class-iglr-keys.php';

$iglr_uninstall_site = function () {
	global $wpdb;
	foreach ( Iglr_Keys::options() as $option ) {
		delete_option( $option );
	}
	// Per-user transients: their names end in a user ID, so match by prefix.
	foreach ( Iglr_Keys::transient_prefixes() as $prefix ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one-off cleanup; no API deletes by prefix.
		$wpdb->query(
			$wpdb->prepare(
				"DELETE FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s",
				$wpdb->esc_like( '_transient_' . $prefix ) . '%',
				$wpdb->esc_like( '_transient_timeout_' . $prefix ) . '%'
			)
		);
	}
	foreach ( array_merge( Iglr_Keys::tables(), Iglr_Keys::RETIRED_TABLES ) as $table ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own table name; identifiers cannot be placeholders.
		$wpdb->query( 'DROP TABLE IF EXISTS ' . Iglr_Keys::table( $table ) );
	}
	foreach ( Iglr_Keys::cron_hooks() as $hook ) {
		wp_clear_scheduled_hook( $hook );
	}
	// The copies of Instagram pictures kept as avatars, files included.
	$pictures = get_posts(
		array(
			'post_type'   => 'attachment',
			'post_status' => 'any',
			'meta_key'    => Iglr_Keys::POST_META_PICTURE_OF, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- once, at uninstall.
			'fields'      => 'ids',
			'numberposts' => -1,
		)
	);
	foreach ( $pictures as $attachment_id ) {
		wp_delete_attachment( $attachment_id, true );
	}
};

if ( is_multisite() ) {
	foreach ( get_sites(
		array(
			'fields' => 'ids',
			'number' => 0,
		)
	) as $iglr_site_id ) {
		switch_to_blog( $iglr_site_id );
		$iglr_uninstall_site();
		restore_current_blog();
	}
} else {
	$iglr_uninstall_site();
}

// User meta is shared by all sites of a network: removed once.
foreach ( Iglr_Keys::user_meta() as $iglr_meta_key ) {
	delete_metadata( 'user', 0, $iglr_meta_key, '', true );
}
wp_cache_flush();
