<?php
/**
 * Iglr_Webhook_Reachability.
 *
 * @package ig-login-relay
 */

/**
 * Webhooks count as refused when a sign-in had to be claimed more than two
 * minutes ago and no verified webhook has arrived since.
 */
class WebhookReachabilityTest extends Iglr_Test_Case {

	/**
	 * Unix time as the record sees it.
	 *
	 * @var int
	 */
	private $now = 1800000000;

	private function reachability() {
		return new Iglr_Webhook_Reachability(
			function () {
				return $this->now;
			}
		);
	}

	public function test_nothing_known_is_not_blocked() {
		$this->assertFalse( $this->reachability()->is_blocked() );
		$this->assertSame(
			array(
				'webhook_at'     => 0,
				'claims'         => 0,
				'first_claim_at' => 0,
				'last_claim_at'  => 0,
				'refusal_status' => 0,
				'refusal_error'  => '',
				'user_agent'     => '',
			),
			$this->reachability()->state()
		);
	}

	public function test_a_claim_without_a_webhook_for_two_minutes_means_blocked() {
		$this->reachability()->claim_delivered();
		$this->now += 119;
		$this->assertFalse( $this->reachability()->is_blocked(), 'its webhook may still land a moment after the browser' );
		$this->now += 1;
		$this->assertTrue( $this->reachability()->is_blocked() );
		$this->now += WEEK_IN_SECONDS;
		$this->assertTrue( $this->reachability()->is_blocked(), 'until a webhook arrives' );
	}

	public function test_a_webhook_after_the_claim_settles_it() {
		$this->reachability()->claim_delivered();
		$this->now += 30;
		$this->reachability()->webhook_arrived();
		$this->now += 1000;
		$this->assertFalse( $this->reachability()->is_blocked() );
		$state = $this->reachability()->state();
		$this->assertSame( array( 1800000030, 0, 0, 0 ), array( $state['webhook_at'], $state['claims'], $state['first_claim_at'], $state['last_claim_at'] ) );
	}

	public function test_a_claim_and_its_own_webhook_landing_together_leave_nothing_blocked() {
		// Two requests at once: the claim read the record before the webhook wrote, and writes after it.
		$before_the_webhook = $this->reachability()->state();
		$this->reachability()->webhook_arrived();
		$this->reachability()->claim_delivered();
		update_option(
			Iglr_Keys::OPTION_WEBHOOK_REACHABILITY,
			array_merge(
				$before_the_webhook,
				array(
					'claims'         => 1,
					'first_claim_at' => $this->now,
					'last_claim_at'  => $this->now,
				)
			),
			false
		);
		$this->now += 1000;
		$this->assertFalse( $this->reachability()->is_blocked(), 'the webhook of the same second settles the claim' );
		// As another request reads it: from the database, where the time is a string.
		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( Iglr_Keys::OPTION_WEBHOOK_LAST_AT, 'options' );
		$this->assertSame( 1800000000, $this->reachability()->state()['webhook_at'] );
	}

	public function test_claims_are_counted_from_the_first_one_since_the_last_webhook() {
		$this->reachability()->webhook_arrived();
		$this->now += 10;
		$this->reachability()->claim_delivered();
		$this->now += 40;
		$this->reachability()->claim_delivered();
		$state = $this->reachability()->state();
		$this->assertSame( array( 1800000000, 2, 1800000010, 1800000050 ), array( $state['webhook_at'], $state['claims'], $state['first_claim_at'], $state['last_claim_at'] ) );
		$this->now = 1800000010 + 120;
		$this->assertTrue( $this->reachability()->is_blocked(), 'two minutes after the first claim' );

		$this->now += 10;
		$this->reachability()->webhook_arrived();
		$this->now += 60;
		$this->reachability()->claim_delivered();
		$this->now += 119;
		$this->assertFalse( $this->reachability()->is_blocked(), 'timed from the claim after that webhook' );
		$this->now += 1;
		$this->assertTrue( $this->reachability()->is_blocked() );
	}

