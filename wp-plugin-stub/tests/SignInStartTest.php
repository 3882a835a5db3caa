<?php
/**
 * Iglr_Sign_In_Start.
 *
 * @package ig-login-relay
 */

/**
 * ?iglr=start: a sealed sign-in cookie and a correctly signed /authorize
 * redirect, with no call to the relay and nothing written on the server;
 * linking only from the account's own button; bad input ignored.
 */
class SignInStartTest extends Iglr_Test_Case {

	/**
	 * Recording browser.
	 *
	 * @var Iglr_Test_Browser
	 */
	private $browser;

	/**
	 * SQL statements run since the test began.
	 *
	 * @var string[]
	 */
	private $queries = array();

	protected function setUp(): void {
		parent::setUp();
		$this->browser = new Iglr_Test_Browser();
		add_filter(
			'query',
			function ( $sql ) {
				$this->queries[] = $sql;
				return $sql;
			}
		);
	}

	private function handler() {
		$settings = new Iglr_Settings();
		return new Iglr_Sign_In_Start( $settings, new Iglr_Relay_Health( new Iglr_Relay_Client( $settings ), new Iglr_Delivery_Log() ), new Iglr_Pending_Sign_Ins(), $this->browser );
	}

	private static function query_of( $url ) {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return $query;
	}

	/**
	 * The sign-in sealed in the cookie the browser was given.
	 *
	 * @return array|WP_Error
	 */
	private function started_sign_in() {
		$state = self::query_of( $this->browser->only_redirect() )['state'];
		return ( new Iglr_Pending_Sign_Ins() )->open( $state, $this->browser->cookies[ Iglr_Pending_Sign_Ins::cookie_name( $state ) ]['value'] );
	}

	/**
	 * Statements that change the database.
	 *
	 * @return string[]
	 */
	private function writes() {
		return array_values(
			array_filter(
				$this->queries,
				function ( $sql ) {
					return 1 === preg_match( '/^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b/i', $sql );
				}
			)
		);
	}

	public function test_redirects_to_a_signed_authorize_link_with_its_sign_in_cookie() {
		$this->configure();
		$this->queries = array();
		$before        = time();
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
		$this->assertSame(
			array(
				'purpose'     => 'login',
				'redirect_to' => home_url( '/shop/' ),
				'user_id'     => 0,
			),
			$this->started_sign_in()
		);
		$this->assertSame( array(), $this->relay_requests, 'no call to the relay on the click path' );
		$this->assertSame( array(), $this->writes(), 'nothing written on the server' );
	}

