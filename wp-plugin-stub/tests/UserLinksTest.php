<?php
/**
 * Iglr_User_Links.
 *
 * @package ig-login-relay
 */

/**
 * Finding, creating, linking and unlinking users by Instagram user ID only.
 */
class UserLinksTest extends Iglr_Test_Case {

	public function test_finds_the_user_by_the_exact_instagram_id_string() {
		$links   = new Iglr_User_Links();
		$user_id = self::make_user( 'subscriber', 'ada' );
		$links->link( $user_id, self::authorized_data() );
		$this->assertSame( $user_id, $links->find_user_id( self::INSTAGRAM_USER_ID ) );
		// 17841400774391235 and 17841400774391236 are the same double: they must stay different here.
		$this->assertSame( 0, $links->find_user_id( '17841400774391236' ) );
		$this->assertSame( 0, $links->find_user_id( '' ) );
		$this->assertSame( 0, $links->find_user_id( "1' OR '1'='1" ) );
	}

	public function test_links_keep_the_app_scoped_id_and_find_users_by_either_id() {
		$links   = new Iglr_User_Links();
		$user_id = self::make_user( 'subscriber', 'ada' );
		$links->link( $user_id, self::authorized_data() );
		$this->assertSame( '27640875392278831', get_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, true ) );
		$this->assertSame( '27640875392278831', $links->link_of( $user_id )['app_scoped_id'] );
		$this->assertSame( array( $user_id ), $links->find_user_ids_by_any_id( self::INSTAGRAM_USER_ID ) );
		$this->assertSame( array( $user_id ), $links->find_user_ids_by_any_id( '27640875392278831' ) );
		$this->assertSame( array(), $links->find_user_ids_by_any_id( '27640875392278832' ), 'the same double, another string' );
		$this->assertSame( array(), $links->find_user_ids_by_any_id( '' ) );
		$this->assertSame( array(), $links->find_user_ids_by_any_id( 27640875392278831 ) );
		$this->assertSame( 0, $links->find_user_id( '27640875392278831' ), 'sign-in matches the account ID only' );

		$links->link( $user_id, self::authorized_data( array( 'app_scoped_id' => null ) ) );
		$this->assertSame( '', get_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, true ), 'none given: an earlier one is not kept' );
		$links->link( $user_id, self::authorized_data( array( 'app_scoped_id' => '12ab' ) ) );
		$this->assertSame( '', get_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, true ), 'digits only' );

		$user = $links->sign_in_user( self::authorized_data( array( 'app_scoped_id' => '999' ) ) );
		$this->assertSame( $user_id, $user->ID );
		$this->assertSame( '999', get_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, true ), 'sign-in keeps it current' );
	}

	public function test_sign_up_records_what_it_copied_from_instagram_as_hashes() {
		$user   = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$copied = get_user_meta( $user->ID, Iglr_Keys::META_PROFILE_FROM_INSTAGRAM, true );
		$this->assertSame(
			array(
				'user_login'   => hash( 'sha256', 'lumen.coffee' ),
				'nickname'     => hash( 'sha256', 'lumen.coffee' ),
				'display_name' => hash( 'sha256', 'Lumen Coffee Roasters' ),
			),
			$copied
		);
		$this->assertSame( '27640875392278831', get_user_meta( $user->ID, Iglr_Keys::META_APP_SCOPED_ID, true ) );
	}

	public function test_never_matches_by_email() {
		$links    = new Iglr_User_Links();
		$existing = self::make_user( 'subscriber', 'lumen' );
		$user     = $links->sign_in_user( self::authorized_data() );
		$this->assertNotSame( $existing, $user->ID, 'a new account, not the one that happens to look alike' );
		$this->assertSame( '', $user->user_email );
	}

	public function test_new_users_get_a_unique_username_from_instagram() {
		$links = new Iglr_User_Links();
		self::make_user( 'subscriber', 'lumen.coffee' );
		$second = $links->create_user( self::authorized_data( array( 'instagram_user_id' => '1001' ) ) );
		$third  = $links->create_user( self::authorized_data( array( 'instagram_user_id' => '1002' ) ) );
		$this->assertSame( 'lumen.coffee-2', $second->user_login );
		$this->assertSame( 'lumen.coffee-3', $third->user_login );

		$this->assertSame( 'cafe_latte', Iglr_User_Links::unique_username( 'café_latte' ) );
		$this->assertSame( 'instagram', Iglr_User_Links::unique_username( '日本語' ) );
		$this->assertSame( 50, strlen( Iglr_User_Links::unique_username( str_repeat( 'a', 80 ) ) ) );
	}

	public function test_new_users_have_no_email_a_random_password_and_the_default_role() {
		add_role( 'member', 'Member', array( 'read' => true ) );
		update_option( 'default_role', 'member' );
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data( array( 'name' => null ) ) );
		$this->assertSame( '', $user->user_email );
		$this->assertSame( array( 'member' ), $user->roles, "the site's default role, which cannot publish" );
		$this->assertSame( 'lumen.coffee', $user->display_name, 'no name: the username' );
		$this->assertFalse( wp_check_password( '', $user->user_pass ) );

		update_option( 'default_role', 'contributor' );
		$this->assertSame( 'subscriber', Iglr_User_Links::new_user_role(), 'a default role that can write posts is never given' );
	}

	public function test_shop_managers_are_protected_too() {
		add_role( 'shop_manager', 'Shop manager', array( 'manage_woocommerce' => true ) );
		$manager = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$manager->set_role( 'shop_manager' );
		$this->assertSame( 'not_allowed', ( new Iglr_User_Links() )->sign_in_user( self::authorized_data() )->get_error_code() );
	}

	public function test_relinking_replaces_the_users_own_link() {
		$links   = new Iglr_User_Links();
		$user_id = self::make_user( 'subscriber', 'ada' );
		$links->link( $user_id, self::authorized_data() );
		$this->assertTrue( $links->link( $user_id, self::authorized_data( array( 'instagram_user_id' => '555', 'username' => 'ada.two' ) ) ) );
		$this->assertSame( '555', $links->link_of( $user_id )['instagram_user_id'] );
		$this->assertSame( 0, $links->find_user_id( self::INSTAGRAM_USER_ID ) );
		$this->assertTrue( $links->link( $user_id, self::authorized_data( array( 'instagram_user_id' => '555' ) ) ), 'linking the same account again is fine' );
	}

	public function test_unlink_removes_every_link_key() {
		$links   = new Iglr_User_Links();
		$user_id = self::make_user( 'subscriber', 'ada' );
		$links->link( $user_id, self::authorized_data() );
		$this->assertTrue( $links->unlink( $user_id ) );
		foreach ( Iglr_Keys::user_meta() as $key ) {
			$this->assertSame( '', get_user_meta( $user_id, $key, true ), $key );
		}
		$this->assertSame( 'not_linked', $links->unlink( $user_id )->get_error_code() );
	}

	public function test_an_account_made_by_instagram_without_email_cannot_unlink() {
		$links = new Iglr_User_Links();
		$user  = $links->create_user( self::authorized_data() );
		$this->assertSame( 'unlink_refused', $links->unlink( $user->ID )->get_error_code() );
		$this->assertNotNull( $links->link_of( $user->ID ) );

		wp_update_user(
			array(
				'ID'         => $user->ID,
				'user_email' => 'lumen@example.com',
			)
		);
		$this->assertTrue( $links->unlink( $user->ID ) );
	}
}