	public function test_every_verified_webhook_settles_it_and_a_refused_request_does_not() {
		$this->configure();
		$this->now = time() - 300;
		$this->reachability()->claim_delivered();
		$this->now = time();
		$this->assertTrue( $this->reachability()->is_blocked() );

		$body = (string) wp_json_encode(
			array(
				'type' => 'instagram.authorized',
				'data' => self::authorized_data(),
			)
		);
		$this->assertSame( 401, self::post_webhook( $body, self::webhook_headers( 'msg_forged', time(), $body, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' ) )->get_status() );
		$this->assertTrue( $this->reachability()->is_blocked(), 'anyone can send a request' );

		$this->assertSame( 200, self::post_webhook( $body, self::webhook_headers( 'msg_real', time(), $body ) )->get_status() );
		$this->assertFalse( $this->reachability()->is_blocked() );

		$this->now = time() - 300;
		$this->reachability()->claim_delivered();
		$this->now = time();
		$duplicate = self::post_webhook( $body, self::webhook_headers( 'msg_real', time(), $body ) );
		$this->assertSame( array( 'status' => 'duplicate' ), $duplicate->get_data() );
		$this->assertFalse( $this->reachability()->is_blocked(), 'a duplicate proves the route is reachable too' );

		$this->now = time() - 300;
		$this->reachability()->claim_delivered();
		$this->now = time();
		$other_store = (string) wp_json_encode(
			array(
				'type' => 'instagram.authorized',
				'data' => self::authorized_data( array( 'store' => 'shop-2' ) ),
			)
		);
		$this->assertSame( 400, self::post_webhook( $other_store, self::webhook_headers( 'msg_other_store', time(), $other_store ) )->get_status() );
		$this->assertFalse( $this->reachability()->is_blocked(), 'signed, so it came through, even if unusable' );
	}

	public function test_the_record_is_not_autoloaded() {
		global $wpdb;
		$this->reachability()->claim_delivered();
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Iglr_Keys::OPTION_WEBHOOK_REACHABILITY ) ); // phpcs:ignore WordPress.DB
		$this->assertContains( $autoload, array( 'no', 'off' ) );
	}

	public function test_keeps_how_the_relays_latest_refused_attempt_was_answered() {
		$report = function ( array $deliveries, $user_agent = 'ig-login-relay/1' ) {
			$this->reachability()->remember_relay_report(
				array(
					'store'      => array( 'webhook_user_agent' => $user_agent ),
					'deliveries' => $deliveries,
				)
			);
			$state = $this->reachability()->state();
			return array( $state['refusal_status'], $state['refusal_error'], $state['user_agent'] );
		};
		$delivered = array(
			'status'        => 'delivered',
			'last_status'   => 200,
			'last_error'    => null,
			'delivered_via' => 'webhook',
		);
		$claimed   = array(
			'status'        => 'delivered',
			'last_status'   => 403,
			'last_error'    => null,
			'delivered_via' => 'claim',
		);
		$waiting   = array(
			'status'        => 'pending',
			'last_status'   => null,
			'last_error'    => 'timeout after 10000 ms',
			'delivered_via' => null,
		);
		$untried   = array(
			'status'        => 'pending',
			'last_status'   => null,
			'last_error'    => null,
			'delivered_via' => null,
		);
		$this->assertSame( array( 403, '', 'ig-login-relay/1' ), $report( array( $delivered, $untried, $claimed, $waiting ) ) );
		$this->assertSame( array( 0, 'timeout after 10000 ms', 'ig-login-relay/1' ), $report( array( $waiting, $claimed ) ) );
		$this->assertSame( array( 403, '', 'ig-login-relay/1' ), $report( array( array_merge( $claimed, array( 'status' => 'dead', 'delivered_via' => null ) ) ) ) );
		$this->assertSame( array( 0, '', '' ), $report( array( $delivered, $untried, 'not a delivery' ), null ), 'nothing refused any more' );
		$late = array_merge( $claimed, array( 'last_status' => 204 ) );
		$this->assertSame( array( 0, '', 'ig-login-relay/1' ), $report( array( $late ) ), 'a webhook accepted after its claim is no refusal' );
	}

	public function test_what_is_read_back_is_checked_again() {
		update_option(
			Iglr_Keys::OPTION_WEBHOOK_REACHABILITY,
			array(
				'webhook_at'     => '1800000000',
				'claims'         => -3,
				'first_claim_at' => array( 1 ),
				'refusal_status' => 4030,
				'refusal_error'  => array( 'x' ),
				'user_agent'     => "<i>x</i>\n" . str_repeat( 'a', 300 ),
			)
		);
		$state = $this->reachability()->state();
		$this->assertSame( array( 0, 0, 0, 0, 0, '' ), array( $state['webhook_at'], $state['claims'], $state['first_claim_at'], $state['last_claim_at'], $state['refusal_status'], $state['refusal_error'] ) );
		$this->assertSame( 'x ' . str_repeat( 'a', 198 ), $state['user_agent'] );
		$this->assertFalse( $this->reachability()->is_blocked() );
	}
}
