<?php
/**
 * A clean address after signing in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Instagram sends the browser back with "#_" appended. Browsers keep a
 * fragment across redirects that have none of their own (RFC 9110, 10.2.2),
 * so the "#_" reaches the page the shopper lands on. Only the browser can
 * drop it: a one-line script in the head, on every page, since any page can
 * be where a sign-in ends and the script must not depend on the visitor
 * (cached pages carry it too).
 */
final class Iglr_Address_Bar {

	/**
	 * Prints the script (wp_head, login_head, admin_head).
	 */
	public static function print_fragment_cleanup() {
		wp_print_inline_script_tag( "if(location.hash==='#_'){history.replaceState(history.state,'',location.href.slice(0,-2));}" );
	}
}
