<?php
/**
 * The "New accounts" section of the settings page.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The fields of Iglr_New_Account_Settings, added to the settings page's form
 * (Settings API sections), so the page's one Save button saves them too.
 */
class Iglr_New_Account_Settings_Section {

	const SECTION = 'iglr_new_accounts';

	/**
	 * The settings.
	 *
	 * @var Iglr_New_Account_Settings
	 */
	private $settings;

	/**
	 * Constructor.
	 *
	 * @param Iglr_New_Account_Settings $settings The settings.
	 */
	public function __construct( Iglr_New_Account_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Adds the section and its fields (admin_init).
	 */
	public function add_fields() {
		add_settings_section( self::SECTION, __( 'New accounts', 'ig-login-relay' ), array( $this, 'intro' ), Iglr_Keys::ADMIN_PAGE );
		add_settings_field( 'iglr_email_step', __( 'Email address', 'ig-login-relay' ), array( $this, 'email_step_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION );
		add_settings_field( 'iglr_new_user_role', __( 'Role', 'ig-login-relay' ), array( $this, 'role_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION, array( 'label_for' => 'iglr_new_user_role' ) );
		add_settings_field( 'iglr_redirect_after_sign_in', __( 'After signing in', 'ig-login-relay' ), array( $this, 'destination_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION, array( 'moment' => 'sign_in' ) );
		add_settings_field( 'iglr_redirect_after_sign_up', __( 'After signing up', 'ig-login-relay' ), array( $this, 'destination_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION, array( 'moment' => 'sign_up' ) );
	}

	/**
	 * Intro of the section.
	 */
	public function intro() {
		echo '<p>' . esc_html__( 'Accounts made by "Continue with Instagram". Instagram does not share email addresses, so new customers are asked for one right after their first sign-in. Accounts are never matched by email.', 'ig-login-relay' ) . '</p>';
	}

	/**
	 * Required or optional email address step.
	 */
	public function email_step_field() {
		$current = $this->settings->values()['email_step'];
		$choices = array(
			Iglr_New_Account_Settings::EMAIL_STEP_REQUIRED => __( 'Required: new customers add an email address before they can use their account, check out or do anything else signed in (they can sign out).', 'ig-login-relay' ),
			Iglr_New_Account_Settings::EMAIL_STEP_OPTIONAL => __( 'Optional: new customers are asked once and can skip; My Account keeps reminding them.', 'ig-login-relay' ),
		);
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'Email address', 'ig-login-relay' ) . '</legend>';
		foreach ( $choices as $value => $label ) {
			printf(
				'<label><input type="radio" name="%1$s[email_step]" value="%2$s" %3$s /> %4$s</label><br />',
				esc_attr( Iglr_Keys::OPTION_NEW_ACCOUNTS ),
				esc_attr( $value ),
				checked( $current, $value, false ),
				esc_html( $label )
			);
		}
		echo '<p class="description">' . esc_html__( 'The welcome email (WooCommerce\'s "new account" email, or WordPress\'s own without WooCommerce) is sent once the customer has given an address.', 'ig-login-relay' ) . '</p>';
		echo '</fieldset>';
	}

	/**
	 * The role of new accounts.
	 */
	public function role_field() {
		$current = $this->settings->new_user_role();
		printf( '<select id="iglr_new_user_role" name="%s[new_user_role]">', esc_attr( Iglr_Keys::OPTION_NEW_ACCOUNTS ) );
		foreach ( $this->settings->allowed_roles() as $slug => $name ) {
			printf( '<option value="%1$s" %2$s>%3$s</option>', esc_attr( $slug ), selected( $current, $slug, false ), esc_html( $name ) );
		}
		echo '</select>';
		echo '<p class="description">' . esc_html__( 'Only roles that cannot publish, upload or manage the shop or site are offered.', 'ig-login-relay' ) . '</p>';
	}

	/**
	 * Where shoppers go after signing in, or after signing up.
	 *
	 * @param array $args moment: 'sign_in' or 'sign_up'.
	 */
	public function destination_field( array $args ) {
		$moment                = 'sign_up' === $args['moment'] ? 'sign_up' : 'sign_in';
		list( $chosen, $page ) = $this->settings->destination( $moment );
		$name                  = Iglr_Keys::OPTION_NEW_ACCOUNTS . '[redirect_after_' . $moment . ']';
		$choices               = array(
			'back'       => __( 'Back where they were', 'ig-login-relay' ),
			'my_account' => Iglr_Woocommerce_Compatibility::woocommerce_active() ? __( 'My Account', 'ig-login-relay' ) : __( 'Their profile', 'ig-login-relay' ),
			'page'       => __( 'This page:', 'ig-login-relay' ),
		);
		$legend                = 'sign_up' === $moment ? __( 'After signing up', 'ig-login-relay' ) : __( 'After signing in', 'ig-login-relay' );
		echo '<fieldset><legend class="screen-reader-text">' . esc_html( $legend ) . '</legend>';
		foreach ( $choices as $value => $label ) {
			// The page list sits inside its choice's label, which names it for screen readers too.
			printf(
				'<label><input type="radio" name="%1$s" value="%2$s" %3$s /> %4$s ',
				esc_attr( $name ),
				esc_attr( $value ),
				checked( $chosen, $value, false ),
				esc_html( $label )
			);
			if ( 'page' === $value ) {
				wp_dropdown_pages(
					array(
						'name'              => esc_attr( Iglr_Keys::OPTION_NEW_ACCOUNTS . '[redirect_after_' . $moment . '_page]' ),
						'id'                => esc_attr( 'iglr_redirect_after_' . $moment . '_page' ),
						'selected'          => (int) $page,
						'show_option_none'  => esc_html__( '— Select a page —', 'ig-login-relay' ), // Printed unescaped by wp_dropdown_pages().
						'option_none_value' => '0',
					)
				);
			}
			echo '</label><br />';
		}
		if ( 'sign_up' === $moment ) {
			echo '<p class="description">' . esc_html__( 'For new customers, after the email address step.', 'ig-login-relay' ) . '</p>';
		}
		echo '</fieldset>';
	}
}
