<?php
/**
 * instagram.deauthorized and instagram.data_deletion_requested, through the real REST route.
 *
 * @package ig-login-relay
 */

/**
 * Meta's deauthorize and data deletion callbacks, forwarded by the relay.
 */
class ComplianceWebhookTest extends Iglr_Test_Case {

	const APP_SCOPED_ID = '27640875392278831';
	const CODE          = 'K7Q2abcdEFGH1234ijklMNOP';
	const STATUS_URL    = 'https://relay.example/meta/data-deletion/status/K7Q2abcdEFGH1234ijklMNOP';

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
	}

	private static function deauthorized( $instagram_id, $id ) {
		return self::deliver(
			'instagram.deauthorized',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => $instagram_id,
				'issued_at'         => '2026-11-30T09:00:00.000Z',
			),
			$id
		);
	}

	private static function deletion_requested( $instagram_id, $id ) {
		return self::deliver(
			'instagram.data_deletion_requested',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => $instagram_id,
				'issued_at'         => '2026-11-30T09:00:00.000Z',
				'confirmation_code' => self::CODE,
				'status_url'        => self::STATUS_URL,
			),
			$id
		);
	}

	private static function last_entry() {
		return ( new Iglr_Delivery_Log() )->entries()[0];
	}

	private function assertNotLinked( $user_id ) {
		foreach ( Iglr_Keys::user_meta() as $key ) {
			$this->assertSame( '', get_user_meta( $user_id, $key, true ), $key );
		}
	}

	/** A user who linked Instagram themselves. */
	private static function linked_customer() {
		$user_id = self::make_user( 'subscriber', 'ada' );
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data() );
		return $user_id;
	}

	/* ---- instagram.deauthorized ---- */

	public function test_deauthorized_unlinks_the_user_linked_by_the_account_id() {
		$user_id  = self::linked_customer();
		$response = self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c001' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );
		$this->assertNotLinked( $user_id );
		$user = get_userdata( $user_id );
		$this->assertSame( 'ada', $user->user_login, 'the account stays as it was' );
		$this->assertSame( 'ada@example.com', $user->user_email );

		$rows = self::rows( Iglr_Keys::TABLE_EVENTS );
		$this->assertCount( 1, $rows );
		$this->assertSame( array( 'msg_c001', 'instagram.deauthorized', '' ), array( $rows[0]['webhook_id'], $rows[0]['type'], $rows[0]['data'] ) );
		$entry = self::last_entry();
		$this->assertSame( array( 'webhook_applied', 'msg_c001', 'instagram.deauthorized' ), array( $entry['code'], $entry['webhook_id'], $entry['type'] ) );
		$this->assertSame( "Unlinked user #$user_id.", $entry['detail'] );
	}

	public function test_deauthorized_matches_the_app_scoped_id_too() {
		$user_id  = self::linked_customer();
		$other    = self::make_user( 'subscriber', 'bob' );
		( new Iglr_User_Links() )->link( $other, self::authorized_data( array( 'instagram_user_id' => '555', 'app_scoped_id' => '556', 'username' => 'bob' ) ) );
		$response = self::deauthorized( self::APP_SCOPED_ID, 'msg_c002' );

		$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );
		$this->assertNotLinked( $user_id );
		$this->assertSame( '555', ( new Iglr_User_Links() )->link_of( $other )['instagram_user_id'], 'only that person' );
	}

	public function test_ids_are_compared_as_strings() {
		$user_id = self::linked_customer();
		// 17841400774391235 and 17841400774391236 are the same double.
		self::deauthorized( '17841400774391236', 'msg_c003' );
		self::deauthorized( '27640875392278830', 'msg_c004' );
		$this->assertNotNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
		$this->assertStringContainsString( 'no linked account', self::last_entry()['detail'] );
	}

	public function test_deauthorized_unlinks_an_instagram_made_account_and_says_nobody_can_sign_in_to_it() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c005' );

		$this->assertNotLinked( $user->ID );
		$kept = get_userdata( $user->ID );
		$this->assertInstanceOf( WP_User::class, $kept, 'the account stays' );
		$this->assertSame( 'lumen.coffee', $kept->user_login, 'a deauthorization is not a deletion: the profile stays' );
		$this->assertSame( 'Lumen Coffee Roasters', $kept->display_name );
		$this->assertStringContainsString( "Unlinked user #{$user->ID}. It was made by Instagram sign-up and has no email address: nobody can sign in to it", self::last_entry()['detail'] );
		$this->assertSame( 0, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ), 'the next Instagram sign-in makes a new account' );
	}

	public function test_deauthorized_deletes_the_store_accounts_token() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store' ) ), 1 );
		$response = self::deauthorized( self::APP_SCOPED_ID, 'msg_c006' );

		$this->assertSame( 200, $response->get_status() );
		$this->assertNull( $account->token() );
		$this->assertStringNotContainsString( 'IGAA', (string) wp_json_encode( get_option( Iglr_Keys::OPTION_STORE_ACCOUNT ) ) );
		$stored = $account->get();
		$this->assertSame( self::INSTAGRAM_USER_ID, $stored['instagram_user_id'], 'the account is still shown, to be reconnected' );
		$this->assertTrue( $stored['needs_reconnect'] );
		$this->assertFalse( $stored['has_token'] );
		$this->assertSame( 'Instagram says the account removed the app.', $stored['reconnect_reason'] );
		$this->assertStringContainsString( "The store's Instagram account removed the app: its token was deleted", self::last_entry()['detail'] );
		$this->assertStringNotContainsString( 'no linked account', self::last_entry()['detail'] );

		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		ob_start();
		$account->admin_notice();
		$notice = ob_get_clean();
		$this->assertStringContainsString( '@lumen.coffee needs reconnecting: its access token was deleted. Instagram says the account removed the app.', $notice );
	}

	public function test_deauthorized_for_another_account_leaves_the_store_account_alone() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store' ) ), 1 );
		self::deauthorized( '999', 'msg_c007' );
		$this->assertSame( 'IGAA-store', $account->token() );
		$this->assertFalse( $account->get()['needs_reconnect'] );
	}

	public function test_deauthorized_voids_that_persons_unfinished_sign_ins() {
		$events = new Iglr_Received_Events();
		$theirs = self::authorized_data();
		$others = self::authorized_data( array( 'instagram_user_id' => '555', 'app_scoped_id' => null, 'username' => 'bob' ) );
		$events->record_authorized( 'msg_t1', $theirs );
		$events->record_authorized( 'msg_t2', $others );
		self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c008' );

		$this->assertSame( 'login_used', $events->consume_login( $theirs['login_id'], $theirs['state'] )->get_error_code() );
		$this->assertSame( 'bob', $events->consume_login( $others['login_id'], $others['state'] )['username'] );
		$this->assertStringContainsString( 'There is no linked account. Voided 1 unfinished sign-in.', self::last_entry()['detail'] );
	}

	/* ---- both ---- */

	public function test_an_unknown_user_is_acknowledged_recorded_once_and_logged() {
		$user_id = self::linked_customer();
		foreach ( array( 'deauthorized', 'deletion_requested' ) as $n => $method ) {
			$response = self::$method( '999', 'msg_c01' . $n );
			$this->assertSame( 200, $response->get_status() );
			$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );
			$this->assertStringContainsString( 'no linked account', self::last_entry()['detail'] );
			$this->assertSame( 'msg_c01' . $n, self::last_entry()['webhook_id'] );
		}
		$this->assertCount( 2, self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertNotNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
	}

	public function test_a_retried_webhook_id_is_a_no_op() {
		$links   = new Iglr_User_Links();
		$user_id = self::linked_customer();
		$this->assertSame( array( 'status' => 'stored' ), self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c020' )->get_data() );
		$this->assertSame( array( 'status' => 'stored' ), self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c021' )->get_data() );
		$entries = count( ( new Iglr_Delivery_Log() )->entries() );

		// The person signs in again; then the relay retries both deliveries with their ids.
		$links->link( $user_id, self::authorized_data() );
		$this->assertSame( array( 'status' => 'duplicate' ), self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c020' )->get_data() );
		$this->assertSame( array( 'status' => 'duplicate' ), self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c021' )->get_data() );

		$this->assertSame( self::INSTAGRAM_USER_ID, $links->link_of( $user_id )['instagram_user_id'], 'nothing was done again' );
		$this->assertCount( 2, self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertCount( $entries, ( new Iglr_Delivery_Log() )->entries() );
	}

	public function test_malformed_data_is_refused_with_invalid_payload() {
		$user_id = self::linked_customer();
		$valid   = array(
			'store'             => self::STORE_ID,
			'instagram_user_id' => self::INSTAGRAM_USER_ID,
			'issued_at'         => '2026-11-30T09:00:00.000Z',
			'confirmation_code' => self::CODE,
			'status_url'        => self::STATUS_URL,
		);
		$cases   = array(
			array( 'instagram.deauthorized', array( 'instagram_user_id' => null ) ),
			array( 'instagram.deauthorized', array( 'instagram_user_id' => '' ) ),
			array( 'instagram.deauthorized', array( 'instagram_user_id' => '1784140077439123a' ) ),
			array( 'instagram.deauthorized', array( 'instagram_user_id' => ' 17841400774391235' ) ),
			array( 'instagram.deauthorized', array( 'instagram_user_id' => array( self::INSTAGRAM_USER_ID ) ) ),
			array( 'instagram.data_deletion_requested', array( 'instagram_user_id' => 'abc' ) ),
			array( 'instagram.data_deletion_requested', array( 'confirmation_code' => null ) ),
			array( 'instagram.data_deletion_requested', array( 'confirmation_code' => '' ) ),
			array( 'instagram.data_deletion_requested', array( 'confirmation_code' => 'K7Q2 <b>' ) ),
			array( 'instagram.data_deletion_requested', array( 'confirmation_code' => 12345 ) ),
		);
		foreach ( $cases as $n => $case ) {
			$data     = array_filter(
				array_merge( $valid, $case[1] ),
				function ( $value ) {
					return null !== $value;
				}
			);
			$response = self::deliver( $case[0], $data, 'msg_c03' . $n );
			$this->assertSame( 400, $response->get_status(), $case[0] . ' ' . wp_json_encode( $case[1] ) );
			$this->assertSame( 'iglr_invalid_payload', $response->get_data()['code'] );
			$entry = self::last_entry();
			$this->assertSame( array( 'webhook_refused', $case[0], 'invalid_payload' ), array( $entry['code'], $entry['type'], $entry['detail'] ) );
		}

		foreach ( array( 'instagram.deauthorized', 'instagram.data_deletion_requested' ) as $n => $type ) {
			$numeric  = str_replace(
				'"' . self::INSTAGRAM_USER_ID . '"',
				self::INSTAGRAM_USER_ID,
				(string) wp_json_encode(
					array(
						'type'      => $type,
						'timestamp' => gmdate( 'c' ),
						'data'      => $valid,
					)
				)
			);
			$response = self::post_webhook( $numeric, self::webhook_headers( 'msg_c04' . $n, time(), $numeric ) );
			$this->assertSame( 400, $response->get_status(), 'an Instagram ID as a JSON number would lose digits' );

			$response = self::deliver( $type, array_merge( $valid, array( 'store' => 'shop-2' ) ), 'msg_c05' . $n );
			$this->assertSame( 'iglr_wrong_store', $response->get_data()['code'] );
		}

		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ), 'refused events are not recorded: a fixed retry is processed' );
		$this->assertNotNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
	}

	/* ---- instagram.data_deletion_requested ---- */

	public function test_deletion_erases_what_came_from_instagram_and_keeps_the_account() {
		global $wpdb;
		$links = new Iglr_User_Links();
		$user  = $links->create_user( self::authorized_data() );
		// The customer added an email; the store has their billing details and a post of theirs.
		wp_update_user(
			array(
				'ID'         => $user->ID,
				'user_email' => 'lumen@example.com',
			)
		);
		update_user_meta( $user->ID, 'billing_phone', '+33 1 23 45 67 89' );
		$post_id = wp_insert_post(
			array(
				'post_title'  => 'Order note',
				'post_author' => $user->ID,
				'post_status' => 'private',
			)
		);
		$log = new Iglr_Delivery_Log();
		$log->add( 'signed_in', array( 'detail' => "user #{$user->ID} @lumen.coffee" ) );
		$log->add( 'signed_in', array( 'detail' => 'user #99 @lumen.coffee.shop' ) );

		$response = self::deletion_requested( self::APP_SCOPED_ID, 'msg_c060' );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );

		$this->assertNotLinked( $user->ID );
		$kept = get_userdata( $user->ID );
		$this->assertInstanceOf( WP_User::class, $kept );
		$login = 'user-' . $user->ID;
		$this->assertSame( $login, $kept->user_login );
		$this->assertSame( $login, $kept->user_nicename );
		$this->assertSame( $login, $kept->display_name );
		$this->assertSame( $login, get_user_meta( $user->ID, 'nickname', true ) );
		$this->assertFalse( get_user_by( 'login', 'lumen.coffee' ) );
		$this->assertSame( $user->ID, get_user_by( 'login', $login )->ID, 'the caches know the new login' );
		$this->assertSame( 'lumen@example.com', $kept->user_email, "the store's data stays" );
		$this->assertSame( $user->user_pass, $kept->user_pass );
		$this->assertSame( array( 'subscriber' ), $kept->roles );
		$this->assertSame( '+33 1 23 45 67 89', get_user_meta( $user->ID, 'billing_phone', true ) );
		$this->assertSame( $user->ID, (int) get_post( $post_id )->post_author );
		// phpcs:ignore WordPress.DB
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT user_login, user_nicename, display_name FROM {$wpdb->users} WHERE ID = %d", $user->ID ), ARRAY_A );
		$this->assertSame( array( $login, $login, $login ), array_values( $row ), 'in the database too' );

		$entries = $log->entries();
		$this->assertSame( "user #{$user->ID} @[deleted]", $entries[2]['detail'] );
		$this->assertSame( 'user #99 @lumen.coffee.shop', $entries[1]['detail'], 'another username that starts the same stays' );
		$this->assertSame( 'Confirmation code ' . self::CODE . '. Status page: ' . self::STATUS_URL . " Unlinked user #{$user->ID} (the account stays) and reset its user_login, nickname, display_name, copied from Instagram. Removed the Instagram username from 1 delivery log entry.", $entries[0]['detail'] );
		$this->assertSame( array( 'webhook_applied', 'msg_c060', 'instagram.data_deletion_requested' ), array( $entries[0]['code'], $entries[0]['webhook_id'], $entries[0]['type'] ) );
		$everything = (string) wp_json_encode( array( $entries, get_user_meta( $user->ID ), $kept->to_array() ) );
		foreach ( array( self::INSTAGRAM_USER_ID, self::APP_SCOPED_ID, 'lumen.coffee"', '@lumen.coffee ', 'Lumen Coffee' ) as $trace ) {
			$this->assertStringNotContainsString( $trace, $everything );
		}
	}

	public function test_deletion_keeps_what_the_customer_chose_since() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		wp_update_user(
			array(
				'ID'           => $user->ID,
				'display_name' => 'Ada Lovelace',
			)
		);
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c061' );

		$kept = get_userdata( $user->ID );
		$this->assertSame( 'Ada Lovelace', $kept->display_name );
		$this->assertSame( 'user-' . $user->ID, $kept->user_login );
		$this->assertSame( 'user-' . $user->ID, get_user_meta( $user->ID, 'nickname', true ) );
		$this->assertStringContainsString( 'reset its user_login, nickname, copied from Instagram', self::last_entry()['detail'] );
	}

	public function test_deletion_on_an_account_made_before_the_copied_values_were_recorded() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		delete_user_meta( $user->ID, Iglr_Keys::META_PROFILE_FROM_INSTAGRAM );
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c062' );

		$kept = get_userdata( $user->ID );
		$this->assertSame( 'user-' . $user->ID, $kept->user_login, 'made from the Instagram username' );
		$this->assertSame( 'user-' . $user->ID, get_user_meta( $user->ID, 'nickname', true ), 'the Instagram username' );
		$this->assertSame( 'Lumen Coffee Roasters', $kept->display_name, 'cannot be told apart from a name the customer chose' );
		$this->assertNotLinked( $user->ID );
	}

	public function test_deletion_on_an_account_the_customer_linked_only_unlinks_it() {
		$user_id = self::linked_customer();
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c063' );

		$this->assertNotLinked( $user_id );
		$kept = get_userdata( $user_id );
		$this->assertSame( array( 'ada', 'ada', 'ada@example.com' ), array( $kept->user_login, $kept->display_name, $kept->user_email ) );
		$this->assertStringContainsString( "Unlinked user #$user_id (the account stays).", self::last_entry()['detail'] );
	}

	public function test_deletion_deletes_the_store_account_and_its_token() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store' ) ), 1 );
		( new Iglr_Delivery_Log() )->add( 'store_account_connected', array( 'detail' => '@lumen.coffee' ) );
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c064' );

		$this->assertNull( $account->get() );
		$this->assertNull( $account->token() );
		$this->assertFalse( get_option( Iglr_Keys::OPTION_STORE_ACCOUNT ) );
		$entries = ( new Iglr_Delivery_Log() )->entries();
		$this->assertSame( '@[deleted]', $entries[1]['detail'] );
		$this->assertStringContainsString( "Deleted the store's Instagram account and its token.", $entries[0]['detail'] );
		$this->assertStringNotContainsString( 'no linked account', $entries[0]['detail'] );
	}

	public function test_deletion_after_deauthorization_still_deletes_the_store_account() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data(), 1 );
		self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c065' );
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c066' );
		$this->assertFalse( get_option( Iglr_Keys::OPTION_STORE_ACCOUNT ) );
	}

	public function test_deletion_erases_that_persons_sign_ins_in_progress() {
		$pending = new Iglr_Pending_Sign_Ins();
		$events  = new Iglr_Received_Events();
		$mine    = $pending->create( 'login', home_url( '/shop/' ), 0 );
		$other   = $pending->create( 'login', home_url( '/' ), 0 );
		$theirs  = self::authorized_data( array( 'state' => $mine['state'] ) );
		$bobs    = self::authorized_data( array( 'state' => $other['state'], 'instagram_user_id' => '555', 'app_scoped_id' => null, 'username' => 'bob' ) );
		$events->record_authorized( 'msg_t3', $theirs );
		$events->record_authorized( 'msg_t4', $bobs );
		( new Iglr_Delivery_Log() )->add( 'webhook_stored', array( 'detail' => 'login @lumen.coffee' ) );

		self::deletion_requested( self::APP_SCOPED_ID, 'msg_c067' );

		$rows = array();
		foreach ( self::rows( Iglr_Keys::TABLE_EVENTS ) as $row ) {
			$rows[ $row['webhook_id'] ] = $row;
		}
		$this->assertSame( '', $rows['msg_t3']['data'], 'the sealed ticket is erased' );
		$this->assertNotNull( $rows['msg_t3']['consumed_at'], 'and cannot be used' );
		$this->assertNotSame( '', $rows['msg_t4']['data'] );
		$this->assertSame( 'bob', $events->consume_login( $bobs['login_id'], $bobs['state'] )['username'], "others' sign-ins go on" );

		$entries = ( new Iglr_Delivery_Log() )->entries();
		$this->assertSame( 'login @[deleted]', $entries[1]['detail'] );
		$this->assertStringContainsString( 'There is no linked account. Erased the data of 1 unfinished sign-in.', $entries[0]['detail'] );
	}

	public function test_an_unconfirmed_link_of_that_person_is_withdrawn() {
		$offers = new Iglr_Link_Offers( new Iglr_User_Links() );
		$grace  = self::make_user( 'subscriber', 'grace' );
		$bob    = self::make_user( 'subscriber', 'bob' );
		$offers->offer( $grace, self::authorized_data() );
		$offers->offer( $bob, self::authorized_data( array( 'instagram_user_id' => '555', 'app_scoped_id' => null, 'username' => 'bob' ) ) );

		self::deletion_requested( self::APP_SCOPED_ID, 'msg_c069' );
		$this->assertNull( $offers->waiting_for( $grace ), 'named by the app-scoped ID' );
		$this->assertSame( 'bob', $offers->waiting_for( $bob )['username'], "others' offers stay" );
		$this->assertStringContainsString( 'Erased the data of 1 unfinished sign-in.', self::last_entry()['detail'] );

		$offers->offer( $grace, self::authorized_data() );
		self::deauthorized( self::INSTAGRAM_USER_ID, 'msg_c070' );
		$this->assertNull( $offers->waiting_for( $grace ), 'and by the account ID, on deauthorization too' );
		$this->assertStringContainsString( 'Voided 1 unfinished sign-in.', self::last_entry()['detail'] );
	}

	public function test_the_log_keeps_the_confirmation_code_when_there_is_much_to_say() {
		$links = new Iglr_User_Links();
		foreach ( array( 'a', 'b', 'c', 'd' ) as $n => $login ) {
			// Four accounts carrying the ID one way or the other (not something the plugin makes, but possible by hand).
			$user_id = self::make_user( 'subscriber', $login );
			update_user_meta( $user_id, 0 === $n % 2 ? Iglr_Keys::META_INSTAGRAM_USER_ID : Iglr_Keys::META_APP_SCOPED_ID, self::INSTAGRAM_USER_ID );
		}
		self::deletion_requested( self::INSTAGRAM_USER_ID, 'msg_c068' );
		$this->assertStringStartsWith( 'Confirmation code ' . self::CODE . '. Status page: ' . self::STATUS_URL, self::last_entry()['detail'] );
		$this->assertSame( array(), $links->find_user_ids_by_any_id( self::INSTAGRAM_USER_ID ) );
	}
}
