<?php
/**
 * The store's own registration, as the way forward when Instagram does not sign a shopper in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Where the store's normal registration is (WooCommerce's My Account form
 * when registration is open there, else wp-login.php's when the site lets
 * anyone register), and the shopper's Instagram @handle carried to it when
 * the plugin knows it: the registration form's username is then filled in
 * with it, where the form asks for one. The handle travels signed
 * (iglr_handle, iglr_handle_sig), so nobody can make the store's form or
 * pages show a name of their choosing.
 */
final class Iglr_Registration {

	/** Instagram usernames: letters, digits, "." and "_", at most 30. */
	const HANDLE_PATTERN = '/^[A-Za-z0-9._]{1,30}$/';

	/**
	 * The registration form's address, or '' when the store takes no registrations.
	 *
	 * @param string $handle The shopper's Instagram username, or '' when unknown.
	 * @return string
	 */
	public static function url( $handle = '' ) {
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && function_exists( 'wc_get_page_permalink' ) && 'yes' === get_option( 'woocommerce_enable_myaccount_registration' ) ) {
			$url = wc_get_page_permalink( 'myaccount' );
		} elseif ( get_option( 'users_can_register' ) ) {
			$url = wp_registration_url();
		} else {
			return '';
		}
		return '' === $handle ? $url : add_query_arg( self::signed_handle( $handle ), $url );
	}

	/**
	 * Whether the registration form asks for a username (so a known handle is filled in there).
	 *
	 * @return bool
	 */
	public static function asks_username() {
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && 'yes' === get_option( 'woocommerce_enable_myaccount_registration' ) ) {
			return 'no' === get_option( 'woocommerce_registration_generate_username', 'yes' );
		}
		return (bool) get_option( 'users_can_register' );
	}

	/**
	 * A handle with its signature, as query arguments.
	 *
	 * @param string $handle Instagram username.
	 * @return array<string,string> Empty for something that is not a handle.
	 */
	public static function signed_handle( $handle ) {
		$handle = (string) $handle;
		if ( ! preg_match( self::HANDLE_PATTERN, $handle ) ) {
			return array();
		}
		return array(
			'iglr_handle'     => $handle,
			'iglr_handle_sig' => self::signature( $handle ),
		);
	}

	/**
	 * The handle the current request carries, when its signature is this site's.
	 *
	 * @return string '' when there is none or it is not signed by this site.
	 */
	public static function requested_handle() {
		// Read-only: it fills in a form field or names the shopper on a page.
		$handle    = Iglr_Request::query( 'iglr_handle', 30 );
		$signature = Iglr_Request::query( 'iglr_handle_sig', 64 );
		if ( ! preg_match( self::HANDLE_PATTERN, $handle ) || ! hash_equals( self::signature( $handle ), $signature ) ) {
			return '';
		}
		return $handle;
	}

	/**
	 * Fills the registration form's username with the carried handle
	 * (woocommerce_register_form_end, register_form). The forms read their
	 * fields only from a submitted form, so a line of script sets it, and
	 * only when the shopper has typed nothing there.
	 */
	public static function prefill_username() {
		$handle = self::requested_handle();
		if ( '' === $handle ) {
			return;
		}
		// WooCommerce's field (shown when it does not make usernames itself), then wp-login.php's.
		$script = sprintf(
			'(function(){var f=document.getElementById("reg_username")||document.getElementById("user_login");if(f&&!f.value){f.value=%s;}})();',
			wp_json_encode( $handle )
		);
		wp_print_inline_script_tag( $script );
	}

	/**
	 * The signature of a handle, with a key only this site has.
	 *
	 * @param string $handle Instagram username.
	 * @return string
	 */
	private static function signature( $handle ) {
		return hash_hmac( 'sha256', 'iglr_handle|' . $handle, wp_salt( 'nonce' ) );
	}
}
