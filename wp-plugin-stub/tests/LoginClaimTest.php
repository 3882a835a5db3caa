<?php
/**
 * Iglr_Login_Claim, through ?iglr=return.
 *
 * @package ig-login-relay
 */

/**
 * A shopper back before the sign-in's webhook (or whose webhook a firewall
 * refuses): the sign-in is claimed from the relay once, verified like a
 * webhook, kept under the webhook's id, and used once, by the browser that
 * started it only.
 */
class LoginClaimTest extends Iglr_Test_Case {

	const CLAIMS = 'POST /v1/store/login-claims';

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

	/**
	 * A sign-in started in this browser, approved on Instagram; its webhook not (yet) here.
	 *
	 * @param array $event Event data overrides.
	 * @return array state, login_id, cookies, data.
	 */
	private static function approved( array $event = array() ) {
		$started = ( new Iglr_Pending_Sign_Ins() )->create( 'login', home_url( '/shop/' ), 0 );
		$data    = self::authorized_data( array_merge( array( 'state' => $started['state'] ), $event ) );
		return array(
			'state'    => $started['state'],
			'login_id' => $data['login_id'],
			'cookies'  => array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] ),
			'data'     => $data,
		);
	}

	/**
	 * The event body, as the relay signs it.
	 *
	 * @param array  $data Event data.
	 * @param string $type Event type.
	 * @return string
	 */
	private static function body( array $data, $type = 'instagram.authorized' ) {
		return (string) wp_json_encode(
			array(
				'type'      => $type,
				'timestamp' => '2026-12-06T10:00:00.000Z',
				'data'      => $data,
			)
		);
	}

	/**
	 * The relay answers the claim with the webhook.
	 *
	 * @param array $data    Event data.
	 * @param array $options id (webhook-id), timestamp, secret (signing), body (instead of the event's), signature (instead of the computed one).
	 */
	private function relay_hands_over( array $data, array $options = array() ) {
		$options   = array_merge(
			array(
				'id'        => 'msg_claimed_1',
				'timestamp' => time(),
				'secret'    => self::STORE_SECRET,
				'body'      => self::body( $data ),
			),
			$options
		);
		$signature = isset( $options['signature'] ) ? $options['signature'] : self::webhook_headers( $options['id'], $options['timestamp'], $options['body'], $options['secret'] )['webhook-signature'];
		$this->relay_answers(
			self::CLAIMS,
			200,
			array(
				'webhook_id'        => $options['id'],
				'webhook_timestamp' => (string) $options['timestamp'],
				'webhook_signature' => $signature,
				'body'              => $options['body'],
			)
		);
	}

	/**
	 * The browser comes back from the relay.
	 *
	 * @param array $flow    approved().
	 * @param array $options login_id, state, cookies: instead of the flow's.
	 * @return string Where the browser was sent.
	 */
	private function come_back( array $flow, array $options = array() ) {
		$options = array_merge( $flow, $options );
		self::sign_in_return( $this->browser )->complete(
			array(
				'igr_login' => $options['login_id'],
				'igr_state' => $options['state'],
			),
			$options['cookies']
		);
		return $this->browser->redirects[ count( $this->browser->redirects ) - 1 ];
	}

	private function claim_requests() {
		return array_values(
			array_filter(
				$this->relay_requests,
				function ( $request ) {
					return self::CLAIMS === $request['method'] . ' ' . $request['path'];
				}
			)
		);
	}

	private static function error_of( $url ) {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return isset( $query['iglr_error'] ) ? $query['iglr_error'] : null;
	}

	private static function log_codes() {
		return array_column( ( new Iglr_Delivery_Log() )->entries(), 'code' );
	}

	public function test_a_sign_in_whose_webhook_is_missing_is_claimed_and_completes() {
		$flow = self::approved();
		$this->relay_hands_over( $flow['data'] );

		$this->assertSame( Iglr_Email_Step::url( home_url( '/shop/' ) ), $this->come_back( $flow ), 'a new account: the email step, then back to the shop' );
		$user = wp_get_current_user();
		$this->assertSame( 'lumen.coffee', $user->user_login );
		$this->assertSame( self::INSTAGRAM_USER_ID, get_user_meta( $user->ID, Iglr_Keys::META_INSTAGRAM_USER_ID, true ) );

		$claims = $this->claim_requests();
		$this->assertCount( 1, $claims, 'claimed once' );
		$this->assertSame( '{"login_id":"' . $flow['login_id'] . '"}', $claims[0]['body'] );
		$this->assertSame( self::STORE_ID, $claims[0]['headers']['igr-store'] );
		$signed = Iglr_Store_Request_Signer::headers( Iglr_Store_Secret::key( self::STORE_SECRET ), self::STORE_ID, $claims[0]['headers']['igr-request-id'], (int) $claims[0]['headers']['igr-timestamp'], 'POST', '/v1/store/login-claims', $claims[0]['body'] );
		$this->assertSame( $signed['igr-signature'], $claims[0]['headers']['igr-signature'] );
		$this->assertSame( 8, $claims[0]['args']['timeout'] );
		$this->assertSame( 0, $claims[0]['args']['redirection'] );

		$rows = self::rows( Iglr_Keys::TABLE_EVENTS );
		$this->assertCount( 1, $rows );
		$this->assertSame( array( 'msg_claimed_1', 'instagram.authorized', hash( 'sha256', $flow['login_id'] ), '' ), array( $rows[0]['webhook_id'], $rows[0]['type'], $rows[0]['login_hash'], $rows[0]['data'] ) );
		$this->assertNotNull( $rows[0]['consumed_at'], 'used' );

		$this->assertSame( array( 'signed_in', 'webhook_claimed' ), self::log_codes() );
		$claimed = ( new Iglr_Delivery_Log() )->entries()[1];
		$this->assertSame( array( 'msg_claimed_1', 'instagram.authorized', 'login @lumen.coffee' ), array( $claimed['webhook_id'], $claimed['type'], $claimed['detail'] ) );
		$this->assertStringNotContainsString( $flow['data']['access_token'], serialize( get_option( Iglr_Keys::OPTION_DELIVERY_LOG ) ), 'never a token in the log' );
		$this->assertSame( 1, ( new Iglr_Webhook_Reachability() )->state()['claims'] );
	}

	public function test_a_claim_signed_during_a_secret_rotation_is_accepted() {
		$flow  = self::approved();
		$body  = self::body( $flow['data'] );
		$now   = time();
		$old   = self::webhook_headers( 'msg_rotating', $now, $body, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' )['webhook-signature'];
		$valid = self::webhook_headers( 'msg_rotating', $now, $body )['webhook-signature'];
		$this->relay_hands_over(
			$flow['data'],
			array(
				'id'        => 'msg_rotating',
				'timestamp' => $now,
				'signature' => $old . ' ' . $valid,
			)
		);
		$this->come_back( $flow );
		$this->assertGreaterThan( 0, get_current_user_id() );
	}

	public function test_when_the_webhook_got_there_first_the_relay_says_so_and_the_event_is_used() {
		$flow = self::approved();
		// The webhook is accepted while the browser is already asking: the relay then answers 409.
		add_filter(
			'pre_http_request',
			function ( $pre, $args, $url ) use ( $flow ) {
				if ( self::RELAY_URL . '/v1/store/login-claims' === $url ) {
					self::deliver( 'instagram.authorized', $flow['data'], 'msg_raced' );
				}
				return $pre;
			},
			5,
			3
		);
		$this->relay_answers(
			self::CLAIMS,
			409,
			array(
				'code'    => 'login_already_delivered',
				'message' => 'The store already accepted this sign-in.',
			)
		);

		$this->assertSame( Iglr_Email_Step::url( home_url( '/shop/' ) ), $this->come_back( $flow ) );
		$this->assertGreaterThan( 0, get_current_user_id() );
		$this->assertCount( 1, $this->claim_requests() );
		$this->assertSame( array( 'signed_in', 'webhook_stored' ), self::log_codes() );
		$this->assertSame( 0, ( new Iglr_Webhook_Reachability() )->state()['claims'], 'it came by webhook: not a claim' );
	}

	public function test_refusals_by_the_relay_fail_the_sign_in() {
		$refusals = array(
			array( 404, 'login_not_found' ),
			array( 410, 'login_expired' ),
			array( 401, 'store_auth_failed' ),
			array( 401, 'request_stale' ),
			array( 503, 'storage_unavailable' ),
		);
		foreach ( $refusals as $refusal ) {
			list( $status, $code ) = $refusal;
			$this->relay_answers(
				self::CLAIMS,
				$status,
				array(
					'code'    => $code,
					'message' => 'x',
				)
			);
			$location = $this->come_back( self::approved() );
			$this->assertSame( 'failed', self::error_of( $location ), $code );
			$this->assertSame( 0, get_current_user_id(), $code );
			$entry = ( new Iglr_Delivery_Log() )->entries()[0];
			$this->assertSame( array( 'sign_in_refused', 'claim refused: ' . $code ), array( $entry['code'], $entry['detail'] ) );
		}
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertSame( 0, ( new Iglr_Webhook_Reachability() )->state()['claims'] );
	}

	public function test_an_unreachable_relay_fails_the_sign_in() {
		$location = $this->come_back( self::approved() );
		$this->assertSame( 'failed', self::error_of( $location ) );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'claim failed: relay unreachable', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_a_claim_answer_that_does_not_verify_is_refused_and_not_kept() {
		$flow   = self::approved();
		$body   = self::body( $flow['data'] );
		$forged = array(
			'bad_signature'   => array( 'secret' => 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' ),
			'stale_timestamp' => array( 'timestamp' => time() - 301 ),
			'invalid_headers' => array( 'id' => 'msg with spaces' ),
		);
		foreach ( $forged as $reason => $options ) {
			$this->relay_hands_over( $flow['data'], $options );
			$this->come_back( $flow );
			$this->assertSame( 0, get_current_user_id(), $reason );
			$this->assertSame( 'claim refused: ' . $reason, ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
		}

		// Signed, then changed: the signature covers the exact body.
		$signature = self::webhook_headers( 'msg_tampered', time(), $body )['webhook-signature'];
		$this->relay_hands_over(
			$flow['data'],
			array(
				'id'        => 'msg_tampered',
				'body'      => str_replace( 'lumen.coffee', 'admin', $body ),
				'signature' => $signature,
			)
		);
		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'claim refused: bad_signature', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );

		$this->relay_answers( self::CLAIMS, 200, array( 'webhook_id' => 'msg_1' ) );
		$this->come_back( $flow );
		$this->assertSame( 'claim refused: invalid_answer', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );

		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertSame( array( 'sign_in_refused' ), array_unique( self::log_codes() ), 'nothing but the refusals' );
	}

	public function test_a_claimed_event_for_another_store_or_of_the_wrong_shape_is_refused() {
		$flow = self::approved( array( 'store' => 'shop-2' ) );
		$this->relay_hands_over( $flow['data'] );
		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( array( 'sign_in_refused', 'webhook_refused' ), self::log_codes() );
		$this->assertSame( 'claim refused: wrong_store', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
		$this->assertSame( 'wrong_store', ( new Iglr_Delivery_Log() )->entries()[1]['detail'] );

		$flow = self::approved( array( 'access_token' => '' ) );
		$this->relay_hands_over( $flow['data'], array( 'id' => 'msg_no_token' ) );
		$this->come_back( $flow );
		$this->assertSame( 'claim refused: invalid_payload', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );

		$flow = self::approved();
		$this->relay_hands_over(
			$flow['data'],
			array(
				'id'   => 'msg_other_type',
				'body' => self::body( $flow['data'], 'instagram.token_refreshed' ),
			)
		);
		$this->come_back( $flow );
		$this->assertSame( 'claim refused: unexpected_type', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );

		$other = self::approved();
		$this->relay_hands_over( $other['data'], array( 'id' => 'msg_other_login' ) );
		$this->come_back( $flow );
		$this->assertSame( 'claim refused: login_mismatch', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );

		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ), 'none of them kept' );
	}

	public function test_a_claimed_sign_in_counts_only_in_the_browser_that_started_it() {
		$victim   = self::approved();
		$attacker = self::approved();
		$this->relay_hands_over( $victim['data'] );

		// Without a sign-in cookie of this site's making, nothing is even asked of the relay.
		$this->come_back( $victim, array( 'cookies' => array() ) );
		$this->assertSame( array(), $this->claim_requests() );

		// The attacker's own browser, with the victim's login id.
		$this->come_back( $attacker, array( 'login_id' => $victim['login_id'] ) );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'state_mismatch', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
		$this->assertNull( self::rows( Iglr_Keys::TABLE_EVENTS )[0]['consumed_at'], 'the ticket is still there for its own browser' );
		$this->assertCount( 1, $this->claim_requests() );

		$this->come_back( $victim );
		$this->assertSame( 'lumen.coffee', wp_get_current_user()->user_login );
		$this->assertCount( 1, $this->claim_requests(), 'kept by the first claim: not claimed again' );
	}

	public function test_a_claimed_event_of_another_purpose_does_not_sign_anyone_in() {
		$flow = self::approved( array( 'purpose' => 'connect' ) );
		$this->relay_hands_over( $flow['data'] );
		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'purpose_mismatch', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
	}

	public function test_a_claimed_sign_in_is_used_once_and_its_webhook_is_then_a_duplicate() {
		$flow = self::approved();
		$this->relay_hands_over( $flow['data'] );
		$this->come_back( $flow );
		$user_id = get_current_user_id();
		$this->assertGreaterThan( 0, $user_id );
		$users = count_users()['total_users'];
		wp_set_current_user( 0 );

		$this->come_back( $flow );
		$this->assertSame( 0, get_current_user_id() );
		$this->assertSame( 'login_used', ( new Iglr_Delivery_Log() )->entries()[0]['detail'] );
		$this->assertCount( 1, $this->claim_requests(), 'a used ticket is not claimed again' );

		$log_before = self::log_codes();
		$webhook    = self::deliver( 'instagram.authorized', $flow['data'], 'msg_claimed_1' );
		$this->assertSame( 200, $webhook->get_status() );
		$this->assertSame( array( 'status' => 'duplicate' ), $webhook->get_data() );
		$this->assertCount( 1, self::rows( Iglr_Keys::TABLE_EVENTS ) );
		$this->assertSame( $log_before, self::log_codes(), 'not processed again' );
		$this->assertSame( $users, count_users()['total_users'] );
	}

	public function test_a_sign_in_whose_webhook_arrived_asks_nothing_of_the_relay() {
		$flow = self::approved();
		$this->assertSame( 200, self::deliver( 'instagram.authorized', $flow['data'], 'msg_first' )->get_status() );
		$this->come_back( $flow );
		$this->assertGreaterThan( 0, get_current_user_id() );
		$this->assertSame( array(), $this->relay_requests );
	}

	public function test_only_login_ids_of_the_relays_making_are_sent_to_it() {
		$flow = self::approved();
		foreach ( array( 'lgn_short', 'msg_' . str_repeat( 'a', 32 ), 'lgn_' . str_repeat( 'a', 129 ), 'lgn_' . str_repeat( 'a', 28 ) . '/../x', 'lgn_' . str_repeat( 'a', 32 ) . "\n" ) as $login_id ) {
			$this->come_back( $flow, array( 'login_id' => $login_id ) );
			$this->assertSame( 'unknown_login', ( new Iglr_Delivery_Log() )->entries()[0]['detail'], $login_id );
		}
		$this->assertSame( array(), $this->relay_requests );
	}
}
