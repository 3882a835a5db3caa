<?php
/**
 * Iglr_Sign_In_Destination.
 *
 * @package ig-login-relay
 */

/**
 * After Instagram: where the store chose (back where the shopper was, My
 * Account, a page), separately for signing in and signing up, through the
 * email step while the account needs an address; always on this site.
 */
class SignInDestinationTest extends Iglr_Test_Case {

	private static function settings( array $values ) {
		update_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, ( new Iglr_New_Account_Settings() )->sanitize( $values ) );
		return new Iglr_Sign_In_Destination( new Iglr_New_Account_Settings(), new Iglr_User_Links() );
	}

	private static function page() {
		return (int) wp_insert_post(
			array(
				'post_title'  => 'Thanks',
				'post_type'   => 'page',
				'post_status' => 'publish',
			)
		);
	}

	public function test_by_default_back_where_they_were_through_the_email_step_for_a_new_account() {
		$destination = self::settings( array() );
		$new         = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( Iglr_Email_Step::url( home_url( '/cart/' ) ), $destination->after_sign_in( $new, true, home_url( '/cart/' ) ) );

		$linked = self::make_user( 'subscriber', 'ada' );
		( new Iglr_User_Links() )->link( $linked, self::authorized_data( array( 'instagram_user_id' => '7' ) ) );
		$this->assertSame( home_url( '/cart/' ), $destination->after_sign_in( get_userdata( $linked ), false, home_url( '/cart/' ) ), 'an account with an email: straight back' );
	}

	public function test_a_returning_account_without_email_is_asked_again_only_when_the_step_is_required() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( Iglr_Email_Step::url( home_url( '/' ) ), self::settings( array( 'email_step' => 'required' ) )->after_sign_in( $user, false, home_url( '/' ) ) );
		$this->assertSame( home_url( '/' ), self::settings( array( 'email_step' => 'optional' ) )->after_sign_in( $user, false, home_url( '/' ) ), 'they skipped it once' );
		$this->assertSame( Iglr_Email_Step::url( home_url( '/' ) ), self::settings( array( 'email_step' => 'optional' ) )->after_sign_in( $user, true, home_url( '/' ) ), 'a new account is asked once whatever the mode' );
	}

	public function test_sign_in_and_sign_up_each_go_where_the_store_chose() {
		$page        = self::page();
		$destination = self::settings(
			array(
				'redirect_after_sign_in'      => 'my_account',
				'redirect_after_sign_up'      => 'page',
				'redirect_after_sign_up_page' => $page,
			)
		);
		$this->assertSame( admin_url( 'profile.php' ), $destination->configured( 'sign_in', home_url( '/cart/' ) ), 'without WooCommerce: the profile page' );
		$this->assertSame( get_permalink( $page ), $destination->configured( 'sign_up', home_url( '/cart/' ) ) );
		$this->woocommerce( true );
		$this->assertSame( wc_get_page_permalink( 'myaccount' ), $destination->configured( 'sign_in', home_url( '/cart/' ) ) );

		$new = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( Iglr_Email_Step::url( get_permalink( $page ) ), $destination->after_sign_in( $new, true, home_url( '/cart/' ) ), 'the sign-up page after the email step' );

		wp_trash_post( $page );
		$this->assertSame( home_url( '/cart/' ), $destination->configured( 'sign_up', home_url( '/cart/' ) ), 'a page gone since: back where they were' );
	}

	public function test_every_destination_stays_on_this_site() {
		$destination = self::settings( array() );
		$this->assertSame( home_url( '/' ), $destination->configured( 'sign_in', 'https://elsewhere.example/phish' ) );
		$this->assertSame( home_url( '/' ), $destination->configured( 'sign_in', '//elsewhere.example/' ) );
		add_filter(
			'page_link',
			function () {
				return 'https://elsewhere.example/page';
			}
		);
		$page        = self::page();
		$destination = self::settings(
			array(
				'redirect_after_sign_in'      => 'page',
				'redirect_after_sign_in_page' => $page,
			)
		);
		$this->assertSame( home_url( '/shop/' ), $destination->configured( 'sign_in', home_url( '/shop/' ) ), 'a page link filtered off-site is not followed' );
	}
}
