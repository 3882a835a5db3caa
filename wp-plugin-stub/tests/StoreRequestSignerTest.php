<?php
/**
 * Iglr_Store_Request_Signer and Iglr_Relay_Client.
 *
 * @package ig-login-relay
 */

/**
 * Store API requests are signed as docs/contract.md §9.1 says and as the relay checks.
 */
class StoreRequestSignerTest extends Iglr_Test_Case {

	public function test_signs_like_the_relay() {
		// The relay's signStoreRequest() (src/tenants/store-request-signature.ts) for the same values; it upper-cases the method.
		$this->assertSame(
			array(
				'igr-store'      => 'shop-1',
				'igr-request-id' => 'req_0123456789abcdef',
				'igr-timestamp'  => '1800000000',
				'igr-signature'  => 'v1,ljpGdSoEpXq9YlvqLIYYv51XkgHgHNphojaF38cFsBk=',
			),
			Iglr_Store_Request_Signer::headers( Iglr_Store_Secret::key( self::STORE_SECRET ), 'shop-1', 'req_0123456789abcdef', 1800000000, 'put', '/v1/store/instagram', '{"app_id":"1234567890"}' )
		);
	}

	/**
	 * Recomputes a received request's signature the relay's way.
	 *
	 * @param array $request A recorded request.
	 * @return string
	 */
	private static function expected_signature( array $request ) {
		$h       = $request['headers'];
		$message = implode( "\n", array( 'v1', $h['igr-store'], $h['igr-request-id'], $h['igr-timestamp'], $request['method'], $request['path'], $request['body'] ) );
		return 'v1,' . base64_encode( hash_hmac( 'sha256', $message, Iglr_Store_Secret::key( self::STORE_SECRET ), true ) );
	}

	public function test_client_signs_a_get_with_an_empty_body() {
		$this->configure();
		$this->relay_answers( 'GET /v1/store', 200, array( 'store' => array( 'redirect_uri' => 'https://relay.example.com/callback' ) ) );
		$store = ( new Iglr_Relay_Client( new Iglr_Settings() ) )->get_store();

		$this->assertSame( array( 'store' => array( 'redirect_uri' => 'https://relay.example.com/callback' ) ), $store );
		$this->assertCount( 1, $this->relay_requests );
		$request = $this->relay_requests[0];
		$this->assertSame( self::RELAY_URL . '/v1/store', $request['url'] );
		$this->assertSame( '', $request['body'] );
		$this->assertSame( 'shop-1', $request['headers']['igr-store'] );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{16,128}$/', $request['headers']['igr-request-id'] );
		$this->assertEqualsWithDelta( time(), (int) $request['headers']['igr-timestamp'], 2 );
		$this->assertSame( self::expected_signature( $request ), $request['headers']['igr-signature'] );
		$this->assertArrayNotHasKey( 'content-type', $request['headers'] );
		$this->assertSame( 0, $request['args']['redirection'], 'never follows redirects' );
		$this->assertLessThanOrEqual( 5, $request['args']['timeout'] );
	}

	public function test_client_signs_the_exact_json_body_and_never_reuses_a_request_id() {
		$this->configure();
		$this->relay_answers( 'PUT /v1/store/instagram', 200, array( 'id' => 'shop-1' ) );
		$client = new Iglr_Relay_Client( new Iglr_Settings() );
		$client->put_instagram( array( 'app_id' => '1234567890', 'scopes' => array( 'instagram_business_basic' ) ) );
		$client->put_instagram( array( 'app_id' => '1234567890' ) );

		$first = $this->relay_requests[0];
		$this->assertSame( 'PUT', $first['method'] );
		$this->assertSame( '{"app_id":"1234567890","scopes":["instagram_business_basic"]}', $first['body'] );
		$this->assertSame( 'application/json', $first['headers']['content-type'] );
		$this->assertSame( self::expected_signature( $first ), $first['headers']['igr-signature'] );
		$this->assertNotSame( $first['headers']['igr-request-id'], $this->relay_requests[1]['headers']['igr-request-id'] );
	}

	public function test_client_reports_refusals_and_unreachable_relays() {
		$this->configure();
		$client = new Iglr_Relay_Client( new Iglr_Settings() );

		$this->relay_answers(
			'GET /v1/store',
			401,
			array(
				'code'    => 'store_auth_failed',
				'message' => 'x',
			)
		);
		$refused = $client->get_store();
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 'iglr_relay_store_auth_failed', $refused->get_error_code() );
		$this->assertSame( array( 'status' => 401 ), $refused->get_error_data() );

		$unreachable = $client->test_instagram();
		$this->assertSame( 'iglr_unreachable', $unreachable->get_error_code() );
		$post = end( $this->relay_requests );
		$this->assertSame( 'POST', $post['method'] );
		$this->assertSame( '{}', $post['body'], 'a JSON body, so it is not sent as an empty form' );
		$this->assertSame( 'application/json', $post['headers']['content-type'] );
		$this->assertSame( self::expected_signature( $post ), $post['headers']['igr-signature'] );
	}

	public function test_client_needs_settings_first() {
		$result = ( new Iglr_Relay_Client( new Iglr_Settings() ) )->get_store();
		$this->assertSame( 'iglr_not_configured', $result->get_error_code() );
		$this->assertSame( array(), $this->relay_requests, 'nothing sent' );
	}

	public function test_client_claims_a_login_and_sets_the_login_delivery() {
		$this->configure();
		$client = new Iglr_Relay_Client( new Iglr_Settings() );
		$this->relay_answers(
			'POST /v1/store/login-claims',
			409,
			array(
				'code'    => 'login_already_delivered',
				'message' => 'x',
			)
		);
		$claim = $client->claim_login( 'lgn_0123456789abcdef0123456789abcdef' );
		$this->assertSame( 'iglr_relay_login_already_delivered', $claim->get_error_code() );
		$this->assertSame( array( 'status' => 409 ), $claim->get_error_data() );
		$request = $this->relay_requests[0];
		$this->assertSame( '{"login_id":"lgn_0123456789abcdef0123456789abcdef"}', $request['body'] );
		$this->assertSame( self::expected_signature( $request ), $request['headers']['igr-signature'] );
		$this->assertSame( 8, $request['args']['timeout'], 'short: a shopper is waiting' );

		$this->relay_answers(
			'PUT /v1/store/login-delivery',
			200,
			array(
				'id'             => 'shop-1',
				'login_delivery' => 'claim',
			)
		);
		$this->assertSame(
			array(
				'id'             => 'shop-1',
				'login_delivery' => 'claim',
			),
			$client->put_login_delivery( 'claim' )
		);
		$request = $this->relay_requests[1];
		$this->assertSame( array( 'PUT', '/v1/store/login-delivery', '{"login_delivery":"claim"}' ), array( $request['method'], $request['path'], $request['body'] ) );
		$this->assertSame( self::expected_signature( $request ), $request['headers']['igr-signature'] );
	}
}
