<?php
/**
 * Iglr_Webhook_Route, through WordPress's REST server.
 *
 * @package ig-login-relay
 */

/**
 * POST /wp-json/ig-login-relay/v1/webhook end to end.
 */
class WebhookRouteTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
	}

	private static function body( array $data, $type = 'instagram.authorized' ) {
		return (string) wp_json_encode(
			array(
				'type'      => $type,
				'timestamp' => '2026-11-29T20:38:45.675Z',
				'data'      => $data,
			)
		);
	}

	public function test_the_route_is_public_and_post_only() {
		$routes = rest_get_server()->get_routes();
		$route  = '/' . Iglr_Keys::REST_NAMESPACE . Iglr_Keys::REST_WEBHOOK_ROUTE;
		$this->assertArrayHasKey( $route, $routes );
		$this->assertSame( array( 'POST' => true ), $routes[ $route ][0]['methods'] );
		$this->assertSame( '__return_true', $routes[ $route ][0]['permission_callback'] );
		$get = rest_do_request( new WP_REST_Request( 'GET', $route ) );
		$this->assertSame( 404, $get->get_status(), 'no GET handler' );
	}

	public function test_a_valid_authorized_event_is_stored_hashed_and_sealed() {
		$data     = self::authorized_data();
		$body     = self::body( $data );
		$response = self::post_webhook( $body, self::webhook_headers( 'msg_0001', time(), $body ) );

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );
		$rows = self::rows( Iglr_Keys::TABLE_EVENTS );
		$this->assertCount( 1, $rows );
		$row = $rows[0];
		$this->assertSame( 'msg_0001', $row['webhook_id'] );
		$this->assertSame( 'instagram.authorized', $row['type'] );
		$this->assertSame( hash( 'sha256', $data['login_id'] ), $row['login_hash'] );
		$this->assertSame( $data['state'], $row['state'] );
		$this->assertSame( 'login', $row['purpose'] );
		$this->assertNull( $row['consumed_at'] );
		$this->assertSame( 600, (int) $row['expires_at'] - (int) $row['received_at'] );
		$this->assertGreaterThanOrEqual( 7 * DAY_IN_SECONDS, (int) $row['keep_until'] - (int) $row['received_at'] );
		foreach ( array( $data['login_id'], $data['access_token'], $data['username'] ) as $secret ) {
			$this->assertStringNotContainsString( $secret, implode( '|', $row ), 'nothing readable in the row' );
		}
		$this->assertSame( 'webhook_stored', ( new Iglr_Delivery_Log() )->entries()[0]['code'] );
	}

	public function test_the_same_webhook_id_twice_is_a_no_op() {
		$body    = self::body( self::authorized_data() );
		$headers = self::webhook_headers( 'msg_0002', time(), $body );
		$this->assertSame( 200, self::post_webhook( $body, $headers )->get_status() );
		$retry = self::post_webhook( $body, self::webhook_headers( 'msg_0002', time() + 1, $body ) );

		$this->assertSame( 200, $retry->get_status() );
		$this->assertSame( array( 'status' => 'duplicate' ), $retry->get_data() );
		$this->assertCount( 1, self::rows( Iglr_Keys::TABLE_EVENTS ) );
	}

	public function test_a_tampered_body_is_refused_and_not_stored() {
		$body     = self::body( self::authorized_data() );
		$headers  = self::webhook_headers( 'msg_0003', time(), $body );
		$response = self::post_webhook( str_replace( 'lumen.coffee', 'admin', $body ), $headers );

		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( 'iglr_bad_signature', $response->get_data()['code'] );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertSame( array(), ( new Iglr_Delivery_Log() )->entries(), 'unauthenticated requests write nothing' );
	}

	public function test_another_secret_is_refused() {
		$body     = self::body( self::authorized_data() );
		$response = self::post_webhook( $body, self::webhook_headers( 'msg_0004', time(), $body, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' ) );
		$this->assertSame( 401, $response->get_status() );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
	}

	public function test_stale_timestamps_are_refused_both_ways() {
		$body = self::body( self::authorized_data() );
		foreach ( array( time() - 301, time() + 301 ) as $timestamp ) {
			$response = self::post_webhook( $body, self::webhook_headers( 'msg_0005', $timestamp, $body ) );
			$this->assertSame( 400, $response->get_status() );
			$this->assertSame( 'iglr_stale_timestamp', $response->get_data()['code'] );
		}
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
	}

	public function test_missing_headers_are_refused() {
		$body     = self::body( self::authorized_data() );
		$headers  = self::webhook_headers( 'msg_0006', time(), $body );
		$response = self::post_webhook( $body, array_diff_key( $headers, array( 'webhook-signature' => 1 ) ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'iglr_invalid_headers', $response->get_data()['code'] );

		$bad_id   = self::webhook_headers( 'msg 0006', time(), $body );
		$response = self::post_webhook( $body, $bad_id );
		$this->assertSame( 400, $response->get_status(), 'an id that cannot be a key' );
	}

	public function test_without_a_store_secret_nothing_is_accepted() {
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		$body     = self::body( self::authorized_data() );
		$response = self::post_webhook( $body, self::webhook_headers( 'msg_0007', time(), $body ) );
		$this->assertSame( 503, $response->get_status() );
		$this->assertSame( 'iglr_not_configured', $response->get_data()['code'] );
	}

	public function test_signed_but_unusable_events_are_refused_with_400() {
		$missing  = self::authorized_data();
		unset( $missing['login_id'] );
		$body     = self::body( $missing );
		$response = self::post_webhook( $body, self::webhook_headers( 'msg_0008', time(), $body ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'iglr_invalid_payload', $response->get_data()['code'] );

		$body     = self::body( self::authorized_data( array( 'store' => 'shop-2' ) ) );
		$response = self::post_webhook( $body, self::webhook_headers( 'msg_0009', time(), $body ) );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'iglr_wrong_store', $response->get_data()['code'] );

		$numeric  = str_replace( '"' . self::INSTAGRAM_USER_ID . '"', self::INSTAGRAM_USER_ID, self::body( self::authorized_data() ) );
		$response = self::post_webhook( $numeric, self::webhook_headers( 'msg_0010', time(), $numeric ) );
		$this->assertSame( 400, $response->get_status(), 'an Instagram ID as a JSON number would lose digits' );

		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertSame( 'webhook_refused', ( new Iglr_Delivery_Log() )->entries()[0]['code'] );
	}

	public function test_unknown_events_are_acknowledged_recorded_and_ignored() {
		$response = self::deliver(
			'instagram.comment_received',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
			),
			'msg_0011'
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'status' => 'ignored' ), $response->get_data() );
		$rows = self::rows( Iglr_Keys::TABLE_EVENTS );
		$this->assertCount( 1, $rows );
		$this->assertSame( 'instagram.comment_received', $rows[0]['type'] );
		$this->assertNull( $rows[0]['login_hash'] );
		$this->assertSame( '', $rows[0]['data'] );
		$entry = ( new Iglr_Delivery_Log() )->entries()[0];
		$this->assertSame( array( 'webhook_ignored', 'msg_0011', 'instagram.comment_received' ), array( $entry['code'], $entry['webhook_id'], $entry['type'] ) );
	}

	public function test_token_refreshed_updates_the_store_account() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-old' ) ), 1 );

		$response = self::deliver(
			'instagram.token_refreshed',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
				'access_token'      => 'IGAA-new',
				'expires_at'        => '2027-03-01T00:00:00.000Z',
			),
			'msg_0012'
		);
		$this->assertSame( array( 'status' => 'stored' ), $response->get_data() );
		$this->assertSame( 'IGAA-new', $account->token() );
		$this->assertSame( gmmktime( 0, 0, 0, 3, 1, 2027 ), $account->get()['expires_at'] );

		$other = self::deliver(
			'instagram.token_refreshed',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => '999',
				'access_token'      => 'IGAA-someone-else',
				'expires_at'        => null,
			),
			'msg_0013'
		);
		$this->assertSame( 200, $other->get_status() );
		$this->assertSame( 'IGAA-new', $account->token(), 'another account does not replace the token' );
	}

	public function test_token_refresh_failed_marks_the_account_for_reconnection() {
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data(), 1 );
		$response = self::deliver(
			'instagram.token_refresh_failed',
			array(
				'store'             => self::STORE_ID,
				'instagram_user_id' => self::INSTAGRAM_USER_ID,
				'message'           => 'The token was revoked.',
			),
			'msg_0014'
		);
		$this->assertSame( 200, $response->get_status() );
		$this->assertTrue( $account->get()['needs_reconnect'] );
		$this->assertSame( 'The token was revoked.', $account->get()['reconnect_reason'] );

		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		ob_start();
		$account->admin_notice();
		$notice = ob_get_clean();
		$this->assertStringContainsString( '@lumen.coffee needs reconnecting', $notice );
	}
}
