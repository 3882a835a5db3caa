<?php
/**
 * The email address step of a new Instagram account.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Instagram shares no email address, and without one password resets, order
 * emails and WooCommerce's own account flows fail quietly. So right after
 * the sign-in that creates an account, the shopper is asked for one, on a
 * page of its own (?iglr=complete-account, Iglr_Email_Step_Page). With the
 * step required, an account made by Instagram sign-up that has no address
 * cannot use any page signed in (nor wp-admin) until it gives one; signing
 * out always works. With it optional, the shopper may skip it.
 *
 * The address is checked with is_email(), saved with wp_update_user() and
 * never used to find another account: one that is already taken is refused,
 * and the shopper is told to sign in to that account and link Instagram
 * from there (Iglr_Account_Handover).
 */
class Iglr_Email_Step {

	/** The step's ?iglr= value. */
	const QUERY_VALUE = 'complete-account';

	/** Nonce action and field of the email form. */
	const NONCE_ACTION = 'iglr_complete_account';
	const NONCE_FIELD  = 'iglr_email_step_nonce';

	/** Nonce action and field of "Sign in to that account" (gives the new account's Instagram link up). */
	const HANDOVER_NONCE_ACTION = 'iglr_use_existing_account';
	const HANDOVER_NONCE_FIELD  = 'iglr_handover_nonce';

	/** The longest address WordPress stores. */
	const MAX_EMAIL_LENGTH = 100;

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
	 * Gives Instagram back to the account a shopper already had.
	 *
	 * @var Iglr_Account_Handover
	 */
	private $handover;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Browser.
	 *
	 * @var Iglr_Browser
	 */
	private $browser;

	/**
	 * Constructor.
	 *
	 * @param Iglr_New_Account_Settings $settings The settings.
	 * @param Iglr_User_Links           $links    User links.
	 * @param Iglr_Account_Handover     $handover Gives Instagram back to the account a shopper already had.
	 * @param Iglr_Delivery_Log         $log      Delivery log.
	 * @param Iglr_Browser              $browser  Browser.
	 */
	public function __construct( Iglr_New_Account_Settings $settings, Iglr_User_Links $links, Iglr_Account_Handover $handover, Iglr_Delivery_Log $log, Iglr_Browser $browser ) {
		$this->settings = $settings;
		$this->links    = $links;
		$this->handover = $handover;
		$this->log      = $log;
		$this->browser  = $browser;
	}

	/**
	 * The step's address.
	 *
	 * @param string $redirect_to Where to continue afterwards.
	 * @return string
	 */
	public static function url( $redirect_to ) {
		return add_query_arg(
			array(
				Iglr_Keys::QUERY_ACTION => self::QUERY_VALUE,
				'redirect_to'           => rawurlencode( $redirect_to ),
			),
			home_url( '/' )
		);
	}

	/**
	 * Whether a user is asked for an email address: an account made by
	 * Instagram sign-up that still has none.
	 *
	 * @param int $user_id The user.
	 * @return bool
	 */
	public function needs_email( $user_id ) {
		return $user_id > 0 && $this->links->is_instagram_only( $user_id );
	}

	/**
	 * Whether a user may use nothing signed in until they give an address.
	 *
	 * @param int $user_id The user.
	 * @return bool
	 */
	public function blocks( $user_id ) {
		// The user's meta is already loaded for the request; the option is read only for these accounts.
		return $this->needs_email( $user_id ) && $this->settings->email_required();
	}

