<?php
/**
 * Iglr_Relay_Health_Test.
 *
 * @package ig-login-relay
 */

/**
 * Site Health reports the background check while it is recent (a direct
 * test, no call to the relay) and asks the plugin's REST route to check once
 * when it is not (an asynchronous test, after the page has loaded).
 */
class RelayHealthSiteHealthTest extends Iglr_Test_Case {

	private $now;

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		$this->now = time();
	}

	private function clock() {
		return function () {
			return $this->now;
		};
	}

	private function health() {
		return new Iglr_Relay_Health( new Iglr_Relay_Client( new Iglr_Settings() ), new Iglr_Delivery_Log(), $this->clock() );
	}

	private function site_health_test() {
		return new Iglr_Relay_Health_Test( new Iglr_Settings(), $this->health(), $this->clock() );
	}

	private function checked( $ready ) {
		update_option(
			Iglr_Keys::OPTION_RELAY_HEALTH,
			array(
				'ready'      => $ready,
				'checked_at' => $this->now,
			)
		);
	}

	public function test_no_test_until_the_relay_connection_is_set() {
		$tests = WP_Site_Health::get_tests();
		$this->assertArrayNotHasKey( 'iglr_relay_reachable', $tests['direct'] );
		$this->assertArrayNotHasKey( 'iglr_relay_reachable', $tests['async'] );
	}

	public function test_a_recent_check_is_reported_directly_without_calling_the_relay() {
		$this->configure();
		$this->checked( true );
		$tests = WP_Site_Health::get_tests();
		$this->assertArrayNotHasKey( 'iglr_relay_reachable', $tests['async'] );
		$this->assertSame( 'Instagram sign-in relay', $tests['direct']['iglr_relay_reachable']['label'] );
		$result = call_user_func( $tests['direct']['iglr_relay_reachable']['test'] );

		$this->assertSame( 'The Instagram sign-in relay answers', $result['label'] );
		$this->assertSame( array( 'good', 'blue', 'iglr_relay_reachable' ), array( $result['status'], $result['badge']['color'], $result['test'] ) );
		$when = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $this->now );
		$this->assertStringContainsString( 'The relay at <code>' . self::RELAY_URL . '</code> answered its readiness check on ' . $when . '.', $result['description'] );
		$this->assertStringContainsString( 'href="' . esc_url( Iglr_Urls::settings_url() ) . '"', $result['actions'] );
		$this->assertSame( array(), $this->relay_requests );
	}

	public function test_a_relay_found_down_is_critical_with_what_it_means_and_what_to_do() {
		$this->configure();
		$this->checked( false );
		$result = $this->site_health_test()->site_health_result();
		$this->assertSame( 'The Instagram sign-in relay does not answer', $result['label'] );
		$this->assertSame( array( 'critical', 'red' ), array( $result['status'], $result['badge']['color'] ) );
		$this->assertStringContainsString( 'did not answer its readiness check on ', $result['description'] );
		$this->assertStringContainsString( 'are told that Instagram sign-in is unavailable', $result['description'] );
		$this->assertStringContainsString( '&quot;Test connection&quot; on the settings page checks it again.', $result['description'] );
		$this->assertSame( array(), $this->relay_requests );
	}

	public function test_without_a_recent_check_the_test_is_asynchronous_over_rest() {
		$this->configure();
		$this->checked( true );
		$this->now += Iglr_Relay_Health::TRUST_FAILURE_FOR + 1;
		$tests = $this->site_health_test()->add_site_health_test(
			array(
				'direct' => array(),
				'async'  => array(),
			)
		);
		$this->assertSame( array(), $tests['direct'] );
		$test = $tests['async']['iglr_relay_reachable'];
		$this->assertSame( rest_url( 'ig-login-relay/v1/site-health/relay' ), $test['test'] );
		$this->assertTrue( $test['has_rest'] );
		$this->assertTrue( is_callable( $test['async_direct_test'] ) );
		$this->assertSame( array(), $this->relay_requests, 'adding the test calls nothing' );
	}

	public function test_the_rest_route_checks_the_relay_once_for_those_who_may_see_site_health() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 503 );
		$request = new WP_REST_Request( 'GET', '/ig-login-relay/v1/site-health/relay' );

		$this->assertSame( 401, rest_do_request( $request )->get_status(), 'signed out' );
		wp_set_current_user( self::make_user( 'customer', 'not-an-admin' ) );
		$this->assertSame( 403, rest_do_request( $request )->get_status() );
		$this->assertSame( array(), $this->relay_requests );

		wp_set_current_user( self::make_user( 'administrator', 'site-admin' ) );
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( array( 'critical', 'iglr_relay_reachable' ), array( $response->get_data()['status'], $response->get_data()['test'] ) );
		$this->assertSame( array( '/readyz' ), array_column( $this->relay_requests, 'path' ) );
		$this->assertFalse( get_option( Iglr_Keys::OPTION_RELAY_HEALTH )['ready'], 'the answer is kept for the shoppers\' button too' );

		$this->relay_answers( 'GET /readyz', 200 );
		$this->assertSame( 'good', $this->site_health_test()->check_now()['status'], 'what the weekly Site Health cron run calls' );
	}
}
