<?php
/**
 * The addresses of the plugin's entry points.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * URLs of the plugin's entry points on this site: the sign-in's start and
 * return, the webhook, the settings page.
 */
final class Iglr_Urls {

	/**
	 * The "Continue with Instagram" target: the same for every visitor of a
	 * page, so pages holding the button can be cached.
	 *
	 * @param string $redirect_to Where to go after signing in.
	 * @return string
	 */
	public static function start_url( $redirect_to ) {
		return add_query_arg(
			array(
				Iglr_Keys::QUERY_ACTION => 'start',
				'purpose'               => 'login',
				'redirect_to'           => rawurlencode( $redirect_to ),
			),
			home_url( '/' )
		);
	}

	/**
	 * A signed-in user's "Link Instagram" target: carries their own nonce, so
	 * only a page shown to them can start linking their account.
	 *
	 * @param string $redirect_to The page that asks them to confirm afterwards.
	 * @return string
	 */
	public static function link_url( $redirect_to ) {
		return add_query_arg(
			array(
				Iglr_Keys::QUERY_ACTION => 'start',
				'purpose'               => 'link',
				'redirect_to'           => rawurlencode( $redirect_to ),
				'_wpnonce'              => wp_create_nonce( Iglr_Keys::ACTION_LINK ),
			),
			home_url( '/' )
		);
	}

	/**
	 * Where the relay sends the browser back (its origin is this site's return origin).
	 *
	 * @return string
	 */
	public static function return_url() {
		return add_query_arg( Iglr_Keys::QUERY_ACTION, 'return', home_url( '/' ) );
	}

	/**
	 * This site's webhook URL, to register with the relay.
	 *
	 * @return string
	 */
	public static function webhook_url() {
		return rest_url( Iglr_Keys::REST_NAMESPACE . Iglr_Keys::REST_WEBHOOK_ROUTE );
	}

	/**
	 * The origin the relay must allow as return_to (scheme, host, port).
	 *
	 * @return string
	 */
	public static function return_origin() {
		$parts  = wp_parse_url( home_url( '/' ) );
		$origin = $parts['scheme'] . '://' . $parts['host'];
		return isset( $parts['port'] ) ? $origin . ':' . $parts['port'] : $origin;
	}

	/**
	 * The settings page. admin.php?page= reaches it under WooCommerce or Settings alike.
	 *
	 * @param array $args Extra query arguments.
	 * @return string
	 */
	public static function settings_url( array $args = array() ) {
		return add_query_arg( array_merge( array( 'page' => Iglr_Keys::ADMIN_PAGE ), $args ), admin_url( 'admin.php' ) );
	}
}
