<?php
/**
 * Iglr_New_Account_Settings and its section of the settings page.
 *
 * @package ig-login-relay
 */

/**
 * "New accounts": every value is taken from an allow-list when saved and when
 * read; a new account never gets a role that can publish or manage anything;
 * the option is not autoloaded.
 */
class NewAccountSettingsTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/template.php';
		add_role( 'member', 'Member', array( 'read' => true ) );
		add_role( 'writer', 'Writer', array( 'read' => true, 'edit_posts' => true ) );
		add_role( 'uploader', 'Uploader', array( 'read' => true, 'upload_files' => true ) );
		delete_option( Iglr_Keys::OPTION_NEW_ACCOUNTS );
	}

	private static function page_id( $status = 'publish', $type = 'page' ) {
		return (int) wp_insert_post(
			array(
				'post_title'  => 'Welcome',
				'post_type'   => $type,
				'post_status' => $status,
			)
		);
	}

	public function test_defaults_keep_the_email_step_required_and_shoppers_where_they_were() {
		$settings = new Iglr_New_Account_Settings();
		$this->assertSame(
			array(
				'email_step'                  => 'required',
				'new_user_role'               => 'subscriber',
				'redirect_after_sign_in'      => 'back',
				'redirect_after_sign_in_page' => 0,
				'redirect_after_sign_up'      => 'back',
				'redirect_after_sign_up_page' => 0,
			),
			$settings->values()
		);
		$this->assertTrue( $settings->email_required() );
		$this->woocommerce( true );
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		$this->assertSame( 'customer', ( new Iglr_New_Account_Settings() )->values()['new_user_role'], 'with WooCommerce: its customer role' );
	}

	public function test_only_roles_that_cannot_publish_or_manage_are_offered() {
		$this->woocommerce( true );
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		add_role( 'shop_manager', 'Shop manager', array( 'read' => true, 'manage_woocommerce' => true ) );
		add_role( 'editor_lite', 'Looks harmless', array( 'read' => true, 'manage_options' => true ) );
		$allowed = array_keys( ( new Iglr_New_Account_Settings() )->allowed_roles() );
		sort( $allowed );
		$this->assertSame( array( 'customer', 'member', 'subscriber' ), $allowed );

		$this->woocommerce( false );
		$this->assertNotContains( 'customer', array_keys( ( new Iglr_New_Account_Settings() )->allowed_roles() ), 'a leftover customer role without WooCommerce' );
	}

	public function test_saving_takes_allowed_values_and_refuses_the_rest() {
		$settings = new Iglr_New_Account_Settings();
		$page     = self::page_id();
		$saved    = $settings->sanitize(
			array(
				'email_step'                  => 'optional',
				'new_user_role'               => 'member',
				'redirect_after_sign_in'      => 'my_account',
				'redirect_after_sign_in_page' => '999',
				'redirect_after_sign_up'      => 'page',
				'redirect_after_sign_up_page' => (string) $page,
			)
		);
		$this->assertSame(
			array(
				'email_step'                  => 'optional',
				'new_user_role'               => 'member',
				'redirect_after_sign_in'      => 'my_account',
				'redirect_after_sign_in_page' => 0,
				'redirect_after_sign_up'      => 'page',
				'redirect_after_sign_up_page' => $page,
			),
			$saved
		);
		$this->assertSame( array(), get_settings_errors( Iglr_Keys::OPTION_NEW_ACCOUNTS ) );

		foreach ( array( 'administrator', 'editor', 'shop_manager', 'writer', 'uploader', 'no-such-role' ) as $role ) {
			$this->assertSame( 'subscriber', $settings->sanitize( array( 'new_user_role' => $role ) )['new_user_role'], $role );
		}
		$this->assertSame( 'iglr_new_user_role', get_settings_errors( Iglr_Keys::OPTION_NEW_ACCOUNTS )[0]['code'], 'said once' );
		$this->assertCount( 1, get_settings_errors( Iglr_Keys::OPTION_NEW_ACCOUNTS ) );

		$this->assertSame( 'required', $settings->sanitize( array( 'email_step' => 'never' ) )['email_step'] );
		foreach ( array( self::page_id( 'draft' ), self::page_id( 'publish', 'post' ), 0 ) as $not_a_page ) {
			$out = $settings->sanitize(
				array(
					'redirect_after_sign_in'      => 'page',
					'redirect_after_sign_in_page' => (string) $not_a_page,
				)
			);
			$this->assertSame( array( 'back', 0 ), array( $out['redirect_after_sign_in'], $out['redirect_after_sign_in_page'] ), 'only a published page' );
		}
		$this->assertSame( $settings->values(), $settings->sanitize( 'not an array' ), 'another form of the group: what is stored stays' );
	}

	public function test_values_written_around_the_settings_api_are_checked_again() {
		update_option(
			Iglr_Keys::OPTION_NEW_ACCOUNTS,
			array(
				'email_step'             => '<script>',
				'new_user_role'          => 'administrator',
				'redirect_after_sign_in' => 'https://elsewhere.example/',
			)
		);
		$values = ( new Iglr_New_Account_Settings() )->values();
		$this->assertSame( array( 'required', 'subscriber', 'back' ), array( $values['email_step'], $values['new_user_role'], $values['redirect_after_sign_in'] ) );

		// A role that gained a capability since it was chosen is no longer given.
		update_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, array( 'new_user_role' => 'member' ) );
		$this->assertSame( 'member', ( new Iglr_New_Account_Settings() )->new_user_role() );
		get_role( 'member' )->add_cap( 'edit_posts' );
		$this->assertSame( 'subscriber', ( new Iglr_New_Account_Settings() )->new_user_role() );
	}

	public function test_the_option_is_stored_without_autoload_before_the_form_first_saves_it() {
		global $wpdb;
		$settings = new Iglr_New_Account_Settings();
		$settings->store_unless_saved();
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Iglr_Keys::OPTION_NEW_ACCOUNTS ) ); // phpcs:ignore WordPress.DB
		$this->assertContains( $autoload, array( 'no', 'off' ) );
		update_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, $settings->sanitize( array( 'email_step' => 'optional' ) ) );
		$settings->store_unless_saved();
		$this->assertFalse( $settings->email_required(), 'a saved value is kept' );
		$this->assertContains( Iglr_Keys::OPTION_NEW_ACCOUNTS, Iglr_Keys::options(), 'uninstall removes it' );
	}

	public function test_the_section_shows_the_choices_on_the_settings_page() {
		global $wp_settings_sections, $wp_settings_fields;
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		$page = self::page_id();
		update_option(
			Iglr_Keys::OPTION_NEW_ACCOUNTS,
			array(
				'email_step'                  => 'optional',
				'new_user_role'               => 'member',
				'redirect_after_sign_up'      => 'page',
				'redirect_after_sign_up_page' => $page,
			)
		);
		$section = new Iglr_New_Account_Settings_Section( new Iglr_New_Account_Settings() );
		$section->add_fields();
		ob_start();
		do_settings_sections( Iglr_Keys::ADMIN_PAGE );
		$html = ob_get_clean();
		unset( $wp_settings_sections[ Iglr_Keys::ADMIN_PAGE ], $wp_settings_fields[ Iglr_Keys::ADMIN_PAGE ] );

		$this->assertStringContainsString( '<h2>New accounts</h2>', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_new_accounts\[email_step\]" value="optional"\s+checked/', $html );
		$this->assertMatchesRegularExpression( '/<option value="member"\s+selected/', $html );
		$this->assertStringNotContainsString( 'value="administrator"', $html );
		$this->assertStringNotContainsString( 'value="writer"', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_new_accounts\[redirect_after_sign_in\]" value="back"\s+checked/', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_new_accounts\[redirect_after_sign_up\]" value="page"\s+checked/', $html );
		$this->assertMatchesRegularExpression( '/<select name=.iglr_new_accounts\[redirect_after_sign_up_page\]. id=.iglr_redirect_after_sign_up_page.>/', $html );
		$this->assertMatchesRegularExpression( '/<option class="level-0" value="' . $page . '"\s+selected="selected">Welcome<\/option>/', $html );
		$this->assertStringContainsString( 'Their profile', $html, 'without WooCommerce, "My Account" is the profile page' );
	}
}
