<?php
/**
 * Plain-words messages for people signing in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The fixed set of messages shown after a sign-in. Redirects carry only a
 * code from this set (?iglr_error= / ?iglr_notice=), never text, so nobody can
 * make the site print words of their choosing. Details go to the delivery log.
 */
final class Iglr_Messages {

	const CANCELLED        = 'cancelled';
	const REFUSED          = 'refused';
	const FAILED           = 'failed';
	const UNAVAILABLE      = 'unavailable';
	const LINKED_ELSEWHERE = 'linked_elsewhere';
	const NOT_ALLOWED      = 'not_allowed';
	const UNLINK_REFUSED   = 'unlink_refused';
	const LINK_EXPIRED     = 'link_expired';
	/** Refusals shown on a page of their own (Iglr_Sign_In_Problems), with CANCELLED. */
	const NOT_PROFESSIONAL    = 'not_professional';
	const NOT_TESTER          = 'not_tester';
	const ACCOUNT_NOT_CREATED = 'account_not_created';

	const LINKED     = 'linked';
	const UNLINKED   = 'unlinked';
	const CONNECTED  = 'connected';
	const NOT_LINKED = 'not_linked';
	/** After a new account gave its Instagram link back (Iglr_Account_Handover). */
	const SIGN_IN_TO_LINK = 'sign_in_to_link';

	/**
	 * The shopper's code for the relay's igr_error (and igr_reason).
	 *
	 * @param string $igr_error  The relay's code: access_denied, instagram_error, delivery_failed, invalid_request and others.
	 * @param string $igr_reason With instagram_error, why when the relay knows: not_professional (a personal
	 *                           account) or not_tester (an app in Standard Access, an account without a role on it).
	 * @return string
	 */
	public static function for_relay_error( $igr_error, $igr_reason = '' ) {
		if ( 'access_denied' === $igr_error ) {
			return self::CANCELLED;
		}
		if ( 'instagram_error' === $igr_error ) {
			if ( 'not_professional' === $igr_reason ) {
				return self::NOT_PROFESSIONAL;
			}
			if ( 'not_tester' === $igr_reason ) {
				return self::NOT_TESTER;
			}
			return self::REFUSED;
		}
		return self::FAILED;
	}

	/**
	 * Error text for a code.
	 *
	 * @param string $code One of the error constants.
	 * @return string|null Null for an unknown code.
	 */
	public static function error_text( $code ) {
		$texts = array(
			self::CANCELLED           => __( 'You cancelled signing in with Instagram. Nothing was shared with the store.', 'ig-login-relay' ),
			self::REFUSED             => __( 'Instagram did not let you sign in. Instagram sign-in works with professional (Creator or Business) accounts; if yours is one, please try again.', 'ig-login-relay' ),
			self::FAILED              => __( 'Sorry, the store could not complete the sign-in with Instagram. Please try again.', 'ig-login-relay' ),
			self::UNAVAILABLE         => __( 'Instagram sign-in is unavailable right now. Please try again in a few minutes, or sign in another way.', 'ig-login-relay' ),
			self::LINKED_ELSEWHERE    => __( 'This Instagram account is already linked to another account on this store. Sign in to that account with Instagram, or link another Instagram account here.', 'ig-login-relay' ),
			self::NOT_ALLOWED         => __( 'For its safety, this account cannot sign in with Instagram. Please sign in with your username and password.', 'ig-login-relay' ),
			self::UNLINK_REFUSED      => __( 'Add an email address to your account before unlinking Instagram, so that you can still sign in.', 'ig-login-relay' ),
			self::LINK_EXPIRED        => __( 'That request to link Instagram has expired. Please use the "Link Instagram" button on your account page again.', 'ig-login-relay' ),
			self::NOT_PROFESSIONAL    => __( 'Instagram sign-in needs a professional (Creator or Business) account. You can switch to one for free in the Instagram app.', 'ig-login-relay' ),
			self::NOT_TESTER          => __( 'Instagram sign-in is still being tested on this store: only its Instagram testers can use it for now.', 'ig-login-relay' ),
			self::ACCOUNT_NOT_CREATED => __( 'The store could not create an account for this Instagram account.', 'ig-login-relay' ),
		);
		return isset( $texts[ $code ] ) ? $texts[ $code ] : null;
	}

