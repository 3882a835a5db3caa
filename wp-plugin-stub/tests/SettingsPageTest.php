<?php
/**
 * Iglr_Settings_Page.
 *
 * @package ig-login-relay
 */

/**
 * The settings page shows what the relay reports, escaped, and the addresses to register.
 */
class SettingsPageTest extends Iglr_Test_Case {

	const LOGIN_DELIVERY = 'PUT /v1/store/login-delivery';

	/**
	 * Unix time, as the page's record of webhooks sees it.
	 *
	 * @var int
	 */
	private $now;

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/template.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		$this->now = time();
	}

	private function reachability() {
		return new Iglr_Webhook_Reachability(
			function () {
				return $this->now;
			}
		);
	}

	private function render() {
		$settings = new Iglr_Settings();
		$relay    = new Iglr_Relay_Client( $settings );
		$page     = new Iglr_Settings_Page( $settings, $relay, new Iglr_Store_Account(), new Iglr_Delivery_Status_View( new Iglr_Delivery_Log() ), new Iglr_Login_Delivery_Mode( $relay ), new Iglr_Webhook_Warning( $settings, $this->reachability() ) );
		$page->add_fields();
		ob_start();
		$page->render();
		return ob_get_clean();
	}

	/**
	 * GET /v1/store answers.
	 *
	 * @param array $options store (fields to change), deliveries (instead of the one pending delivery).
	 */
	private function relay_status( array $options = array() ) {
		$this->relay_answers(
			'GET /v1/store',
			200,
			array(
				'store'           => array_merge(
					array(
						'id'                 => self::STORE_ID,
						'redirect_uri'       => 'https://relay.example.com/callback',
						'instagram'          => array(
							'app_id'         => '1234567890123456',
							'app_secret_set' => true,
							'api'            => 'instagram-login',
							'scopes'         => array( 'instagram_business_basic', 'instagram_business_manage_comments' ),
						),
						'login_delivery'     => 'claim',
						'webhook_user_agent' => 'ig-login-relay/1',
					),
					isset( $options['store'] ) ? $options['store'] : array()
				),
				'deliveries'      => isset( $options['deliveries'] ) ? $options['deliveries'] : array(
					array(
						'id'              => 'msg_0190a',
						'type'            => 'instagram.authorized',
						'status'          => 'pending',
						'attempts'        => 3,
						'last_status'     => 401,
						'last_error'      => null,
						'created_at'      => '2026-11-29T20:38:45.675Z',
						'last_attempt_at' => null,
						'delivered_at'    => null,
						'delivered_via'   => null,
					),
				),
				'recent_failures' => array(
					array(
						'at'     => '2026-11-29T20:30:00.000Z',
						'kind'   => 'not_professional',
						'advice' => 'Ask the shopper to switch to a professional account. <script>alert(1)</script>',
					),
				),
			)
		);
	}

	public function test_shows_the_addresses_to_register_and_the_relay_status() {
		$this->configure();
		$this->relay_status();
		$html = $this->render();

		$this->assertStringContainsString( 'id="iglr-redirect-uri" value="https://relay.example.com/callback"', $html );
		$this->assertStringContainsString( 'data-iglr-copy="iglr-redirect-uri"', $html );
		$this->assertStringContainsString( 'value="' . esc_attr( rest_url( 'ig-login-relay/v1/webhook' ) ) . '"', $html );
		$this->assertStringContainsString( 'data-iglr-copy="iglr-webhook-url"', $html );
		$this->assertStringContainsString( 'id="iglr_app_id" name="app_id" value="1234567890123456"', $html );
		$this->assertStringContainsString( 'id="iglr_app_secret" name="app_secret" value=""', $html );
		$this->assertStringContainsString( 'Saved at the relay.', $html );
		$this->assertStringContainsString( 'value="instagram_business_manage_comments"  checked=\'checked\'', $html );
		$this->assertStringContainsString( 'switched off by Meta on 2024-12-04', $html );
		$this->assertStringContainsString( 'name="action" value="iglr_test_connection"', $html );
		$this->assertStringContainsString( 'msg_0190a', $html );
		$this->assertStringContainsString( 'not_professional', $html );
		$this->assertStringContainsString( 'Ask the shopper to switch to a professional account. &lt;script&gt;', $html, 'relay text is escaped' );
		$this->assertStringNotContainsString( '<script>alert(1)', $html );
		$this->assertStringNotContainsString( 'AQIDBAUG', $html, 'never the store secret' );
	}

	public function test_shows_metas_compliance_callback_urls_from_the_saved_settings() {
		$this->configure();
		$html = $this->render(); // The relay is unreachable: these do not depend on it.
		$this->assertStringContainsString( 'id="iglr-deauthorize-url" value="http://relay.test/meta/deauthorize/shop-1"', $html );
		$this->assertStringContainsString( 'data-iglr-copy="iglr-deauthorize-url"', $html );
		$this->assertStringContainsString( 'id="iglr-data-deletion-url" value="http://relay.test/meta/data-deletion/shop-1"', $html );
		$this->assertStringContainsString( 'data-iglr-copy="iglr-data-deletion-url"', $html );
		$this->assertStringContainsString( 'Deauthorize callback URL (Meta App Dashboard)', $html );
		$this->assertStringContainsString( 'Data deletion request URL (Meta App Dashboard)', $html );
		$this->assertLessThan( strpos( $html, 'iglr-deauthorize-url' ), strpos( $html, 'OAuth redirect URI' ), 'next to the redirect URI' );

		update_option(
			Iglr_Keys::OPTION_SETTINGS,
			array(
				'relay_url'    => 'https://relay.example.com/base',
				'store_id'     => '',
				'store_secret' => '',
			)
		);
		$html = $this->render();
		$this->assertStringNotContainsString( 'iglr-deauthorize-url', $html );
		$this->assertStringContainsString( 'Shown once the relay URL and store ID are saved.', $html );

		update_option(
			Iglr_Keys::OPTION_SETTINGS,
			array(
				'relay_url'    => 'https://relay.example.com/base',
				'store_id'     => 'shop_2-b',
				'store_secret' => '',
			)
		);
		$settings = new Iglr_Settings();
		$this->assertSame( 'https://relay.example.com/base/meta/deauthorize/shop_2-b', $settings->deauthorize_url() );
		$this->assertSame( 'https://relay.example.com/base/meta/data-deletion/shop_2-b', $settings->data_deletion_url() );
	}

	public function test_shows_a_store_account_whose_token_was_deleted() {
		$this->configure();
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store-token' ) ), get_current_user_id() );
		$account->forget_token( self::INSTAGRAM_USER_ID, 'Instagram says the account removed the app.' );
		$html = $this->render();
		$this->assertStringContainsString( 'Needs reconnecting: its token was deleted. Instagram says the account removed the app.', $html );
		$this->assertStringContainsString( 'None: it was deleted. Reconnect the account.', $html );
		$this->assertStringNotContainsString( 'iglr-access-token', $html );
		$this->assertStringNotContainsString( 'Unreadable', $html );
	}

	public function test_shows_the_store_account_and_its_token() {
		$this->configure();
		$this->relay_status();
		$account = new Iglr_Store_Account();
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store-token' ) ), get_current_user_id() );
		$account->mark_needs_reconnect( self::INSTAGRAM_USER_ID, 'Revoked.' );
		$html = $this->render();
		$this->assertStringContainsString( '@lumen.coffee', $html );
		$this->assertStringContainsString( 'type="password" readonly class="large-text code" id="iglr-access-token" value="IGAA-store-token"', $html );
		$this->assertStringContainsString( 'Needs reconnecting: the relay could not refresh the token. Revoked.', $html );
		$this->assertStringContainsString( 'name="action" value="iglr_disconnect_account"', $html );
	}

	public function test_reports_an_unreachable_relay() {
		$this->configure();
		$html = $this->render();
		$this->assertStringContainsString( 'The relay could not be reached: cURL error 7', $html );
		$this->assertStringContainsString( 'Shown once the relay connection works.', $html );
	}

	public function test_is_empty_for_users_who_cannot_manage_options() {
		wp_set_current_user( self::make_user( 'editor', 'ed' ) );
		$this->assertSame( '', $this->render() );
	}

	private function requests_to( $route ) {
		return array_values(
			array_filter(
				$this->relay_requests,
				function ( $request ) use ( $route ) {
					return $route === $request['method'] . ' ' . $request['path'];
				}
			)
		);
	}

	public function test_a_store_not_in_claim_mode_is_switched_to_it() {
		$this->configure();
		$this->relay_status( array( 'store' => array( 'login_delivery' => 'webhook' ) ) );
		$this->relay_answers(
			self::LOGIN_DELIVERY,
			200,
			array(
				'id'             => self::STORE_ID,
				'login_delivery' => 'claim',
			)
		);
		$this->render();

		$puts = $this->requests_to( self::LOGIN_DELIVERY );
		$this->assertCount( 1, $puts );
		$this->assertSame( '{"login_delivery":"claim"}', $puts[0]['body'] );
		$this->assertSame( 'application/json', $puts[0]['headers']['content-type'] );
		$signed = Iglr_Store_Request_Signer::headers( Iglr_Store_Secret::key( self::STORE_SECRET ), self::STORE_ID, $puts[0]['headers']['igr-request-id'], (int) $puts[0]['headers']['igr-timestamp'], 'PUT', '/v1/store/login-delivery', $puts[0]['body'] );
		$this->assertSame( $signed['igr-signature'], $puts[0]['headers']['igr-signature'] );
	}

	public function test_a_store_in_claim_mode_is_left_alone() {
		$this->configure();
		$this->relay_status();
		$this->render();
		$this->assertCount( 1, $this->requests_to( 'GET /v1/store' ) );
		$this->assertSame(
			array( 'GET /v1/store', 'GET /v1/store/sign-ins?days=30' ),
			array_map(
				function ( $request ) {
					return $request['method'] . ' ' . $request['path'];
				},
				$this->relay_requests
			),
			'nothing but the store read and the sign-ins report'
		);
	}

	public function test_a_relay_that_refuses_claim_mode_does_not_break_the_page_and_is_asked_again() {
		$this->configure();
		$this->relay_status( array( 'store' => array( 'login_delivery' => null ) ) );
		$this->relay_answers(
			self::LOGIN_DELIVERY,
			404,
			array(
				'code'    => 'not_found',
				'message' => 'Route PUT:/v1/store/login-delivery not found',
			)
		);
		$html = $this->render();
		$this->assertStringContainsString( 'id="iglr_app_id" name="app_id" value="1234567890123456"', $html, 'the page is whole' );
		$this->assertStringContainsString( 'msg_0190a', $html );
		$this->assertStringNotContainsString( 'not_found', $html, 'nothing said about it' );
		$this->assertStringNotContainsString( 'notice-error', $html );

		$this->render();
		$this->assertCount( 2, $this->requests_to( self::LOGIN_DELIVERY ), 'the next page load tries again' );
	}

	public function test_the_webhook_url_says_which_user_agent_to_allow() {
		$this->configure();
		$this->relay_status();
		$html = $this->render();
		$this->assertStringContainsString( 'POST requests to this address with the User-Agent ig-login-relay/1.', $html );
	}

	/**
	 * What GET /v1/store reports when the site's firewall refused the webhook of a sign-in that was then claimed.
	 */
	private function relay_reports_a_refused_webhook() {
		$this->relay_status(
			array(
				'deliveries' => array(
					array(
						'id'            => 'msg_newest_ok',
						'type'          => 'instagram.token_refreshed',
						'status'        => 'delivered',
						'attempts'      => 1,
						'last_status'   => 200,
						'last_error'    => null,
						'created_at'    => '2026-12-06T10:05:00.000Z',
						'delivered_via' => 'webhook',
					),
					array(
						'id'            => 'msg_claimed',
						'type'          => 'instagram.authorized',
						'status'        => 'delivered',
						'attempts'      => 2,
						'last_status'   => 403,
						'last_error'    => null,
						'created_at'    => '2026-12-06T10:00:00.000Z',
						'delivered_via' => 'claim',
					),
					array(
						'id'            => 'msg_older',
						'type'          => 'instagram.authorized',
						'status'        => 'dead',
						'attempts'      => 12,
						'last_status'   => 503,
						'last_error'    => null,
						'created_at'    => '2026-12-01T10:00:00.000Z',
						'delivered_via' => null,
					),
				),
			)
		);
	}

	public function test_warns_while_webhooks_are_refused_with_the_refusal_and_what_to_allow() {
		$this->configure();
		$this->relay_reports_a_refused_webhook();
		$this->reachability()->claim_delivered();
		$this->now += 121;
		$html = $this->render();

		$this->assertStringContainsString( '<div class="notice notice-warning iglr-webhooks-refused">', $html );
		$this->assertStringContainsString( 'Webhooks from the Instagram sign-in relay are being refused before they reach this site.', $html );
		$this->assertStringContainsString( 'The relay&#039;s latest webhook attempt got: <strong>HTTP 403</strong>.', $html, 'the newest delivery that did not get through' );
		$this->assertStringContainsString( 'Sign-ins still complete', $html );
		$this->assertStringContainsString( 'token refreshes of the store&#039;s Instagram account and Instagram&#039;s deauthorization and data-deletion notices can only arrive by webhook', $html );
		$this->assertStringContainsString( 'allow POST requests to <code>' . esc_html( rest_url( 'ig-login-relay/v1/webhook' ) ) . '</code> with the User-Agent <code>ig-login-relay/1</code>.', $html );
		$this->assertStringContainsString( '<td>delivered by claim</td>', $html );
		$this->assertStringContainsString( '<td>delivered</td>', $html, 'a webhook delivery stays plain' );
	}

	public function test_no_warning_before_the_webhook_had_its_chance_or_once_one_arrived() {
		$this->configure();
		$this->relay_reports_a_refused_webhook();
		$this->reachability()->claim_delivered();
		$this->now += 119;
		$this->assertStringNotContainsString( 'iglr-webhooks-refused', $this->render(), 'a webhook may still land just after the browser' );

		$this->now += 600;
		$this->reachability()->webhook_arrived();
		$this->assertStringNotContainsString( 'iglr-webhooks-refused', $this->render() );
	}

	public function test_the_warning_escapes_what_the_relay_reports() {
		$this->configure();
		$this->relay_status(
			array(
				'store'      => array( 'webhook_user_agent' => '<b>agent</b>' ),
				'deliveries' => array(
					array(
						'id'            => 'msg_x',
						'status'        => 'pending',
						'last_status'   => null,
						'last_error'    => 'connect ECONNREFUSED <script>alert(1)</script>',
						'delivered_via' => null,
					),
				),
			)
		);
		$this->reachability()->claim_delivered();
		$this->now += 300;
		$html = $this->render();
		$this->assertStringContainsString( 'iglr-webhooks-refused', $html );
		$this->assertStringContainsString( 'got: <strong>connect ECONNREFUSED</strong>', $html );
		$this->assertStringNotContainsString( '<script>alert(1)', $html );
		$this->assertStringNotContainsString( '<b>agent</b>', $html );
	}
}
