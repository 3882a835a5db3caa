<?php
/**
 * Iglr_Store_Token_Test.
 *
 * @package ig-login-relay
 */

/**
 * Site Health says how long the store's own Instagram token has left, and
 * what to do when it is running out, could not be refreshed, or has expired.
 */
class StoreTokenSiteHealthTest extends Iglr_Test_Case {

	private $now;

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/class-wp-site-health.php';
		$this->now = time();
	}

	private function result() {
		return ( new Iglr_Store_Token_Test(
			new Iglr_Store_Account(),
			function () {
				return $this->now;
			}
		) )->site_health_result();
	}

	/**
	 * Connects the store's account with a token expiring at a given time.
	 *
	 * @param int $expires_at Unix seconds.
	 */
	private function connect_expiring( $expires_at ) {
		( new Iglr_Store_Account() )->connect( self::authorized_data( array( 'expires_at' => gmdate( 'c', $expires_at ) ) ), 1 );
	}

	private function when( $timestamp ) {
		return wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp );
	}

	public function test_only_while_an_account_is_connected() {
		$this->assertArrayNotHasKey( 'iglr_store_token', WP_Site_Health::get_tests()['direct'] );
		$this->connect_expiring( $this->now + 30 * DAY_IN_SECONDS );
		$test = WP_Site_Health::get_tests()['direct']['iglr_store_token'];
		$this->assertSame( "Store's Instagram access token", $test['label'] );
		$this->assertSame( 'good', call_user_func( $test['test'] )['status'] );
	}

	public function test_good_with_more_than_a_week_left() {
		$expires = $this->now + 8 * DAY_IN_SECONDS;
		$this->connect_expiring( $expires );
		$result = $this->result();
		$this->assertSame( 'The Instagram access token of @lumen.coffee is valid', $result['label'] );
		$this->assertSame( array( 'good', 'blue', 'iglr_store_token' ), array( $result['status'], $result['badge']['color'], $result['test'] ) );
		$this->assertStringContainsString( 'It is valid until ' . $this->when( $expires ) . '.', $result['description'] );
		$this->assertStringContainsString( '>Instagram sign-in settings</a>', $result['actions'] );
	}

	public function test_recommended_within_a_week_of_expiry() {
		$expires = $this->now + 3 * DAY_IN_SECONDS;
		$this->connect_expiring( $expires );
		$result = $this->result();
		$this->assertSame( 'The Instagram access token of @lumen.coffee expires on ' . $this->when( $expires ), $result['label'] );
		$this->assertSame( array( 'recommended', 'orange' ), array( $result['status'], $result['badge']['color'] ) );
		$this->assertStringContainsString( 'Connect the account again: on the Instagram sign-in settings page, under &quot;The store&#039;s Instagram account&quot;, choose &quot;Reconnect&quot; and sign in to Instagram as this account.', $result['description'] );
		$this->assertStringContainsString( 'href="' . esc_url( Iglr_Urls::settings_url() ) . '">Connect the account again</a>', $result['actions'] );
	}

	public function test_recommended_when_the_refresh_failed_with_the_relays_reason() {
		$expires = $this->now + 20 * DAY_IN_SECONDS;
		$this->connect_expiring( $expires );
		( new Iglr_Store_Account() )->mark_needs_reconnect( self::INSTAGRAM_USER_ID, 'Error validating access token: The user has not authorized application.' );
		$result = $this->result();
		$this->assertSame( 'The Instagram access token of @lumen.coffee could not be refreshed', $result['label'] );
		$this->assertSame( 'recommended', $result['status'] );
		$this->assertStringContainsString( 'The relay gave up refreshing it: Error validating access token: The user has not authorized application.', $result['description'] );
		$this->assertStringContainsString( 'The current token works until ' . $this->when( $expires ) . '.', $result['description'] );
		$this->assertStringContainsString( '>Connect the account again</a>', $result['actions'] );
	}

	public function test_critical_once_expired() {
		$expires = $this->now - 60;
		$this->connect_expiring( $expires );
		$result = $this->result();
		$this->assertSame( 'The Instagram access token of @lumen.coffee has expired', $result['label'] );
		$this->assertSame( array( 'critical', 'red' ), array( $result['status'], $result['badge']['color'] ) );
		$this->assertStringContainsString( 'It expired on ' . $this->when( $expires ) . '. Instagram does not renew an expired token.', $result['description'] );
		$this->assertStringContainsString( 'Connect the account again', $result['description'] );
	}

	public function test_critical_once_the_token_was_deleted() {
		$this->connect_expiring( $this->now + 30 * DAY_IN_SECONDS );
		( new Iglr_Store_Account() )->forget_token( self::INSTAGRAM_USER_ID, 'Instagram says the account removed the app.' );
		$result = $this->result();
		$this->assertSame( 'The Instagram access token of @lumen.coffee was deleted', $result['label'] );
		$this->assertSame( 'critical', $result['status'] );
		$this->assertStringContainsString( '<p>Instagram says the account removed the app.</p>', $result['description'] );
	}
}
