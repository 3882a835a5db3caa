<?php
/**
 * Iglr_Sign_In_Start.
 *
 * @package ig-login-relay
 */

/**
 * ?iglr=start: nothing half-done when the relay is down; otherwise a stored
 * sign-in, its nonce cookie and a correctly signed /authorize redirect.
 */
class SignInStartTest extends Iglr_Test_Case {

	/**
	 * Recording browser.
	 *
	 * @var Iglr_Test_Browser
	 */
	private $browser;

	protected function setUp(): void {
		parent::setUp();
		$this->browser = new Iglr_Test_Browser();
	}

	private function handler() {
		$settings = new Iglr_Settings();
		return new Iglr_Sign_In_Start( $settings, new Iglr_Relay_Client( $settings ), new Iglr_Pending_Sign_Ins(), $this->browser, new Iglr_Delivery_Log() );
	}

	private static function query_of( $url ) {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return $query;
	}

	public function test_redirects_to_a_signed_authorize_link_with_a_nonce_cookie() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 200, array( 'status' => 'ok' ) );
		$before = time();
		$this->handler()->start( 'login', home_url( '/shop/' ), 0 );

		$url = $this->browser->only_redirect();
		$this->assertStringStartsWith( self::RELAY_URL . '/authorize?', $url );
		$query = self::query_of( $url );
		$this->assertSame( array( 'store', 'purpose', 'return_to', 'state', 'exp', 'sig' ), array_keys( $query ) );
		$this->assertSame( self::STORE_ID, $query['store'] );
		$this->assertSame( 'login', $query['purpose'] );
		$this->assertSame( home_url( '/?iglr=return' ), $query['return_to'] );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $query['state'] );
		$this->assertGreaterThanOrEqual( $before + 300, (int) $query['exp'] );
		$this->assertLessThanOrEqual( time() + 300, (int) $query['exp'] );
		$this->assertSame( Iglr_Authorize_Link::sign( Iglr_Store_Secret::key( self::STORE_SECRET ), $query ), $query['sig'] );

		$cookie = Iglr_Pending_Sign_Ins::cookie_name( $query['state'] );
		$this->assertSame( array( $cookie ), array_keys( $this->browser->cookies ) );
		$this->assertEqualsWithDelta( time() + 600, $this->browser->cookies[ $cookie ]['expires'], 2 );
		$pending = ( new Iglr_Pending_Sign_Ins() )->consume( $query['state'], $this->browser->cookies[ $cookie ]['value'] );
		$this->assertSame(
			array(
				'purpose'     => 'login',
				'redirect_to' => home_url( '/shop/' ),
				'user_id'     => 0,
			),
			$pending
		);
		$this->assertSame( 'GET', $this->relay_requests[0]['method'] );
		$this->assertSame( '/readyz', $this->relay_requests[0]['path'] );
		$this->assertLessThanOrEqual( 3, $this->relay_requests[0]['args']['timeout'] );
	}

	public function test_a_relay_that_is_down_leaves_nothing_behind() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 503, array( 'status' => 'unavailable' ) );
		$this->handler()->start( 'login', home_url( '/shop/' ), 0 );

		$this->assertSame( array(), $this->browser->cookies, 'no cookie' );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_PENDING ), 'nothing stored' );
		$url = $this->browser->only_redirect();
		$this->assertStringStartsWith( wp_login_url(), $url, 'without WooCommerce the login page shows the message' );
		$query = self::query_of( $url );
		$this->assertSame( 'unavailable', $query['iglr_error'] );
		$this->assertSame( home_url( '/shop/' ), $query['redirect_to'] );
	}

	public function test_an_unconfigured_plugin_does_not_call_anything() {
		$this->handler()->start( 'login', '/', 0 );
		$this->assertSame( array(), $this->relay_requests );
		$this->assertSame( array(), $this->browser->cookies );
		$this->assertSame( 'unavailable', self::query_of( $this->browser->only_redirect() )['iglr_error'] );
	}

	public function test_redirect_to_stays_on_this_site() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 200 );
		$targets = array(
			'https://evil.example/phish'               => home_url( '/' ),
			'//evil.example/'                          => home_url( '/' ),
			'javascript:alert(1)'                      => home_url( '/' ),
			'/checkout/'                               => '/checkout/',
			home_url( '/?iglr=start' )                 => home_url( '/' ),
			home_url( '/my-account/?iglr_error=failed' ) => home_url( '/my-account/' ),
		);
		global $wpdb;
		foreach ( $targets as $requested => $stored ) {
			$this->handler()->start( 'login', $requested, 0 );
			$this->assertSame( array( $stored ), array_column( self::rows( Iglr_Keys::TABLE_PENDING ), 'redirect_to' ), $requested );
			$wpdb->query( 'DELETE FROM ' . Iglr_Keys::table( Iglr_Keys::TABLE_PENDING ) ); // phpcs:ignore WordPress.DB
		}
	}

	public function test_records_the_signed_in_user() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 200 );
		$this->handler()->start( 'login', '/', 42 );
		$this->assertSame( '42', self::rows( Iglr_Keys::TABLE_PENDING )[0]['user_id'] );
	}

	public function test_the_public_link_starts_only_shopper_sign_ins() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 200 );
		$_GET = array(
			'iglr'        => 'start',
			'purpose'     => 'connect',
			'redirect_to' => '/',
		);
		$this->handler()->maybe_handle();
		$this->assertSame( array( home_url( '/' ) ), $this->browser->redirects );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_PENDING ) );

		$_GET = array(
			'iglr'        => 'start',
			'purpose'     => 'login',
			'redirect_to' => home_url( '/basket/' ),
		);
		$this->handler()->maybe_handle();
		$this->assertSame( 'login', self::rows( Iglr_Keys::TABLE_PENDING )[0]['purpose'] );
		$this->assertSame( home_url( '/basket/' ), self::rows( Iglr_Keys::TABLE_PENDING )[0]['redirect_to'] );
	}

	public function test_the_button_link_is_the_same_for_every_visitor() {
		$this->configure();
		$button = new Iglr_Button( new Iglr_Settings() );
		$html   = $button->html( home_url( '/my-account/' ) );
		$this->assertSame(
			'<p class="iglr-button-wrap"><a class="iglr-button" href="' . esc_url( home_url( '/?iglr=start&purpose=login&redirect_to=' . rawurlencode( home_url( '/my-account/' ) ) ) ) . '" rel="nofollow">Continue with Instagram</a></p>',
			$html
		);
		wp_set_current_user( self::make_user( 'subscriber', 'visitor' ) );
		$this->assertSame( $html, $button->html( home_url( '/my-account/' ) ) );
		$this->assertSame( '', $button->shortcode( array() ), 'the shortcode is for visitors who are not signed in' );
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		$this->assertSame( '', $button->html( '/' ), 'hidden until set up' );
	}
}