	public function test_a_relay_the_background_check_found_down_gets_a_plain_message_and_no_cookie() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 503, array( 'status' => 'unavailable' ) );
		( new Iglr_Relay_Health( new Iglr_Relay_Client( new Iglr_Settings() ), new Iglr_Delivery_Log() ) )->check();
		$this->relay_requests = array();

		$this->handler()->start( 'login', home_url( '/shop/' ), 0 );
		$this->assertSame( array(), $this->browser->cookies, 'no cookie' );
		$this->assertSame( array(), $this->relay_requests, 'no call' );
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
		$targets = array(
			'https://evil.example/phish'                 => home_url( '/' ),
			'//evil.example/'                            => home_url( '/' ),
			'javascript:alert(1)'                        => home_url( '/' ),
			'/checkout/'                                 => '/checkout/',
			home_url( '/?iglr=start' )                   => home_url( '/' ),
			home_url( '/my-account/?iglr_error=failed' ) => home_url( '/my-account/' ),
			home_url( '/?q=' . str_repeat( 'a', 2100 ) ) => home_url( '/' ),
		);
		foreach ( $targets as $requested => $kept ) {
			$this->browser = new Iglr_Test_Browser();
			$this->handler()->start( 'login', $requested, 0 );
			$this->assertSame( $kept, $this->started_sign_in()['redirect_to'], substr( $requested, 0, 80 ) );
		}
	}

	public function test_the_public_link_starts_only_visitor_sign_ins() {
		$this->configure();
		$_GET = array(
			'iglr'        => 'start',
			'purpose'     => 'connect',
			'redirect_to' => '/',
		);
		$this->handler()->maybe_handle();
		$this->assertSame( array( home_url( '/' ) ), $this->browser->redirects );
		$this->assertSame( array(), $this->browser->cookies );

		$this->browser = new Iglr_Test_Browser();
		$_GET          = array(
			'iglr'        => 'start',
			'purpose'     => 'login',
			'redirect_to' => home_url( '/basket/' ),
		);
		$this->handler()->maybe_handle();
		$this->assertSame( 'login', $this->started_sign_in()['purpose'] );
		$this->assertSame( home_url( '/basket/' ), $this->started_sign_in()['redirect_to'] );
	}

	public function test_a_signed_in_visitor_s_sign_in_link_starts_nothing() {
		$this->configure();
		wp_set_current_user( self::make_user( 'customer', 'signed-in' ) );
		$_GET = array(
			'iglr'        => 'start',
			'purpose'     => 'login',
			'redirect_to' => home_url( '/checkout/' ),
		);
		$this->handler()->maybe_handle();
		$this->assertSame( array( home_url( '/checkout/' ) ), $this->browser->redirects, 'straight back: already signed in' );
		$this->assertSame( array(), $this->browser->cookies, 'no sign-in started, so nothing can be linked' );
	}

	public function test_linking_starts_only_with_the_account_s_own_nonce() {
		$this->configure();
		$user_id = self::make_user( 'subscriber', 'grace' );
		wp_set_current_user( $user_id );
		$nonce = wp_create_nonce( Iglr_Keys::ACTION_LINK );

		foreach ( array( '', 'forged', array( $nonce ) ) as $wrong ) {
			$this->browser = new Iglr_Test_Browser();
			$_GET          = array(
				'iglr'        => 'start',
				'purpose'     => 'link',
				'redirect_to' => home_url( '/my-account/' ),
				'_wpnonce'    => $wrong,
			);
			$this->handler()->maybe_handle();
			$this->assertSame( array(), $this->browser->cookies );
			$this->assertSame( 'link_expired', self::query_of( $this->browser->only_redirect() )['iglr_error'] );
		}

		// Another account's nonce (a session the visitor was signed in to by someone else) does not count either.
		wp_set_current_user( self::make_user( 'subscriber', 'mallory' ) );
		$this->browser = new Iglr_Test_Browser();
		$this->handler()->maybe_handle();
		$this->assertSame( array(), $this->browser->cookies );

		wp_set_current_user( $user_id );
		$this->browser    = new Iglr_Test_Browser();
		$_GET['_wpnonce'] = $nonce;
		$this->handler()->maybe_handle();
		$this->assertSame( 'login', self::query_of( $this->browser->only_redirect() )['purpose'], 'the relay sees a login' );
		$this->assertSame(
			array(
				'purpose'     => 'link',
				'redirect_to' => home_url( '/my-account/' ),
				'user_id'     => $user_id,
			),
			$this->started_sign_in()
		);
		$this->assertSame( $_GET['_wpnonce'], self::query_of( Iglr_Urls::link_url( home_url( '/my-account/' ) ) )['_wpnonce'] );
	}

	public function test_parameters_of_the_wrong_type_are_ignored() {
		$this->configure();
		$cases = array(
			array(
				'iglr'        => 'start',
				'purpose'     => 'login',
				'redirect_to' => array( 'x' ),
			),
			array(
				'iglr'    => 'start',
				'purpose' => array( 'login' ),
			),
			array(
				'iglr'        => 'start',
				'redirect_to' => "\xff\xfe/shop/",
			),
		);
		foreach ( $cases as $get ) {
			$this->browser = new Iglr_Test_Browser();
			$_GET          = $get;
			$this->handler()->maybe_handle();
			$this->assertSame( home_url( '/' ), $this->started_sign_in()['redirect_to'], wp_json_encode( $get ) );
		}
		$this->browser = new Iglr_Test_Browser();
		$_GET          = array( 'iglr' => array( 'start' ) );
		$this->handler()->maybe_handle();
		$this->assertSame( array(), $this->browser->redirects, 'not a start at all' );
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
