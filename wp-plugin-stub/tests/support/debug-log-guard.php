<?php
/**
 * Fails the run when the plugin wrote a PHP warning, notice or deprecation to
 * the debug log. PHPUnit turns those into test failures while a test runs;
 * this catches the rest (loading WordPress and the plugin, hooks fired
 * outside a test).
 *
 * @package ig-login-relay
 */

/**
 * Watches the log from now until the process ends.
 *
 * @param string $log The error_log file WordPress uses ('' when none).
 */
function iglr_watch_debug_log( $log ) {
	if ( '' === $log ) {
		return;
	}
	clearstatcache();
	$offset = is_file( $log ) ? filesize( $log ) : 0;
	register_shutdown_function(
		function () use ( $log, $offset ) {
			clearstatcache();
			if ( ! is_file( $log ) || filesize( $log ) <= $offset ) {
				return;
			}
			$plugin = realpath( dirname( __DIR__, 2 ) );
			$ours   = array();
			foreach ( explode( "\n", (string) file_get_contents( $log, false, null, $offset ) ) as $line ) {
				if ( ( false !== strpos( $line, $plugin . '/' ) || false !== strpos( $line, 'plugins/ig-login-relay/' ) ) && false === strpos( $line, '/tests/' ) ) {
					$ours[] = $line;
				}
			}
			if ( ! empty( $ours ) ) {
				fwrite( STDERR, "\nThe plugin wrote to the debug log ($log):\n" . implode( "\n", $ours ) . "\n" );
				exit( 1 );
			}
		}
	);
}
