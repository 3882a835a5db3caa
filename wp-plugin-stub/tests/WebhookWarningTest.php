<?php
/**
 * Iglr_Webhook_Warning in Site Health.
 *
 * @package ig-login-relay
 */

/**
 * Site Health says whether the relay's webhooks reach the site, from what the
 * plugin recorded, without calling the relay.
 */
class WebhookWarningTest extends Iglr_Test_Case {

	/**
	 * Unix time as the record sees it.
	 *
	 * @var int
	 */
	private $now;

	protected function setUp(): void {
		parent::setUp();
		$this->now = time();
	}

	private function reachability() {
		return new Iglr_Webhook_Reachability(
			function () {
				return $this->now;
			}
		);
	}

	private function silence() {
		return new Iglr_Webhook_Silence(
			$this->reachability(),
			new Iglr_Pending_Sign_Ins(),
			function () {
				return $this->now;
			}
		);
	}

	private function result() {
		return ( new Iglr_Webhook_Warning( new Iglr_Settings(), $this->reachability(), $this->silence() ) )->site_health_result();
	}

	public function test_site_health_has_the_test_once_the_relay_connection_is_set() {
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		$this->assertArrayNotHasKey( 'iglr_webhooks_reach_site', WP_Site_Health::get_tests()['direct'], 'no relay, no webhooks to expect' );

		$this->configure();
		$tests = WP_Site_Health::get_tests()['direct'];
		$this->assertArrayHasKey( 'iglr_webhooks_reach_site', $tests );
		$this->assertSame( 'Instagram sign-in webhooks', $tests['iglr_webhooks_reach_site']['label'] );
		$result = call_user_func( $tests['iglr_webhooks_reach_site']['test'] );
		$this->assertSame( array( 'good', 'iglr_webhooks_reach_site' ), array( $result['status'], $result['test'] ) );
		$this->assertSame( array(), $this->relay_requests, 'Site Health never waits for the relay' );
	}

	public function test_good_while_webhooks_arrive() {
		$this->configure();
		$this->reachability()->webhook_arrived();
		$result = $this->result();
		$this->assertSame( 'Instagram sign-in webhooks reach this site', $result['label'] );
		$this->assertSame( 'good', $result['status'] );
		$this->assertSame(
			array(
				'label' => 'Instagram sign-in',
				'color' => 'blue',
			),
			$result['badge']
		);
		$this->assertStringContainsString( 'The last webhook arrived on ' . wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $this->now ), $result['description'] );
		$this->assertStringContainsString( 'href="' . esc_url( Iglr_Urls::settings_url() ) . '"', $result['actions'] );
	}

	public function test_critical_while_webhooks_are_refused_with_the_facts_and_what_to_allow() {
		$this->configure();
		$this->reachability()->remember_relay_report(
			array(
				'store'      => array( 'webhook_user_agent' => 'ig-login-relay/1' ),
				'deliveries' => array(
					array(
						'status'        => 'delivered',
						'last_status'   => 403,
						'last_error'    => null,
						'delivered_via' => 'claim',
					),
				),
			)
		);
		$this->reachability()->claim_delivered();
		$this->now += 60;
		$this->reachability()->claim_delivered();
		$this->now += 120;
		$result = $this->result();

		$this->assertSame( 'Instagram sign-in webhooks are being refused', $result['label'] );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'red', $result['badge']['color'] );
		$description = $result['description'];
		$this->assertStringContainsString( '2 sign-ins since ', $description );
		$this->assertStringContainsString( 'The relay&#039;s latest webhook attempt got: <strong>HTTP 403</strong>.', $description );
		$this->assertStringContainsString( 'Sign-ins still complete', $description );
		$this->assertStringContainsString( 'token refreshes of the store&#039;s Instagram account and Instagram&#039;s deauthorization and data-deletion notices can only arrive by webhook', $description );
		$this->assertStringContainsString( 'allow POST requests to <code>' . esc_html( Iglr_Urls::webhook_url() ) . '</code> with the User-Agent <code>ig-login-relay/1</code>.', $description );
		$this->assertSame( 0, substr_count( $description, '<p></p>' ) );
		$this->assertSame( array(), $this->relay_requests );
	}

	public function test_recommended_when_shoppers_come_back_and_no_webhook_arrives() {
		$this->configure();
		$this->reachability()->webhook_arrived();
		$last_webhook = $this->now;
		$this->now   += 3 * DAY_IN_SECONDS;
		$this->silence()->sign_in_returned();
		$first_return = $this->now;
		$this->now   += 60;
		$this->silence()->sign_in_returned();
		$this->assertSame( 'good', $this->result()['status'], 'a late webhook may still come within two minutes' );

		$this->now += 61;
		$result     = $this->result();
		$this->assertSame( 'No webhook from the Instagram sign-in relay while shoppers sign in', $result['label'] );
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertSame( 'orange', $result['badge']['color'] );
		$this->assertSame( Iglr_Keys::SITE_HEALTH_WEBHOOKS, $result['test'] );
		$format      = get_option( 'date_format' ) . ' ' . get_option( 'time_format' );
		$description = $result['description'];
		$this->assertStringContainsString( 'Shoppers came back from sign-ins Instagram had approved 2 times since ' . wp_date( $format, $first_return ) . ', but the relay&#039;s webhooks for them did not arrive.', $description );
		$this->assertStringContainsString( 'The last webhook from the relay arrived on ' . wp_date( $format, $last_webhook ) . '.', $description );
		$this->assertStringContainsString( 'shoppers cannot finish signing in with Instagram', $description );
		$this->assertStringContainsString( 'webhook URL is <code>' . esc_html( Iglr_Urls::webhook_url() ) . '</code>', $description );
		$this->assertSame( array(), $this->relay_requests, 'Site Health never waits for the relay' );

		$this->reachability()->webhook_arrived();
		$this->assertSame( 'good', $this->result()['status'], 'a webhook that gets through ends it' );
	}

	public function test_refused_webhooks_are_reported_once_not_also_as_silence() {
		$this->configure();
		$this->silence()->sign_in_returned();
		$this->reachability()->claim_delivered();
		$this->now += 121;
		$result     = $this->result();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringNotContainsString( 'did not arrive', $result['description'] );

		// Without the claims (forgotten here), the same returns are reported as silence.
		delete_option( Iglr_Keys::OPTION_WEBHOOK_REACHABILITY );
		$result = $this->result();
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( 'No webhook from the relay has ever arrived.', $result['description'] );
	}

	public function test_without_the_relays_report_it_still_says_what_to_allow() {
		$this->configure();
		$this->reachability()->claim_delivered();
		$this->now += 121;
		$description = $this->result()['description'];
		$this->assertStringContainsString( '1 sign-in since ', $description );
		$this->assertStringNotContainsString( 'latest webhook attempt', $description );
		$this->assertStringContainsString( 'allow POST requests from the relay to <code>' . esc_html( Iglr_Urls::webhook_url() ) . '</code>.', $description );
	}
}
