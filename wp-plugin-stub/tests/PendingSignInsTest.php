<?php
/**
 * Iglr_Pending_Sign_Ins.
 *
 * @package ig-login-relay
 */

/**
 * Started sign-ins: kept in the starting browser's cookie, sealed and bound
 * to their state, expiring; nothing stored on the server.
 */
class PendingSignInsTest extends Iglr_Test_Case {

	private $now = 1800000000;

	private function store() {
		return new Iglr_Pending_Sign_Ins(
			function () {
				return $this->now;
			}
		);
	}

	public function test_starting_stores_nothing_and_seals_the_sign_in_in_its_cookie() {
		$tables_before = self::table_sizes();
		$options       = wp_load_alloptions();
		$started       = $this->store()->create( 'login', 'http://127.0.0.1:8090/shop/', 7 );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $started['state'] );
		$this->assertSame( $this->now + 600, $started['expires_at'] );
		$this->assertStringNotContainsString( '/shop/', $started['cookie'], 'sealed, not readable' );
		$this->assertLessThan( 4096, strlen( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) . '=' . rawurlencode( $started['cookie'] ) ) );
		$this->assertSame( $tables_before, self::table_sizes(), 'no row written' );
		$this->assertSame( $options, wp_load_alloptions(), 'no option written' );
		$this->assertNotSame( $started['state'], $this->store()->create( 'login', '/', 0 )['state'] );
	}

	public function test_the_cookie_name_is_per_state() {
		$a = Iglr_Pending_Sign_Ins::cookie_name( str_repeat( 'a', 43 ) );
		$this->assertSame( 'iglr_pending_' . substr( hash( 'sha256', str_repeat( 'a', 43 ) ), 0, 32 ), $a );
		$this->assertNotSame( $a, Iglr_Pending_Sign_Ins::cookie_name( str_repeat( 'b', 43 ) ) );
	}

	public function test_opens_with_its_own_state_only() {
		$store   = $this->store();
		$started = $store->create( 'link', 'http://127.0.0.1:8090/my-account/', 3 );
		$this->assertSame(
			array(
				'purpose'     => 'link',
				'redirect_to' => 'http://127.0.0.1:8090/my-account/',
				'user_id'     => 3,
			),
			$store->open( $started['state'], $started['cookie'] )
		);
		$other = $store->create( 'login', '/', 0 );
		$this->assertSame( 'not_ours', $store->open( $other['state'], $started['cookie'] )->get_error_code(), "another sign-in's cookie" );
	}

	public function test_a_changed_or_foreign_cookie_does_not_open() {
		$store   = $this->store();
		$started = $store->create( 'login', '/basket/', 0 );
		$cookie  = $started['cookie'];
		// A character from the middle: every bit of it counts (the last ones may be padding bits base64_decode ignores).
		$middle  = intdiv( strlen( $cookie ), 2 );
		$flipped = substr( $cookie, 0, $middle ) . ( 'A' === $cookie[ $middle ] ? 'B' : 'A' ) . substr( $cookie, $middle + 1 );
		foreach ( array( $flipped, 'v1.' . base64_encode( random_bytes( 90 ) ), 'not a cookie', str_repeat( 'x', 5000 ) ) as $forged ) { // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
			$result = $store->open( $started['state'], $forged );
			$this->assertSame( 'not_ours', $result->get_error_code() );
			$this->assertNull( $result->get_error_data(), 'nothing read from it' );
		}
		$this->assertSame( 'no_pending', $store->open( $started['state'], '' )->get_error_code() );
	}

	public function test_a_sealed_value_with_an_unknown_purpose_does_not_open() {
		$state  = Iglr_Crypto::random_token( 32 );
		$sealed = Iglr_Crypto::encrypt(
			wp_json_encode(
				array(
					'purpose'     => 'admin',
					'redirect_to' => '/',
					'user_id'     => 1,
					'expires_at'  => $this->now + 60,
				)
			),
			'pending_sign_in:' . Iglr_Crypto::hash( $state )
		);
		$this->assertSame( 'not_ours', $this->store()->open( $state, $sealed )->get_error_code() );
	}

	public function test_expires_after_ten_minutes() {
		$store   = $this->store();
		$started = $store->create( 'login', '/basket/', 0 );
		$this->now += 600;
		$expired    = $store->open( $started['state'], $started['cookie'] );
		$this->assertSame( 'pending_expired', $expired->get_error_code() );
		$this->assertSame( '/basket/', $expired->get_error_data()['redirect_to'], 'the shopper still goes back where they started' );

		$fresh      = $store->create( 'login', '/', 0 );
		$this->now += 599;
		$this->assertIsArray( $store->open( $fresh['state'], $fresh['cookie'] ) );
	}

	public function test_malformed_states_find_nothing() {
		$store   = $this->store();
		$started = $store->create( 'login', '/', 0 );
		foreach ( array( 'short', str_repeat( 'a', 40 ) . "'", str_repeat( 'a', 257 ), array( 'x' ), null ) as $state ) {
			$this->assertSame( 'no_pending', $store->open( $state, $started['cookie'] )->get_error_code() );
		}
	}

	/**
	 * Row counts of the site's tables.
	 *
	 * @return array<string,int>
	 */
	private static function table_sizes() {
		global $wpdb;
		$sizes = array();
		foreach ( $wpdb->get_col( 'SHOW TABLES' ) as $table ) { // phpcs:ignore WordPress.DB
			$sizes[ $table ] = (int) $wpdb->get_var( "SELECT COUNT(*) FROM `{$table}`" ); // phpcs:ignore WordPress.DB
		}
		return $sizes;
	}
}
