<?php
/**
 * Iglr_Authorize_Link.
 *
 * @package ig-login-relay
 */

/**
 * The link signature agrees with the PHP of docs/contract.md §4.2 and with the relay's own code.
 */
class AuthorizeLinkTest extends Iglr_Test_Case {

	private static function params( array $overrides = array() ) {
		return array_merge(
			array(
				'store'     => 'shop-1',
				'purpose'   => 'login',
				'return_to' => 'https://shop.example/?iglr=return',
				'state'     => 'abcDEF123_-abcDEF123_-abcDEF123_-xyz',
				'exp'       => 1800000000,
			),
			$overrides
		);
	}

	public function test_signs_like_the_contract() {
		$key       = Iglr_Store_Secret::key( self::STORE_SECRET );
		$params    = self::params();
		$message   = implode( "\n", array( 'v1', $params['store'], 'login', $params['return_to'], $params['state'], $params['exp'] ) );
		$contract  = rtrim( strtr( base64_encode( hash_hmac( 'sha256', $message, $key, true ) ), '+/', '-_' ), '=' );
		$signature = Iglr_Authorize_Link::sign( $key, $params );
		$this->assertSame( $contract, $signature );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $signature, 'unpadded base64url of 32 bytes' );
	}

	public function test_signs_like_the_relay() {
		// Computed with the relay's signAuthorizeParams() (src/flow/authorize-link.ts) for the same key and values.
		$this->assertSame( 'A98iyBMBXxaGU7eEaEAEVih75oMayvKguda044S7FwU', Iglr_Authorize_Link::sign( Iglr_Store_Secret::key( self::STORE_SECRET ), self::params() ) );
	}

	public function test_the_link_carries_the_values_the_relay_signs() {
		$key    = Iglr_Store_Secret::key( self::STORE_SECRET );
		$params = self::params(
			array(
				'purpose'   => 'connect',
				'return_to' => 'https://shop.example/?iglr=return&x=a b',
				'state'     => 'S',
			)
		);
		$url    = Iglr_Authorize_Link::url( 'https://relay.example.com', $key, $params );
		$this->assertStringStartsWith( 'https://relay.example.com/authorize?', $url );
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$this->assertSame(
			array(
				'store'     => 'shop-1',
				'purpose'   => 'connect',
				'return_to' => 'https://shop.example/?iglr=return&x=a b',
				'state'     => 'S',
				'exp'       => '1800000000',
				// The relay's authorizeUrl() for the same values.
				'sig'       => 'BeeO-MITlaTrpIfo2snsBMq07YleT8XehJCIn11iThs',
			),
			$query
		);
	}

	public function test_every_value_is_signed() {
		$key  = Iglr_Store_Secret::key( self::STORE_SECRET );
		$base = Iglr_Authorize_Link::sign( $key, self::params() );
		foreach ( array( 'store' => 'shop-2', 'purpose' => 'connect', 'return_to' => 'https://shop.example/', 'state' => 'other', 'exp' => 1800000001 ) as $field => $value ) {
			$this->assertNotSame( $base, Iglr_Authorize_Link::sign( $key, self::params( array( $field => $value ) ) ), $field );
		}
	}
}
