<?php
/**
 * Iglr_Admin_Actions::connection_report().
 *
 * @package ig-login-relay
 */

/**
 * "Test connection": each check in order, stopping at the first failure.
 */
class AdminActionsTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
	}

	private function report() {
		$settings = new Iglr_Settings();
		$relay    = new Iglr_Relay_Client( $settings );
		$health   = new Iglr_Relay_Health( $relay, new Iglr_Delivery_Log() );
		$actions  = new Iglr_Admin_Actions( $relay, new Iglr_Store_Account(), new Iglr_Sign_In_Start( $settings, $health, new Iglr_Pending_Sign_Ins(), new Iglr_Test_Browser() ), $health, new Iglr_Login_Delivery_Mode( $relay ) );
		return array_map(
			function ( $notice ) {
				return $notice['type'] . ': ' . $notice['text'];
			},
			$actions->connection_report()
		);
	}

	private function store_answers( array $store ) {
		$this->relay_answers(
			'GET /v1/store',
			200,
			array(
				'store'           => array_merge(
					array(
						'id'             => self::STORE_ID,
						'webhook_url'    => Iglr_Urls::webhook_url(),
						'return_origins' => array( Iglr_Urls::return_origin() ),
						'redirect_uri'   => 'https://relay.example.com/callback',
					),
					$store
				),
				'deliveries'      => array(),
				'recent_failures' => array(),
			)
		);
	}

	public function test_everything_fine() {
		$this->relay_answers( 'GET /readyz', 200 );
		$this->store_answers( array() );
		$this->relay_answers(
			'POST /v1/store/instagram/test',
			200,
			array(
				'instagram' => array(
					'status'  => 'ok',
					'message' => 'Instagram accepts this app ID and secret.',
				),
			)
		);
		$this->assertSame(
			array(
				'success: Relay: reachable.',
				'success: Store credentials: valid.',
				'success: Instagram app: ok. Instagram accepts this app ID and secret.',
			),
			$this->report()
		);
	}

	public function test_an_unreachable_relay_stops_the_test() {
		$this->assertSame( array( 'error: Relay: not reachable (GET /readyz did not answer 200). Check the relay URL and that the relay is running.' ), $this->report() );
		$this->assertSame( array( '/readyz' ), array_column( $this->relay_requests, 'path' ) );
	}

	public function test_refused_credentials_stop_the_test() {
		$this->relay_answers( 'GET /readyz', 200 );
		$this->relay_answers(
			'GET /v1/store',
			401,
			array(
				'code'    => 'store_auth_failed',
				'message' => 'x',
			)
		);
		$report = $this->report();
		$this->assertCount( 2, $report );
		$this->assertStringStartsWith( 'error: Store credentials: refused. The relay did not accept the store ID and store secret.', $report[1] );
		$this->assertSame( array( '/readyz', '/v1/store' ), array_column( $this->relay_requests, 'path' ) );
	}

	public function test_registration_problems_and_instagram_refusals_are_reported() {
		$this->relay_answers( 'GET /readyz', 200 );
		$this->store_answers(
			array(
				'webhook_url'    => 'http://10.0.0.5/wp-json/ig-login-relay/v1/webhook',
				'return_origins' => array( 'https://other.example' ),
			)
		);
		$this->relay_answers(
			'POST /v1/store/instagram/test',
			200,
			array(
				'instagram' => array(
					'status'  => 'invalid_app',
					'message' => 'Instagram does not know this app ID and secret pair.',
				),
			)
		);
		$report = $this->report();
		$this->assertCount( 5, $report );
		$this->assertSame( 'error: Return origin: the relay does not allow ' . Iglr_Urls::return_origin() . ' (it allows: https://other.example). Ask the relay operator to add it; until then every sign-in is refused.', $report[2] );
		$this->assertStringStartsWith( 'warning: Webhook URL: the relay sends events to http://10.0.0.5/wp-json/ig-login-relay/v1/webhook; this site receives them at ' . Iglr_Urls::webhook_url(), $report[3] );
		$this->assertSame( 'error: Instagram app: invalid_app. Instagram does not know this app ID and secret pair.', $report[4] );
	}
}