	/**
	 * Handles ?iglr=complete-account (template_redirect): shows the step, or
	 * takes its form.
	 */
	public function maybe_handle() {
		if ( self::QUERY_VALUE !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 32 ) ) {
			return;
		}
		$state = $this->respond();
		if ( null !== $state ) {
			Iglr_Theme_Page::render( __( 'Add your email address', 'ig-login-relay' ), Iglr_Email_Step_Page::content( wp_get_current_user(), $state ), 'iglr-email-step-page' );
		}
	}

	/**
	 * Takes the request: redirects when the step is done (or not for this
	 * visitor), else says what the page shows.
	 *
	 * @return array|null The page's state (Iglr_Email_Step_Page::content()), or null after a redirect.
	 */
	public function respond() {
		$posted  = Iglr_Request::post( 'iglr_email_step', 16 );
		$target  = self::continue_to( '' !== $posted ? Iglr_Request::post( 'redirect_to' ) : Iglr_Request::query( 'redirect_to' ) );
		$user_id = get_current_user_id();
		if ( ! $this->needs_email( $user_id ) ) {
			$this->browser->redirect( $target );
			return null;
		}
		$state = array(
			'redirect_to' => $target,
			'email'       => '',
			'error'       => '',
			'skippable'   => ! $this->settings->email_required(),
		);
		if ( '' === $posted ) {
			return $state;
		}
		if ( ! current_user_can( 'edit_user', $user_id ) ) {
			$state['error'] = 'expired';
			return $state;
		}
		if ( 'handover' === $posted ) {
			$this->hand_over( $user_id );
			return null;
		}
		if ( ! wp_verify_nonce( Iglr_Request::post( self::NONCE_FIELD, 64 ), self::NONCE_ACTION ) ) {
			$state['error'] = 'expired';
			return $state;
		}
		$state['email'] = trim( Iglr_Request::post( 'iglr_email', 254 ) );
		$saved          = $this->save_email( $user_id, $state['email'] );
		if ( is_wp_error( $saved ) ) {
			$state['error'] = $saved->get_error_code();
			return $state;
		}
		$this->browser->redirect( $target );
		return null;
	}

	/**
	 * Gives a user their first email address.
	 *
	 * @param int    $user_id The user (an account made by Instagram sign-up without one).
	 * @param string $email   The address typed.
	 * @return true|WP_Error Error codes: invalid, taken, failed.
	 */
	public function save_email( $user_id, $email ) {
		$email = (string) $email;
		if ( strlen( $email ) > self::MAX_EMAIL_LENGTH || ! is_email( $email ) ) {
			return new WP_Error( 'invalid' );
		}
		// Never matched to that account: the shopper signs in to it themselves.
		if ( email_exists( $email ) ) {
			return new WP_Error( 'taken' );
		}
		// The welcome email follows (Iglr_Welcome_Email, on profile_update).
		$updated = wp_update_user(
			array(
				'ID'         => $user_id,
				'user_email' => $email,
			)
		);
		if ( is_wp_error( $updated ) ) {
			return new WP_Error( 'failed', $updated->get_error_message() );
		}
		// WooCommerce fills its checkout from the billing address: start it with this one.
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && '' === (string) get_user_meta( $user_id, 'billing_email', true ) ) {
			update_user_meta( $user_id, 'billing_email', $email );
		}
		return true;
	}

	/**
	 * Keeps an account that must give an address on the step (template_redirect,
	 * after the plugin's own handlers). Signing out, and the plugin's own
	 * addresses, stay open.
	 */
	public function require_email() {
		if ( ! $this->blocks( get_current_user_id() ) || '' !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 32 ) ) {
			return;
		}
		if ( function_exists( 'is_wc_endpoint_url' ) && is_wc_endpoint_url( 'customer-logout' ) ) {
			return;
		}
		// Back here afterwards, unless the address is too long to carry (the redirect's header has limits).
		$here = Iglr_Return_Target::current_page();
		$this->browser->redirect( self::url( strlen( $here ) <= Iglr_Pending_Sign_Ins::MAX_REDIRECT_LENGTH ? $here : Iglr_Sign_In_Destination::my_account_url() ) );
	}

	/**
	 * The same in wp-admin (admin_init): a subscriber's profile page and the
	 * dashboard wait for the address too. admin-post.php and admin-ajax.php
	 * answer forms and scripts, not pages, and keep their own checks.
	 */
	public function require_email_in_admin() {
		global $pagenow;
		if ( wp_doing_ajax() || 'admin-post.php' === $pagenow || ! $this->blocks( get_current_user_id() ) ) {
			return;
		}
		$this->browser->redirect( self::url( Iglr_Sign_In_Destination::my_account_url() ) );
	}

	/**
	 * "Sign in to that account": the new account gives its Instagram link up,
	 * the shopper is signed out and sent to sign in to the account they had.
	 *
	 * @param int $user_id The signed-in account made by Instagram sign-up.
	 */
	private function hand_over( $user_id ) {
		if ( ! wp_verify_nonce( Iglr_Request::post( self::HANDOVER_NONCE_FIELD, 64 ), self::HANDOVER_NONCE_ACTION ) ) {
			$this->browser->redirect( self::url( Iglr_Sign_In_Destination::my_account_url() ) );
			return;
		}
		$link = $this->links->link_of( $user_id );
		wp_logout();
		$released = $this->handover->release( $user_id );
		if ( ! is_wp_error( $released ) ) {
			$this->log->add(
				'signup_handed_over',
				array(
					'detail' => sprintf( 'user #%1$d %2$s @%3$s', $user_id, $released, null === $link ? '' : $link['username'] ),
				)
			);
		}
		$account = Iglr_Sign_In_Destination::my_account_url();
		$sign_in = Iglr_Woocommerce_Compatibility::woocommerce_active() ? $account : wp_login_url( $account );
		$this->browser->redirect( add_query_arg( Iglr_Keys::QUERY_NOTICE, Iglr_Messages::SIGN_IN_TO_LINK, $sign_in ) );
	}

	/**
	 * Where the step continues: a same-site address that is not one of the
	 * plugin's own handlers, else My Account.
	 *
	 * @param string $requested The requested destination.
	 * @return string
	 */
	private static function continue_to( $requested ) {
		$default = Iglr_Sign_In_Destination::my_account_url();
		$target  = wp_validate_redirect( esc_url_raw( (string) $requested ), '' );
		if ( '' === $target || false !== strpos( $target, Iglr_Keys::QUERY_ACTION . '=' ) ) {
			return $default;
		}
		return $target;
	}
}