	/**
	 * Success text for a code.
	 *
	 * @param string $code One of LINKED, UNLINKED, CONNECTED.
	 * @return string|null Null for an unknown code.
	 */
	public static function notice_text( $code ) {
		$texts = array(
			self::LINKED          => __( 'Your Instagram account is now linked. You can use it to sign in next time.', 'ig-login-relay' ),
			self::UNLINKED        => __( 'Instagram is no longer linked to your account.', 'ig-login-relay' ),
			self::CONNECTED       => __( "The store's Instagram account is connected.", 'ig-login-relay' ),
			self::NOT_LINKED      => __( 'Nothing was linked.', 'ig-login-relay' ),
			self::SIGN_IN_TO_LINK => __( 'Sign in to your account, then choose "Link Instagram" on your account page to sign in with Instagram from now on.', 'ig-login-relay' ),
		);
		return isset( $texts[ $code ] ) ? $texts[ $code ] : null;
	}

	/**
	 * Where to send someone so they see an error: back to the page they came
	 * from when it can show it (a WooCommerce page, or any page for someone
	 * signed in), else the WordPress login page.
	 *
	 * @param string $target Where the sign-in started or was going.
	 * @param string $code   Error code.
	 * @return string
	 */
	public static function error_url( $target, $code ) {
		$target   = wp_validate_redirect( $target, home_url( '/' ) );
		$is_admin = 0 === strpos( $target, admin_url() ) || 0 === strpos( $target, wp_parse_url( admin_url(), PHP_URL_PATH ) );
		if ( is_user_logged_in() || ( Iglr_Woocommerce_Compatibility::woocommerce_active() && ! $is_admin ) ) {
			return add_query_arg( Iglr_Keys::QUERY_ERROR, $code, $target );
		}
		return add_query_arg( Iglr_Keys::QUERY_ERROR, $code, wp_login_url( $target ) );
	}

	/**
	 * The codes in the current request.
	 *
	 * @return array{0:string|null,1:string|null} Error text and notice text.
	 */
	private static function requested() {
		// Read-only: each selects one of the fixed texts.
		$error  = sanitize_key( Iglr_Request::query( Iglr_Keys::QUERY_ERROR, 32 ) );
		$notice = sanitize_key( Iglr_Request::query( Iglr_Keys::QUERY_NOTICE, 32 ) );
		return array( self::error_text( $error ), self::notice_text( $notice ) );
	}

	/**
	 * The WooCommerce notices the current request asks for.
	 *
	 * @return array[] Each array( text, 'error' | 'success' ).
	 */
	public static function woocommerce_notices() {
		list( $error, $notice ) = self::requested();
		$notices                = array();
		if ( null !== $error ) {
			$notices[] = array( $error, 'error' );
		}
		if ( null !== $notice ) {
			$notices[] = array( $notice, 'success' );
		}
		return $notices;
	}

	/**
	 * Shows the message as a WooCommerce notice (template_redirect, before
	 * WooCommerce prints its notices).
	 */
	public static function add_woocommerce_notice() {
		if ( ! function_exists( 'wc_add_notice' ) ) {
			return;
		}
		foreach ( self::woocommerce_notices() as $notice ) {
			wc_add_notice( $notice[0], $notice[1] );
		}
	}

	/**
	 * Shows the message on wp-login.php (filter wp_login_errors).
	 *
	 * @param WP_Error $errors The login page's messages.
	 * @return WP_Error
	 */
	public static function login_errors( $errors ) {
		list( $error, $notice ) = self::requested();
		if ( ! $errors instanceof WP_Error ) {
			$errors = new WP_Error();
		}
		if ( null !== $error ) {
			$errors->add( 'iglr_error', esc_html( $error ) );
		}
		if ( null !== $notice ) {
			$errors->add( 'iglr_notice', esc_html( $notice ), 'message' );
		}
		return $errors;
	}

	/**
	 * Shows the message in wp-admin (the profile page, the settings page).
	 */
	public static function admin_notice() {
		list( $error, $notice ) = self::requested();
		if ( null !== $error ) {
			printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $error ) );
		}
		if ( null !== $notice ) {
			printf( '<div class="notice notice-success is-dismissible"><p>%s</p></div>', esc_html( $notice ) );
		}
	}
}
