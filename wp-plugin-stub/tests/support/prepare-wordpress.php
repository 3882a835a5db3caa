<?php
/**
 * Run by tests/bootstrap.php in its own PHP process (WordPress loads at file
 * scope here, without PHPUnit's function-scope problem): makes sure the
 * WordPress in argv[1] runs this working tree's plugin, active and installed.
 *
 * @package ig-login-relay
 */

$iglr_wp_dir     = rtrim( $argv[1], '/' );
$iglr_plugin_dir = dirname( __DIR__, 2 );

$_SERVER['HTTP_HOST']   = '127.0.0.1';
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_USE_THEMES', false );
require $iglr_wp_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$iglr_link = WP_PLUGIN_DIR . '/ig-login-relay';
if ( ! file_exists( $iglr_link ) && ! is_link( $iglr_link ) ) {
	symlink( $iglr_plugin_dir, $iglr_link );
}
if ( realpath( $iglr_link ) !== realpath( $iglr_plugin_dir ) ) {
	fwrite( STDERR, "$iglr_link is not this working tree ($iglr_plugin_dir).\n" );
	exit( 1 );
}
if ( ! is_plugin_active( 'ig-login-relay/ig-login-relay.php' ) ) {
	$iglr_result = activate_plugin( 'ig-login-relay/ig-login-relay.php' );
	if ( is_wp_error( $iglr_result ) ) {
		fwrite( STDERR, $iglr_result->get_error_message() . "\n" );
		exit( 1 );
	}
}
// The tables exist even if an earlier run's uninstall test dropped them.
Iglr_Installer::install();
// Where PHP errors go, so the bootstrap can watch that file from before WordPress loads.
echo ini_get( 'error_log' ), "\n";
exit( 0 );
