<?php
/**
 * The actions and the filter other plugins hook into.
 *
 * @package ig-login-relay
 */

/**
 * iglr_signed_in, iglr_user_created, iglr_linked, iglr_unlinked and
 * iglr_new_user_data fire at their moment with the documented arguments, and
 * the Instagram account they pass never holds a token.
 */
class ShopperHooksTest extends Iglr_Test_Case {

	/**
	 * Calls recorded: hook => list of argument lists.
	 *
	 * @var array<string,array[]>
	 */
	private $calls = array();

	const INSTAGRAM_KEYS = array( 'instagram_user_id', 'username', 'name', 'account_type', 'profile_picture_url' );

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		foreach ( array( 'iglr_signed_in', 'iglr_user_created', 'iglr_linked', 'iglr_unlinked' ) as $hook ) {
			add_action(
				$hook,
				function ( ...$args ) use ( $hook ) {
					$this->calls[ $hook ][] = $args;
				},
				10,
				2
			);
		}
	}

	private function sign_in( array $event = array() ) {
		$started = ( new Iglr_Pending_Sign_Ins() )->create( 'login', home_url( '/shop/' ), 0 );
		$data    = self::authorized_data( array_merge( array( 'state' => $started['state'] ), $event ) );
		self::deliver( 'instagram.authorized', $data, 'msg_' . Iglr_Crypto::random_token( 8 ) );
		self::sign_in_return( new Iglr_Test_Browser() )->complete(
			array(
				'igr_login' => $data['login_id'],
				'igr_state' => $started['state'],
			),
			array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] )
		);
		return $data;
	}

	public function test_a_first_sign_in_creates_then_signs_in_and_a_second_only_signs_in() {
		$this->sign_in( array( 'profile_picture_url' => 'https://scontent.cdninstagram.test/p.jpg?oe=1' ) );
		$user_id = get_current_user_id();
		$this->assertGreaterThan( 0, $user_id );
		$instagram = array(
			'instagram_user_id'   => self::INSTAGRAM_USER_ID,
			'username'            => 'lumen.coffee',
			'name'                => 'Lumen Coffee Roasters',
			'account_type'        => 'Business',
			'profile_picture_url' => 'https://scontent.cdninstagram.test/p.jpg?oe=1',
		);
		$this->assertSame( array( array( $user_id, $instagram ) ), $this->calls['iglr_user_created'] );
		$this->assertCount( 1, $this->calls['iglr_signed_in'] );
		$this->assertInstanceOf( WP_User::class, $this->calls['iglr_signed_in'][0][0] );
		$this->assertSame( $user_id, $this->calls['iglr_signed_in'][0][0]->ID );
		$this->assertSame( $instagram, $this->calls['iglr_signed_in'][0][1], 'the five public fields, never the token' );

		wp_set_current_user( 0 );
		$this->sign_in( array( 'name' => null ) );
		$this->assertCount( 1, $this->calls['iglr_user_created'] );
		$this->assertCount( 2, $this->calls['iglr_signed_in'] );
		$this->assertSame( self::INSTAGRAM_KEYS, array_keys( $this->calls['iglr_signed_in'][1][1] ) );
		$this->assertSame( '', $this->calls['iglr_signed_in'][1][1]['name'], 'what Instagram did not give is an empty string' );
	}

	public function test_linking_fires_once_the_owner_confirms_and_unlinking_names_the_instagram_account() {
		$user_id = self::make_user( 'subscriber', 'grace' );
		$offers  = new Iglr_Link_Offers( new Iglr_User_Links() );
		$offers->offer( $user_id, self::authorized_data() );
		$this->assertArrayNotHasKey( 'iglr_linked', $this->calls, 'an offer links nothing' );
		$offers->accept( $user_id );
		$this->assertSame( array( $user_id ), array_column( $this->calls['iglr_linked'], 0 ) );
		$this->assertSame( self::INSTAGRAM_KEYS, array_keys( $this->calls['iglr_linked'][0][1] ) );
		$this->assertSame( 'Lumen Coffee Roasters', $this->calls['iglr_linked'][0][1]['name'] );

		( new Iglr_User_Links() )->unlink( $user_id );
		$this->assertSame( array( array( $user_id, self::INSTAGRAM_USER_ID ) ), $this->calls['iglr_unlinked'] );
		( new Iglr_User_Links() )->remove_link( $user_id );
		$this->assertCount( 1, $this->calls['iglr_unlinked'], 'nothing left to unlink: not fired again' );
	}

	public function test_instagram_removing_the_app_unlinks_too() {
		$user_id = self::make_user( 'subscriber', 'grace' );
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data() );
		$this->assertSame(
			200,
			self::deliver(
				'instagram.deauthorized',
				array(
					'store'             => self::STORE_ID,
					'instagram_user_id' => self::INSTAGRAM_USER_ID,
				),
				'msg_deauth'
			)->get_status()
		);
		$this->assertSame( array( array( $user_id, self::INSTAGRAM_USER_ID ) ), $this->calls['iglr_unlinked'] );
	}

	public function test_the_new_account_data_can_be_filtered() {
		add_role( 'member', 'Member', array( 'read' => true ) );
		$seen = array();
		add_filter(
			'iglr_new_user_data',
			function ( $userdata, $instagram ) use ( &$seen ) {
				$seen                     = array( array_keys( $userdata ), $instagram['username'] );
				$userdata['role']         = 'member';
				$userdata['display_name'] = 'Lumen (Instagram)';
				return $userdata;
			},
			10,
			2
		);
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( array( array( 'user_login', 'user_pass', 'user_email', 'nickname', 'display_name', 'role' ), 'lumen.coffee' ), $seen );
		$this->assertSame( array( 'member' ), $user->roles );
		$this->assertSame( 'Lumen (Instagram)', $user->display_name );

		add_filter( 'iglr_new_user_data', '__return_null', 20 );
		$second = ( new Iglr_User_Links() )->create_user( self::authorized_data( array( 'instagram_user_id' => '5' ) ) );
		$this->assertSame( 'Lumen Coffee Roasters', $second->display_name, 'a filter that returns no array is ignored' );
	}
}
