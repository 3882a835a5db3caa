<?php
/**
 * Plugin Name: Blame ig-login-relay's notices (tests only)
 * Description: PHP logs a notice where it is raised, often in WordPress's or WooCommerce's own code (a deprecated function, _doing_it_wrong, a null passed to a core function), so the log line need not name the plugin that caused it. For every notice, warning or deprecation whose call stack passes through ig-login-relay's code, this also logs a line naming the plugin's frame, which the tests' debug.log check (pluginProblems) catches.
 */

$iglr_blame_plugin = realpath(WP_PLUGIN_DIR . '/ig-login-relay');
if ($iglr_blame_plugin !== false) {
    $iglr_blame_previous = null;
    $iglr_blame_previous = set_error_handler(function ($level, $message, $file = '', $line = 0) use ($iglr_blame_plugin, &$iglr_blame_previous) {
        // Declaration-time deprecations ("Return type of Requests_Cookie_Jar::offsetGet… should be compatible",
        // raised while PHP loads WordPress 6.1's Requests library on a site's first HTTP request) are about the
        // file being loaded, not about who called: PHP's own log line names that file, ours when it is ours.
        $declaration = strpos($message, 'Return type of ') === 0;
        if (!$declaration && (error_reporting() & $level) !== 0) {
            foreach (debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS) as $frame) {
                $frame_file = $frame['file'] ?? '';
                if (strpos($frame_file, $iglr_blame_plugin . '/') === 0 && strpos($frame_file, '/tests/') === false) {
                    $kind = in_array($level, [E_DEPRECATED, E_USER_DEPRECATED], true) ? 'Deprecated' : (in_array($level, [E_WARNING, E_USER_WARNING], true) ? 'Warning' : 'Notice');
                    error_log(sprintf('PHP %s raised through ig-login-relay at %s:%d: %s (in %s on line %d)', $kind, $frame_file, $frame['line'] ?? 0, $message, $file, $line));
                    break;
                }
            }
        }
        // WordPress, PHPUnit or PHP itself handles the error as it would have.
        return $iglr_blame_previous !== null ? (bool) call_user_func($iglr_blame_previous, $level, $message, $file, $line) : false;
    });
}
