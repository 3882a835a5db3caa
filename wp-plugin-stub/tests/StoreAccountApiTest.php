<?php
/**
 * The functions and actions other plugins use.
 *
 * @package ig-login-relay
 */

/**
 * iglr_get_store_access_token(), iglr_get_store_account(), and the actions
 * fired when the relay's token webhooks are applied: never the token where
 * it was not asked for.
 */
class StoreAccountApiTest extends Iglr_Test_Case {

	/**
	 * Arguments of each call of an action.
	 *
	 * @param string $action Action.
	 * @return ArrayObject
	 */
	private static function record( $action ) {
		$calls = new ArrayObject();
		add_action(
			$action,
			function () use ( $calls ) {
				$calls[] = func_get_args();
			},
			10,
			2
		);
		return $calls;
	}

	public function test_nothing_while_no_account_is_connected() {
		$this->assertNull( iglr_get_store_access_token() );
		$this->assertNull( iglr_get_store_account() );
	}

	public function test_the_connected_account_and_its_token() {
		( new Iglr_Store_Account() )->connect( self::authorized_data( array( 'access_token' => 'IGAA-store-token' ) ), 1 );
		$this->assertSame( 'IGAA-store-token', iglr_get_store_access_token() );
		$this->assertSame(
			array(
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
				'username'          => 'lumen.coffee',
				'expires_at'        => strtotime( '2027-01-28T20:38:45.675Z' ),
			),
			iglr_get_store_account()
		);
	}

	public function test_no_token_once_it_has_expired_or_was_deleted() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'expires_at' => gmdate( 'c', time() - 1 ) ) ), 1 );
		$this->assertNull( iglr_get_store_access_token() );
		$this->assertSame( 'lumen.coffee', iglr_get_store_account()['username'] );

		$account->connect( self::authorized_data(), 1 );
		$account->forget_token( self::INSTAGRAM_USER_ID, 'Instagram says the account removed the app.' );
		$this->assertNull( iglr_get_store_access_token() );
		$this->assertSame( 0, iglr_get_store_account()['expires_at'] );
	}

	public function test_a_refresh_webhook_fires_iglr_store_token_refreshed_with_the_account_and_not_the_token() {
		$this->configure();
		( new Iglr_Store_Account() )->connect( self::authorized_data(), 1 );
		$calls = self::record( 'iglr_store_token_refreshed' );
		$this->assertSame(
			200,
			self::deliver(
				'instagram.token_refreshed',
				array(
					'instagram_user_id' => self::INSTAGRAM_USER_ID,
					'access_token'      => 'IGAA-refreshed',
					'expires_at'        => '2027-03-29T08:00:00Z',
				),
				'msg_refreshed'
			)->get_status()
		);
		$this->assertSame(
			array(
				array(
					array(
						'instagram_user_id' => self::INSTAGRAM_USER_ID,
						'username'          => 'lumen.coffee',
						'expires_at'        => strtotime( '2027-03-29T08:00:00Z' ),
					),
				),
			),
			$calls->getArrayCopy()
		);
		$this->assertSame( 'IGAA-refreshed', iglr_get_store_access_token(), 'the new token is there when the action runs' );
	}

	public function test_a_refresh_failed_webhook_fires_iglr_store_token_refresh_failed_with_the_reason() {
		$this->configure();
		( new Iglr_Store_Account() )->connect( self::authorized_data(), 1 );
		$calls = self::record( 'iglr_store_token_refresh_failed' );
		self::deliver(
			'instagram.token_refresh_failed',
			array(
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
				'message'           => 'Error validating access token: Session has expired.',
			),
			'msg_refresh_failed'
		);
		$this->assertSame(
			array(
				array(
					array(
						'instagram_user_id' => self::INSTAGRAM_USER_ID,
						'username'          => 'lumen.coffee',
						'expires_at'        => strtotime( '2027-01-28T20:38:45.675Z' ),
					),
					'Error validating access token: Session has expired.',
				),
			),
			$calls->getArrayCopy()
		);
	}

	public function test_no_action_for_another_account_or_a_retry() {
		$this->configure();
		( new Iglr_Store_Account() )->connect( self::authorized_data(), 1 );
		$refreshed = self::record( 'iglr_store_token_refreshed' );
		$failed    = self::record( 'iglr_store_token_refresh_failed' );
		$other     = array(
			'instagram_user_id' => '42',
			'access_token'      => 'IGAA-other',
		);
		self::deliver( 'instagram.token_refreshed', $other, 'msg_other' );
		self::deliver( 'instagram.token_refresh_failed', array( 'instagram_user_id' => '42' ), 'msg_other_failed' );
		$mine = array(
			'instagram_user_id' => self::INSTAGRAM_USER_ID,
			'access_token'      => 'IGAA-refreshed',
		);
		self::deliver( 'instagram.token_refreshed', $mine, 'msg_mine' );
		self::deliver( 'instagram.token_refreshed', $mine, 'msg_mine' );
		$this->assertCount( 1, $refreshed );
		$this->assertCount( 0, $failed );
	}
}
