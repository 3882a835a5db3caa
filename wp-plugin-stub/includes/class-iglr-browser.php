<?php
/**
 * What the sign-in handlers send to the browser.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Cookies and redirects, in one place so the handlers above it can be
 * exercised without sending headers (tests record the calls instead).
 */
class Iglr_Browser {

	/**
	 * Sets an HttpOnly, SameSite=Lax cookie, Secure on https sites. Lax lets it
	 * come back on the relay's top-level redirect to this site.
	 *
	 * @param string $name    Cookie name.
	 * @param string $value   Value.
	 * @param int    $expires Unix time.
	 */
	public function set_cookie( $name, $value, $expires ) {
		if ( headers_sent() ) {
			return;
		}
		setcookie(
			$name,
			$value,
			array(
				'expires'  => $expires,
				'path'     => COOKIEPATH ? COOKIEPATH : '/',
				'domain'   => COOKIE_DOMAIN ? COOKIE_DOMAIN : '',
				'secure'   => is_ssl(),
				'httponly' => true,
				'samesite' => 'Lax',
			)
		);
	}

	/**
	 * Deletes a cookie set by set_cookie().
	 *
	 * @param string $name Cookie name.
	 */
	public function clear_cookie( $name ) {
		$this->set_cookie( $name, '', time() - YEAR_IN_SECONDS );
	}

	/**
	 * Redirects within this site and stops.
	 *
	 * @param string $url Target (validated again by wp_safe_redirect).
	 */
	public function redirect( $url ) {
		nocache_headers();
		wp_safe_redirect( $url, 302 );
		exit;
	}

	/**
	 * Redirects to the relay and stops. Only for URLs this plugin built from
	 * the configured relay URL, which wp_safe_redirect would refuse as foreign.
	 *
	 * @param string $url The signed /authorize link.
	 */
	public function redirect_to_relay( $url ) {
		nocache_headers();
		wp_redirect( $url, 302 ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- the configured relay, not user input.
		exit;
	}
}
