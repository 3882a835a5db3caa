<?php
/**
 * Where a shopper goes once Instagram signed them in.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The page after a completed Instagram sign-in, as the store chose in "New
 * accounts": back where the shopper was (the page the button was on, or
 * where WooCommerce's "Log in" link was going), My Account, or a page of the
 * site; separately for signing in and for signing up. An account that still
 * needs an email address goes to the email step first, which then continues
 * there. Every destination stays on this site.
 */
class Iglr_Sign_In_Destination {

	/**
	 * The settings.
	 *
	 * @var Iglr_New_Account_Settings
	 */
	private $settings;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Constructor.
	 *
	 * @param Iglr_New_Account_Settings $settings The settings.
	 * @param Iglr_User_Links           $links    User links.
	 */
	public function __construct( Iglr_New_Account_Settings $settings, Iglr_User_Links $links ) {
		$this->settings = $settings;
		$this->links    = $links;
	}

	/**
	 * Where to send someone Instagram just signed in.
	 *
	 * @param WP_User $user      The user signed in.
	 * @param bool    $is_new    Whether this sign-in created the account.
	 * @param string  $came_from Where the sign-in started or was going (validated when it started).
	 * @return string
	 */
	public function after_sign_in( WP_User $user, $is_new, $came_from ) {
		$target = $this->configured( $is_new ? 'sign_up' : 'sign_in', $came_from );
		// A new account is asked once whatever the mode; with the step required, every time until it has an address.
		if ( $this->links->is_instagram_only( $user->ID ) && ( $is_new || $this->settings->email_required() ) ) {
			return Iglr_Email_Step::url( $target );
		}
		return $target;
	}

	/**
	 * The destination the store chose for signing in or signing up.
	 *
	 * @param string $moment    'sign_in' or 'sign_up'.
	 * @param string $came_from Where the sign-in started or was going.
	 * @return string
	 */
	public function configured( $moment, $came_from ) {
		list( $choice, $page_id ) = $this->settings->destination( $moment );
		$fallback                 = wp_validate_redirect( (string) $came_from, home_url( '/' ) );
		if ( 'my_account' === $choice ) {
			return self::my_account_url();
		}
		if ( 'page' === $choice ) {
			$permalink = get_permalink( $page_id );
			return is_string( $permalink ) ? wp_validate_redirect( $permalink, $fallback ) : $fallback;
		}
		return $fallback;
	}

	/**
	 * WooCommerce's My Account, or the WordPress profile page without WooCommerce.
	 *
	 * @return string
	 */
	public static function my_account_url() {
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && function_exists( 'wc_get_page_permalink' ) ) {
			return wc_get_page_permalink( 'myaccount' );
		}
		return admin_url( 'profile.php' );
	}
}
