<?php
/**
 * Iglr_Sign_In_Return.
 *
 * @package ig-login-relay
 */

/**
 * ?iglr=return: igr_login counts only with the browser's sign-in cookie and the
 * verified webhook for that login id and state; once; and never signs in an
 * administrator who did not link Instagram themselves.
 */
class SignInReturnTest extends Iglr_Test_Case {

	/**
	 * Recording browser.
	 *
	 * @var Iglr_Test_Browser
	 */
	private $browser;

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		$this->browser = new Iglr_Test_Browser();
	}

	private function handler() {
		return self::sign_in_return( $this->browser );
	}

	/**
	 * A sign-in started in this browser, and the relay's webhook for it.
	 *
	 * @param array $options purpose, redirect_to, user_id, event (data overrides), webhook (false: none).
	 * @return array state, login_id, cookies, data.
	 */
	private function signed_in_at_instagram( array $options = array() ) {
		$options = array_merge(
			array(
				'purpose'     => 'login',
				'redirect_to' => home_url( '/shop/' ),
				'user_id'     => 0,
				'event'       => array(),
				'webhook'     => true,
			),
			$options
		);
		$started = ( new Iglr_Pending_Sign_Ins() )->create( $options['purpose'], $options['redirect_to'], $options['user_id'] );
		$data    = self::authorized_data(
			array_merge(
				array(
					'state'   => $started['state'],
					'purpose' => Iglr_Sign_In_Start::relay_purpose( $options['purpose'] ),
				),
				$options['event']
			)
		);
		if ( $options['webhook'] ) {
			$this->assertSame( 200, self::deliver( 'instagram.authorized', $data, 'msg_' . Iglr_Crypto::random_token( 8 ) )->get_status() );
		}
		return array(
			'state'    => $started['state'],
			'login_id' => $data['login_id'],
			'cookies'  => array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] ),
			'data'     => $data,
		);
	}

	private function come_back( array $flow, array $query = null ) {
		$query = null === $query ? array(
			'igr_login' => $flow['login_id'],
			'igr_state' => $flow['state'],
		) : $query;
		$this->handler()->complete( $query, $flow['cookies'] );
		return $this->browser->redirects[ count( $this->browser->redirects ) - 1 ];
	}

	private static function query_of( $url ) {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return $query;
	}

	public function test_a_new_shopper_gets_an_account_without_email_and_is_signed_in() {
		$flow     = $this->signed_in_at_instagram();
		$location = $this->come_back( $flow );

		$this->assertSame( Iglr_Email_Step::url( home_url( '/shop/' ) ), $location, 'the email step first, then back to the shop' );
		$user = wp_get_current_user();
		$this->assertTrue( $user->exists() );
		$this->assertSame( 'lumen.coffee', $user->user_login );
		$this->assertSame( '', $user->user_email );
		$this->assertSame( 'Lumen Coffee Roasters', $user->display_name );
		$this->assertSame( array( get_option( 'default_role' ) ), $user->roles, 'without WooCommerce: the default role' );
		$this->assertSame( self::INSTAGRAM_USER_ID, get_user_meta( $user->ID, Iglr_Keys::META_INSTAGRAM_USER_ID, true ) );
		$this->assertSame( 'signup', get_user_meta( $user->ID, Iglr_Keys::META_LINKED_BY, true ) );
		$this->assertSame( array( Iglr_Pending_Sign_Ins::cookie_name( $flow['state'] ) ), $this->browser->cleared );
		$this->assertSame( 'signed_in', ( new Iglr_Delivery_Log() )->entries()[0]['code'] );
	}

	public function test_a_linked_shopper_is_signed_in_to_their_account() {
		$user_id = self::make_user( 'subscriber', 'ada' );
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data() );
		$users_before = count_users()['total_users'];

		$this->come_back( $this->signed_in_at_instagram( array( 'event' => array( 'username' => 'ada.renamed' ) ) ) );
		$this->assertSame( $user_id, get_current_user_id() );
		$this->assertSame( $users_before, count_users()['total_users'], 'no new account' );
		$this->assertSame( 'ada.renamed', get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, true ) );
	}

	public function test_without_the_sign_in_cookie_nothing_happens_and_the_ticket_is_kept() {
		$flow            = $this->signed_in_at_instagram();
		$flow['cookies'] = array();
		$location        = $this->come_back( $flow );

		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'failed', self::query_of( $location )['iglr_error'] );
		$this->assertStringStartsWith( wp_login_url(), $location );
		$this->assertNull( self::rows( Iglr_Keys::TABLE_EVENTS )[0]['consumed_at'], 'an attacker without the cookie cannot burn the ticket' );
		$this->assertSame( array(), $this->browser->cleared );
		$this->assertSame( array( 'webhook_stored' ), array_column( ( new Iglr_Delivery_Log() )->entries(), 'code' ), 'a request anyone can send leaves no trace' );
	}

	public function test_a_cookie_this_site_did_not_seal_leaves_no_trace() {
		$flow = $this->signed_in_at_instagram();
		foreach ( array( 'v1.' . base64_encode( random_bytes( 80 ) ), 'x', str_repeat( 'a', 5000 ) ) as $forged ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
			$flow['cookies'] = array( Iglr_Pending_Sign_Ins::cookie_name( $flow['state'] ) => $forged );
			$location        = $this->come_back( $flow );
			$this->assertSame( 0, get_current_user_id() );
			$this->assertSame( 'failed', self::query_of( $location )['iglr_error'] );
		}
		$this->assertNull( self::rows( Iglr_Keys::TABLE_EVENTS )[0]['consumed_at'] );
		$this->assertSame( array( 'webhook_stored' ), array_column( ( new Iglr_Delivery_Log() )->entries(), 'code' ) );
	}

	public function test_an_expired_sign_in_is_refused_and_logged() {
		$started = ( new Iglr_Pending_Sign_Ins(
			function () {
				return time() - Iglr_Pending_Sign_Ins::TTL - 1;
			}
		) )->create( 'login', home_url( '/shop/' ), 0 );
		$data    = self::authorized_data( array( 'state' => $started['state'] ) );
		self::deliver( 'instagram.authorized', $data, 'msg_expired' );
		$location = $this->come_back(
			array(
				'state'    => $started['state'],
				'login_id' => $data['login_id'],
				'cookies'  => array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] ),
			)
		);
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'failed', self::query_of( $location )['iglr_error'] );
		$this->assertSame( home_url( '/shop/' ), self::query_of( $location )['redirect_to'], 'back where the shopper started' );
		$this->assertSame( 'pending_expired', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_a_cookie_from_another_sign_in_does_not_count() {
		$victim   = $this->signed_in_at_instagram();
		$attacker = $this->signed_in_at_instagram();
		$this->handler()->complete(
			array(
				'igr_login' => $victim['login_id'],
				'igr_state' => $victim['state'],
			),
			$attacker['cookies']
		);
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'failed', self::query_of( $this->browser->only_redirect() )['iglr_error'] );
	}

	public function test_a_login_id_of_another_state_is_refused() {
		$mine  = $this->signed_in_at_instagram();
		$other = $this->signed_in_at_instagram();
		$this->handler()->complete(
			array(
				'igr_login' => $other['login_id'],
				'igr_state' => $mine['state'],
			),
			$mine['cookies']
		);
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'state_mismatch', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_the_return_link_works_once() {
		$flow = $this->signed_in_at_instagram();
		$this->come_back( $flow );
		$first_user = get_current_user_id();
		$this->assertGreaterThan( 0, $first_user );
		wp_set_current_user( 0 );

		$location = $this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'failed', self::query_of( $location )['iglr_error'] );
	}

	public function test_an_expired_ticket_is_refused() {
		global $wpdb;
		$flow = $this->signed_in_at_instagram();
		$wpdb->query( 'UPDATE ' . Iglr_Keys::table( Iglr_Keys::TABLE_EVENTS ) . ' SET expires_at = ' . ( time() - 1 ) ); // phpcs:ignore WordPress.DB
		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'login_expired', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_relay_errors_become_plain_codes() {
		$notices = array(
			array( 'instagram_error', '', 'refused' ),
			array( 'instagram_error', 'something_new', 'refused' ),
			array( 'delivery_failed', '', 'failed' ),
			array( 'invalid_request', 'not_tester', 'failed' ),
			array( 'something_new', '', 'failed' ),
		);
		foreach ( $notices as list( $igr_error, $igr_reason, $code ) ) {
			$location = $this->fail_at_instagram( $igr_error, $igr_reason );
			$this->assertSame( $code, self::query_of( $location )['iglr_error'], $igr_error );
			$this->assertSame( home_url( '/shop/' ), self::query_of( $location )['redirect_to'] );
		}
		$this->assertSame( 'Sorry, the store could not complete the sign-in with Instagram. Please try again.', Iglr_Messages::error_text( 'failed' ) );
	}

	public function test_refusals_the_shopper_can_act_on_get_a_page_of_their_own() {
		$pages = array(
			array( 'access_denied', '', 'cancelled' ),
			array( 'instagram_error', 'not_professional', 'not_professional' ),
			array( 'instagram_error', 'not_tester', 'not_tester' ),
		);
		foreach ( $pages as list( $igr_error, $igr_reason, $problem ) ) {
			$location = $this->fail_at_instagram( $igr_error, $igr_reason );
			$this->assertSame( home_url( '/' ), strtok( $location, '?' ), $problem );
			$query = self::query_of( $location );
			$this->assertSame(
				array(
					'iglr'        => 'sign-in-problem',
					'problem'     => $problem,
					'purpose'     => 'login',
					'redirect_to' => home_url( '/shop/' ),
				),
				$query,
				'a code and where the shopper was; no handle: Instagram did not say who it was'
			);
			$this->assertSame( 0, get_current_user_id() );
		}
		$this->assertSame( 'sign_in_failed', ( new Iglr_Delivery_Log() )->entries()[1]['code'] );
		$this->assertSame( 'relay: instagram_error (not_professional)', ( new Iglr_Delivery_Log() )->entries()[1]['detail'] );
	}

	public function test_an_account_the_store_could_not_create_gets_the_registration_with_the_handle() {
		add_filter(
			'iglr_new_user_data',
			function ( $userdata ) {
				$userdata['user_login'] = str_repeat( 'x', 61 ); // Longer than WordPress allows.
				return $userdata;
			}
		);
		$location = $this->come_back( $this->signed_in_at_instagram() );
		$query    = self::query_of( $location );
		$this->assertSame( array( 'sign-in-problem', 'account_not_created', 'lumen.coffee' ), array( $query['iglr'], $query['problem'], $query['iglr_handle'] ) );
		$_GET = $query;
		$this->assertSame( 'lumen.coffee', Iglr_Registration::requested_handle(), 'signed by this site' );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'create_failed @lumen.coffee', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	/**
	 * A sign-in the relay sends back with an error.
	 *
	 * @param string $igr_error  The relay's code.
	 * @param string $igr_reason Its reason, or ''.
	 * @return string Where the browser was sent.
	 */
	private function fail_at_instagram( $igr_error, $igr_reason ) {
		$flow  = $this->signed_in_at_instagram( array( 'webhook' => false ) );
		$query = array(
			'igr_error' => $igr_error,
			'igr_state' => $flow['state'],
		);
		if ( '' !== $igr_reason ) {
			$query['igr_reason'] = $igr_reason;
		}
		return $this->come_back( $flow, $query );
	}

	public function test_the_login_page_shows_the_message_for_a_known_code_only() {
		$_GET   = array( 'iglr_error' => 'refused' );
		$errors = Iglr_Messages::login_errors( new WP_Error() );
		$this->assertSame( array( 'Instagram did not let you sign in. Instagram sign-in works with professional (Creator or Business) accounts; if yours is one, please try again.' ), $errors->get_error_messages( 'iglr_error' ) );

		$_GET = array( 'iglr_error' => '<b>you have been hacked</b>' );
		$this->assertSame( array(), Iglr_Messages::login_errors( new WP_Error() )->get_error_codes() );
	}

	public function test_linking_is_only_offered_until_the_user_confirms() {
		$user_id = self::make_user( 'subscriber', 'grace' );
		wp_set_current_user( $user_id );
		$flow     = $this->signed_in_at_instagram(
			array(
				'purpose'     => 'link',
				'user_id'     => $user_id,
				'redirect_to' => home_url( '/my-account/' ),
			)
		);
		$location = $this->come_back( $flow );

		$this->assertSame( home_url( '/my-account/' ), $location, 'back to the page that asks for the confirmation' );
		$this->assertSame( $user_id, get_current_user_id() );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $user_id ), 'not linked yet' );
		$offers = new Iglr_Link_Offers( new Iglr_User_Links() );
		$this->assertSame( array( self::INSTAGRAM_USER_ID, 'lumen.coffee' ), array( $offers->waiting_for( $user_id )['instagram_user_id'], $offers->waiting_for( $user_id )['username'] ) );

		$offers->accept( $user_id );
		$this->assertNull( $offers->waiting_for( $user_id ) );
		$this->assertSame(
			array(
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
				'username'          => 'lumen.coffee',
				'linked_by'         => 'self',
			),
			array_intersect_key( ( new Iglr_User_Links() )->link_of( $user_id ), array_flip( array( 'instagram_user_id', 'username', 'linked_by' ) ) )
		);
	}

	public function test_linking_an_instagram_account_that_belongs_to_someone_else_is_refused() {
		$owner = self::make_user( 'subscriber', 'owner' );
		( new Iglr_User_Links() )->link( $owner, self::authorized_data() );
		$user_id = self::make_user( 'subscriber', 'mallory' );
		wp_set_current_user( $user_id );

		$location = $this->come_back(
			$this->signed_in_at_instagram(
				array(
					'purpose' => 'link',
					'user_id' => $user_id,
				)
			)
		);
		$this->assertSame( 'linked_elsewhere', self::query_of( $location )['iglr_error'] );
		$this->assertNull( ( new Iglr_Link_Offers( new Iglr_User_Links() ) )->waiting_for( $user_id ), 'nothing offered' );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
		$this->assertSame( $owner, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ) );
	}

	public function test_linking_is_refused_when_someone_else_is_signed_in_by_then() {
		$user_id = self::make_user( 'subscriber', 'first' );
		$flow    = $this->signed_in_at_instagram(
			array(
				'purpose' => 'link',
				'user_id' => $user_id,
			)
		);
		wp_set_current_user( self::make_user( 'subscriber', 'second' ) );
		$this->come_back( $flow );
		$offers = new Iglr_Link_Offers( new Iglr_User_Links() );
		$this->assertNull( $offers->waiting_for( $user_id ) );
		$this->assertNull( $offers->waiting_for( get_current_user_id() ) );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( get_current_user_id() ) );
	}

	public function test_an_administrator_who_did_not_link_instagram_is_not_signed_in() {
		// Signed up through Instagram as a shopper, promoted to administrator later.
		$admin = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$admin->set_role( 'administrator' );

		$location = $this->come_back( $this->signed_in_at_instagram() );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'not_allowed', self::query_of( $location )['iglr_error'] );
	}

	public function test_an_administrator_who_linked_instagram_themselves_is_signed_in() {
		$admin = self::make_user( 'administrator', 'boss' );
		( new Iglr_User_Links() )->link( $admin, self::authorized_data() );
		$this->come_back( $this->signed_in_at_instagram() );
		$this->assertSame( $admin, get_current_user_id() );
	}

	public function test_connect_saves_the_store_account_for_the_administrator_who_started_it() {
		$admin = self::make_user( 'administrator', 'boss' );
		wp_set_current_user( $admin );
		$flow     = $this->signed_in_at_instagram(
			array(
				'purpose'     => 'connect',
				'user_id'     => $admin,
				'redirect_to' => Iglr_Urls::settings_url(),
			)
		);
		$location = $this->come_back( $flow );

		$this->assertSame( Iglr_Urls::settings_url( array( 'iglr_notice' => 'connected' ) ), $location );
		$account = new Iglr_Store_Account();
		$this->assertSame( $flow['data']['access_token'], $account->token() );
		$saved = $account->get();
		$this->assertSame( array( self::INSTAGRAM_USER_ID, 'lumen.coffee', 'Lumen Coffee Roasters', $admin, false ), array( $saved['instagram_user_id'], $saved['username'], $saved['name'], $saved['connected_by'], $saved['needs_reconnect'] ) );
		$this->assertSame( strtotime( '2027-01-28T20:38:45Z' ), $saved['expires_at'] );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $admin ), 'connecting the store account links no user' );
		$this->assertStringNotContainsString( $flow['data']['access_token'], serialize( get_option( Iglr_Keys::OPTION_STORE_ACCOUNT ) ), 'sealed at rest' );
	}

	public function test_connect_is_refused_for_anyone_else() {
		$admin = self::make_user( 'administrator', 'boss' );
		$flow  = $this->signed_in_at_instagram(
			array(
				'purpose' => 'connect',
				'user_id' => $admin,
			)
		);
		wp_set_current_user( self::make_user( 'administrator', 'other-admin' ) );
		$location = $this->come_back( $flow );
		$this->assertSame( Iglr_Urls::settings_url( array( 'iglr_error' => 'failed' ) ), $location );
		$this->assertNull( ( new Iglr_Store_Account() )->get() );
	}

	public function test_a_connect_event_does_not_complete_a_shopper_sign_in() {
		$flow = $this->signed_in_at_instagram( array( 'event' => array( 'purpose' => 'connect' ) ) );
		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'purpose_mismatch', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_the_handler_reads_the_request() {
		$flow = $this->signed_in_at_instagram();
		$_GET = array(
			'iglr'      => 'return',
			'igr_login' => $flow['login_id'],
			'igr_state' => $flow['state'],
		);
		foreach ( $flow['cookies'] as $name => $value ) {
			$_COOKIE[ $name ] = $value;
		}
		$_COOKIE['unrelated'] = 'x';
		$this->handler()->maybe_handle();
		$this->assertSame( array( Iglr_Email_Step::url( home_url( '/shop/' ) ) ), $this->browser->redirects );
		$this->assertGreaterThan( 0, get_current_user_id() );
	}
}
