<?php
/**
 * Iglr_Webhook_Silence.
 *
 * @package ig-login-relay
 */

/**
 * Shoppers' returns from approved sign-ins are weighed against the last
 * webhook: only returns with a cookie this site sealed count, a return
 * right after its webhook does not, and a webhook that arrives ends it.
 */
class WebhookSilenceTest extends Iglr_Test_Case {

	/**
	 * Unix time as the classes see it.
	 *
	 * @var int
	 */
	private $now;

	protected function setUp(): void {
		parent::setUp();
		$this->now = time();
	}

	private function clock() {
		return function () {
			return $this->now;
		};
	}

	private function reachability() {
		return new Iglr_Webhook_Reachability( $this->clock() );
	}

	private function silence() {
		return new Iglr_Webhook_Silence( $this->reachability(), new Iglr_Pending_Sign_Ins( $this->clock() ), $this->clock() );
	}

	/**
	 * A shopper's browser coming back to ?iglr=return.
	 *
	 * @param array $query  igr_* parameters besides the state.
	 * @param array $cookie sealed: whether the browser holds the cookie this site made (true), a forged one (false).
	 */
	private function shopper_returns( array $query, array $cookie = array( 'sealed' => true ) ) {
		$started          = ( new Iglr_Pending_Sign_Ins( $this->clock() ) )->create( 'login', home_url( '/' ), 0 );
		$_GET             = array_merge(
			array(
				'iglr'      => 'return',
				'igr_state' => $started['state'],
			),
			$query
		);
		$name             = Iglr_Pending_Sign_Ins::cookie_name( $started['state'] );
		$_COOKIE[ $name ] = $cookie['sealed'] ? $started['cookie'] : 'forged-' . $started['cookie'];
		$this->silence()->observe_return();
		$_GET    = array();
		$_COOKIE = array();
	}

	public function test_a_return_right_after_its_webhook_writes_nothing() {
		$this->reachability()->webhook_arrived();
		$this->now += 5;
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		$this->assertFalse( get_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE ), 'the healthy path costs no write' );
		$this->assertFalse( $this->silence()->is_silent() );
	}

	public function test_returns_without_their_webhooks_are_counted_and_reported_after_the_grace() {
		$this->reachability()->webhook_arrived();
		$this->now += Iglr_Webhook_Silence::WINDOW + 1;
		$first      = $this->now;
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		$this->now += 30;
		$this->shopper_returns( array( 'igr_error' => 'delivery_failed' ) );
		$this->assertSame(
			array(
				'returns'         => 2,
				'first_return_at' => $first,
				'last_return_at'  => $first + 30,
			),
			$this->silence()->state()
		);
		$this->assertFalse( $this->silence()->is_silent(), 'a late webhook has two minutes to come' );
		$this->now = $first + Iglr_Webhook_Reachability::GRACE;
		$this->assertTrue( $this->silence()->is_silent() );
	}

	public function test_a_webhook_after_the_returns_ends_it_and_the_next_return_starts_afresh() {
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		$this->now += 10;
		$this->reachability()->webhook_arrived(); // Claim delivery: the webhook follows the shopper.
		$this->now += Iglr_Webhook_Reachability::GRACE + 1;
		$this->assertFalse( $this->silence()->is_silent() );

		$this->now += Iglr_Webhook_Silence::WINDOW;
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'b', 32 ) ) );
		$this->assertSame( 1, $this->silence()->state()['returns'] );
		$this->assertSame( $this->now, $this->silence()->state()['first_return_at'] );
	}

	public function test_a_return_with_its_webhook_forgets_earlier_returns() {
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		$this->now += 30;
		$this->reachability()->webhook_arrived();
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'b', 32 ) ) );
		$this->assertSame( 0, $this->silence()->state()['returns'] );
	}

	public function test_only_returns_of_sign_ins_instagram_approved_with_this_sites_cookie_count() {
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ), array( 'sealed' => false ) );
		$this->shopper_returns( array( 'igr_error' => 'access_denied' ) );
		$this->shopper_returns( array( 'igr_error' => 'instagram_error' ) );
		$this->shopper_returns( array() );
		$_GET = array(
			'iglr'      => 'start',
			'igr_login' => 'lgn_' . str_repeat( 'a', 32 ),
		);
		$this->silence()->observe_return();
		$this->assertFalse( get_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE ) );
	}

	public function test_refused_webhooks_are_not_silence() {
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		$this->reachability()->claim_delivered();
		$this->now += Iglr_Webhook_Reachability::GRACE + 1;
		$this->assertTrue( $this->reachability()->is_blocked() );
		$this->assertFalse( $this->silence()->is_silent(), 'Site Health reports the refused webhooks instead' );
	}

	public function test_the_option_is_not_autoloaded() {
		$this->shopper_returns( array( 'igr_login' => 'lgn_' . str_repeat( 'a', 32 ) ) );
		global $wpdb;
		// phpcs:ignore WordPress.DB
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Iglr_Keys::OPTION_WEBHOOK_SILENCE ) );
		$this->assertContains( $autoload, array( 'no', 'off' ) );
	}
}
