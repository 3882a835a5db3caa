<?php
/**
 * Loads a real WordPress (directory in IGLR_WP_DIR) with this working tree's
 * plugin active. No WordPress test library: each test runs in a database
 * transaction that is rolled back (Iglr_Test_Case).
 *
 * @package ig-login-relay
 */

// PHPUnit includes this file from inside a method, so the variables WordPress
// creates at file scope would be locals; declare them global first.
global $wpdb, $wp, $wp_query, $wp_the_query, $wp_rewrite, $wp_roles, $wp_locale, $wp_version, $wp_db_version,
	$wp_filter, $wp_actions, $wp_current_filter, $wp_filters, $shortcode_tags, $table_prefix, $wp_embed,
	$wp_post_types, $wp_taxonomies, $wp_post_statuses, $wp_scripts, $wp_styles, $pagenow, $allowedposttags,
	$allowedtags, $allowedentitynames, $current_user, $current_site, $current_blog, $wp_object_cache,
	$wp_plugin_paths, $wp_theme_directories, $wp_registered_settings, $new_allowed_options, $wp_settings_errors,
	$wp_rest_server, $wp_textdomain_registry, $wp_locale_switcher, $wp_widget_factory, $phpmailer, $l10n,
	$wp_meta_boxes, $wp_customize, $wp_hasher, $required_php_version, $required_mysql_version, $tinymce_version,
	$wp_local_package, $wp_did_header, $wp_xmlrpc_server, $wp_sitemaps, $super_admins, $timestart, $timeend,
	$blog_id, $wp_default_headers, $wp_registered_sidebars, $wp_registered_widgets, $wp_registered_widget_controls,
	$wp_registered_widget_updates, $wp_nav_menu_max_depth, $wp_scripts_modules, $wp_block_supports;

$iglr_wp_dir = getenv( 'IGLR_WP_DIR' );
if ( ! $iglr_wp_dir || ! is_file( rtrim( $iglr_wp_dir, '/' ) . '/wp-load.php' ) ) {
	fwrite( STDERR, "Set IGLR_WP_DIR to a WordPress directory (see test/wordpress/provision.sh WP_DIR DB_NAME SITE_URL).\n" );
	exit( 1 );
}
$iglr_wp_dir = rtrim( $iglr_wp_dir, '/' );

// Activate the plugin from this working tree, in a process of its own.
exec( escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg( __DIR__ . '/support/prepare-wordpress.php' ) . ' ' . escapeshellarg( $iglr_wp_dir ), $iglr_output, $iglr_status );
if ( 0 !== $iglr_status ) {
	fwrite( STDERR, implode( "\n", $iglr_output ) . "\nCould not prepare WordPress in $iglr_wp_dir.\n" );
	exit( 1 );
}
require __DIR__ . '/support/debug-log-guard.php';
iglr_watch_debug_log( (string) end( $iglr_output ) );

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['SERVER_NAME'] = '127.0.0.1';
define( 'WP_USE_THEMES', false );
require $iglr_wp_dir . '/wp-load.php';

if ( ! class_exists( 'Iglr_Keys' ) || realpath( WP_PLUGIN_DIR . '/ig-login-relay' ) !== realpath( dirname( __DIR__ ) ) ) {
	fwrite( STDERR, "WordPress did not load this working tree's plugin.\n" );
	exit( 1 );
}

// Tests never send headers.
add_filter( 'send_auth_cookies', '__return_false' );
// Start the REST server now, so what rest_api_init registers is part of every test's baseline hooks.
rest_get_server();

require __DIR__ . '/support/class-iglr-test-browser.php';
require __DIR__ . '/support/class-iglr-test-case.php';
