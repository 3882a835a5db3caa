<?php
/**
 * Where a shopper comes back to after signing in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The address the "Continue with Instagram" link asks to come back to: the
 * redirect_to the page was given (WooCommerce's "Log in" link at checkout
 * sends shoppers to My Account with redirect_to=…/checkout/), else the page
 * the button sits on. Both are the same for every visitor of an address, so
 * pages holding the button can still be cached. The start handler validates
 * the address again (wp_validate_redirect) before anyone is sent there.
 */
final class Iglr_Return_Target {

	/**
	 * The requested redirect_to when it stays on this site, else the current page.
	 *
	 * @return string
	 */
	public static function requested_or_current() {
		// Read-only: it only chooses where a link points.
		$requested = esc_url_raw( Iglr_Request::query( 'redirect_to' ) );
		$requested = '' !== $requested ? wp_validate_redirect( $requested, '' ) : '';
		return '' !== $requested ? $requested : self::current_page();
	}

	/**
	 * The page being shown: a post's or page's permalink, else the requested
	 * address (the shop, a category, search results) on this site.
	 *
	 * @return string
	 */
	public static function current_page() {
		$permalink = is_singular() ? get_permalink() : false;
		if ( $permalink ) {
			return $permalink;
		}
		$request   = isset( $_SERVER['REQUEST_URI'] ) ? esc_url_raw( wp_unslash( $_SERVER['REQUEST_URI'] ) ) : '';
		$home_path = (string) wp_parse_url( home_url( '/' ), PHP_URL_PATH );
		// home_url() adds the home path itself: pass only what follows it (a site in /shop/ asks for /shop/cart/).
		if ( '' === $home_path || 0 !== strpos( $request, $home_path ) ) {
			return home_url( '/' );
		}
		return home_url( '/' . substr( $request, strlen( $home_path ) ) );
	}
}
