<?php
/**
 * Iglr_Privacy_Eraser.
 *
 * @package ig-login-relay
 */

require_once __DIR__ . '/support/trait-iglr-privacy-fixture.php';

/**
 * Tools → Erase Personal Data removes, for the user with the request's
 * email, everything the plugin keeps about them, says what it did, and
 * keeps the account itself and what belongs to the store.
 */
class PrivacyEraserTest extends Iglr_Test_Case {

	use Iglr_Privacy_Fixture;

	/**
	 * The eraser as WordPress finds it.
	 *
	 * @return callable
	 */
	private static function eraser() {
		$erasers = apply_filters( 'wp_privacy_personal_data_erasers', array() );
		self::assertArrayHasKey( 'ig-login-relay', $erasers );
		self::assertSame( 'Instagram sign-in', $erasers['ig-login-relay']['eraser_friendly_name'] );
		return $erasers['ig-login-relay']['callback'];
	}

	/**
	 * The plugin's user meta keys left on a user.
	 *
	 * @param int $user_id The user.
	 * @return string[]
	 */
	private static function plugin_meta_left( $user_id ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB
		return $wpdb->get_col( $wpdb->prepare( "SELECT meta_key FROM {$wpdb->usermeta} WHERE user_id = %d AND meta_key LIKE %s", $user_id, $wpdb->esc_like( 'iglr_' ) . '%' ) );
	}

	public function test_erases_the_picture_the_link_the_offer_and_the_log_lines_and_keeps_the_account_and_the_store_account() {
		$fixture = self::signed_up_shopper( 'ada@example.com' );
		$user_id = $fixture['user_id'];
		$this->assertFileExists( $fixture['avatar_file'] );
		$events = new Iglr_Received_Events();
		$events->record_authorized( 'msg_unfinished_1', self::authorized_data( array( 'username' => 'ada.lovelace' ) ) );
		$events->record_authorized(
			'msg_unfinished_2',
			self::authorized_data(
				array(
					'instagram_user_id' => '17841400000000099',
					'username'          => 'ada.second',
				)
			)
		);
		$events->record_authorized(
			'msg_someone_else',
			self::authorized_data(
				array(
					'instagram_user_id' => '17841400000000777',
					'app_scoped_id'     => '27640000000000777',
				)
			)
		);

		$result = call_user_func( self::eraser(), 'ada@example.com', 1 );

		$this->assertSame(
			array(
				'items_removed'  => true,
				'items_retained' => true,
				'messages'       => array(
					'Deleted the profile picture copied from Instagram.',
					'Unlinked the Instagram account and deleted its IDs and username.',
					'Replaced the username, nickname, and display name copied from Instagram with user-' . $fixture['user_id'] . '.',
					'Erased the data of 2 unfinished Instagram sign-ins.',
					"Removed this user's ID and Instagram username from 2 entries of the Instagram sign-in delivery log.",
					"The store's own Instagram account, which this user connected, was kept: it belongs to the store. An administrator can disconnect it on the Instagram sign-in settings page.",
				),
				'done'           => true,
			),
			$result
		);
		$this->assertNull( get_post( $fixture['avatar_id'] ), 'the attachment is deleted, not trashed' );
		$this->assertFileDoesNotExist( $fixture['avatar_file'] );
		$this->assertSame( array(), self::plugin_meta_left( $user_id ), 'no iglr_ user meta is left' );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $user_id ) );

		$user = get_userdata( $user_id );
		$this->assertSame( 'ada@example.com', $user->user_email, 'the account stays' );
		$this->assertSame( 'user-' . $user_id, $user->user_login );
		$this->assertSame( 'user-' . $user_id, $user->display_name );
		$this->assertSame( 'user-' . $user_id, get_user_meta( $user_id, 'nickname', true ) );

		$this->assertSame(
			array( 'user #[deleted] @[deleted]', 'user #' . $user_id . '1 @ada.lovelace.two', 'user #[deleted] @[deleted]', 'GET /readyz' ),
			array_column( ( new Iglr_Delivery_Log() )->entries(), 'detail' ),
			'only the lines naming this user change; they stay, without the name'
		);
		$data = array_column( self::rows( Iglr_Keys::TABLE_EVENTS ), 'data', 'webhook_id' );
		$this->assertSame( '', $data['msg_unfinished_1'] );
		$this->assertSame( '', $data['msg_unfinished_2'] );
		$this->assertNotSame( '', $data['msg_someone_else'] );
		$this->assertSame( 'lumen.coffee', ( new Iglr_Store_Account() )->get()['username'], "the store's account is the store's" );
	}

	public function test_a_second_run_finds_nothing_left() {
		$fixture = self::signed_up_shopper( 'ada@example.com' );
		( new Iglr_Store_Account() )->disconnect();
		call_user_func( self::eraser(), 'ada@example.com', 1 );
		$this->assertSame(
			array(
				'items_removed'  => false,
				'items_retained' => false,
				'messages'       => array(),
				'done'           => true,
			),
			call_user_func( self::eraser(), 'ada@example.com', 1 )
		);
		$this->assertTrue( get_userdata( $fixture['user_id'] ) instanceof WP_User );
	}

	public function test_a_user_who_linked_instagram_themselves_keeps_their_profile() {
		$user_id = self::make_user( 'customer', 'grace' );
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data( array( 'username' => 'grace' ) ) );
		$result = call_user_func( self::eraser(), 'grace@example.com', 1 );
		$this->assertSame( array( 'Unlinked the Instagram account and deleted its IDs and username.' ), $result['messages'] );
		$this->assertFalse( $result['items_retained'] );
		$this->assertSame( 'grace', get_userdata( $user_id )->user_login, 'chosen by the user, not copied from Instagram' );
		$this->assertSame( array(), self::plugin_meta_left( $user_id ) );
	}

	public function test_an_offer_alone_is_removed() {
		$user_id = self::make_user( 'customer', 'offered' );
		( new Iglr_Link_Offers( new Iglr_User_Links() ) )->offer( $user_id, self::authorized_data() );
		$result = call_user_func( self::eraser(), 'offered@example.com', 1 );
		$this->assertTrue( $result['items_removed'] );
		$this->assertSame( array( 'Removed an Instagram account that was waiting for confirmation to be linked.' ), $result['messages'] );
		$this->assertSame( array(), self::plugin_meta_left( $user_id ) );
	}

	public function test_a_picture_whose_attachment_is_gone_leaves_no_meta() {
		$user_id = self::make_user( 'customer', 'pictured' );
		update_user_meta( $user_id, Iglr_Personal_Data::META_AVATAR_ID, 999999 );
		$result = call_user_func( self::eraser(), 'pictured@example.com', 1 );
		$this->assertTrue( $result['items_removed'] );
		$this->assertSame( array(), self::plugin_meta_left( $user_id ) );
	}

	public function test_an_unknown_address_changes_nothing() {
		self::signed_up_shopper( 'ada@example.com' );
		$before = ( new Iglr_Delivery_Log() )->entries();
		$this->assertSame(
			array(
				'items_removed'  => false,
				'items_retained' => false,
				'messages'       => array(),
				'done'           => true,
			),
			call_user_func( self::eraser(), 'nobody@example.com', 1 )
		);
		$this->assertSame( $before, ( new Iglr_Delivery_Log() )->entries() );
	}
}
