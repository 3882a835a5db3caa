<?php
/**
 * Iglr_Pending_Sign_Ins.
 *
 * @package ig-login-relay
 */

/**
 * Started sign-ins: hashed, single use, expiring, bound to their nonce.
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

	public function test_creates_a_random_state_and_stores_only_hashes() {
		$started = $this->store()->create( 'login', 'http://127.0.0.1:8090/shop/', 7 );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $started['state'] );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $started['nonce'] );
		$this->assertNotSame( $started['state'], $started['nonce'] );
		$this->assertSame( $this->now + 600, $started['expires_at'] );

		$rows = self::rows( Iglr_Keys::TABLE_PENDING );
		$this->assertSame(
			array(
				'state_hash'  => hash( 'sha256', $started['state'] ),
				'nonce_hash'  => hash( 'sha256', $started['nonce'] ),
				'purpose'     => 'login',
				'redirect_to' => 'http://127.0.0.1:8090/shop/',
				'user_id'     => '7',
				'created_at'  => (string) $this->now,
				'expires_at'  => (string) ( $this->now + 600 ),
			),
			$rows[0]
		);
		$this->assertNotSame( $started['state'], $this->store()->create( 'login', '/', 0 )['state'] );
	}

	public function test_the_cookie_name_is_per_state() {
		$a = Iglr_Pending_Sign_Ins::cookie_name( str_repeat( 'a', 43 ) );
		$this->assertSame( 'iglr_nonce_' . substr( hash( 'sha256', str_repeat( 'a', 43 ) ), 0, 32 ), $a );
		$this->assertNotSame( $a, Iglr_Pending_Sign_Ins::cookie_name( str_repeat( 'b', 43 ) ) );
	}

	public function test_consumes_once_with_the_right_nonce() {
		$store   = $this->store();
		$started = $store->create( 'connect', 'http://127.0.0.1:8090/wp-admin/', 3 );
		$this->assertSame(
			array(
				'purpose'     => 'connect',
				'redirect_to' => 'http://127.0.0.1:8090/wp-admin/',
				'user_id'     => 3,
			),
			$store->consume( $started['state'], $started['nonce'] )
		);
		$again = $store->consume( $started['state'], $started['nonce'] );
		$this->assertSame( 'no_pending', $again->get_error_code() );
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_PENDING ) );
	}

	public function test_a_wrong_or_missing_nonce_uses_it_up() {
		$store = $this->store();
		foreach ( array( 'wrong-nonce', null, '' ) as $nonce ) {
			$started = $store->create( 'login', '/basket/', 0 );
			$result  = $store->consume( $started['state'], $nonce );
			$this->assertSame( 'nonce_mismatch', $result->get_error_code() );
			$this->assertSame( '/basket/', $result->get_error_data()['redirect_to'], 'the shopper still goes back where they started' );
			$this->assertSame( 'no_pending', $store->consume( $started['state'], $started['nonce'] )->get_error_code(), 'no second try' );
		}
	}

	public function test_expires_after_ten_minutes() {
		$store   = $this->store();
		$started = $store->create( 'login', '/', 0 );
		$this->now += 600;
		$this->assertSame( 'pending_expired', $store->consume( $started['state'], $started['nonce'] )->get_error_code() );

		$fresh      = $store->create( 'login', '/', 0 );
		$this->now += 599;
		$this->assertIsArray( $store->consume( $fresh['state'], $fresh['nonce'] ) );
	}

	public function test_unknown_or_malformed_states_find_nothing() {
		$store = $this->store();
		$this->assertSame( 'no_pending', $store->consume( Iglr_Crypto::random_token( 32 ), 'x' )->get_error_code() );
		$this->assertSame( 'no_pending', $store->consume( 'short', 'x' )->get_error_code() );
		$this->assertSame( 'no_pending', $store->consume( str_repeat( 'a', 40 ) . "'", 'x' )->get_error_code() );
	}

	public function test_prune_deletes_only_expired_rows() {
		$store = $this->store();
		$store->create( 'login', '/', 0 );
		$this->now += 601;
		$kept = $store->create( 'login', '/', 0 );
		$store->prune();
		$rows = self::rows( Iglr_Keys::TABLE_PENDING );
		$this->assertCount( 1, $rows );
		$this->assertSame( hash( 'sha256', $kept['state'] ), $rows[0]['state_hash'] );
	}
}
