<?php
/**
 * Iglr_Crypto.
 *
 * @package ig-login-relay
 */

/**
 * Sealing at rest with a key from the site's salts.
 */
class CryptoTest extends Iglr_Test_Case {

	public function test_round_trip() {
		$token  = 'IGAAJf1RS7n0xBZAE1' . str_repeat( 'x', 200 );
		$sealed = Iglr_Crypto::encrypt( $token, 'store_account:1' );
		$this->assertStringStartsWith( 'v1.', $sealed );
		$this->assertStringNotContainsString( 'IGAA', $sealed );
		$this->assertSame( $token, Iglr_Crypto::decrypt( $sealed, 'store_account:1' ) );
		$this->assertNotSame( $sealed, Iglr_Crypto::encrypt( $token, 'store_account:1' ), 'a fresh nonce each time' );
		$this->assertSame( '', Iglr_Crypto::decrypt( Iglr_Crypto::encrypt( '', 'c' ), 'c' ) );
	}

	public function test_another_context_or_a_changed_byte_cannot_be_opened() {
		$sealed = Iglr_Crypto::encrypt( 'secret', 'store_secret' );
		$this->assertNull( Iglr_Crypto::decrypt( $sealed, 'store_account:1' ) );
		$raw      = base64_decode( substr( $sealed, 3 ) );
		$raw[30]  = chr( ord( $raw[30] ) ^ 1 );
		$tampered = 'v1.' . base64_encode( $raw );
		$this->assertNull( Iglr_Crypto::decrypt( $tampered, 'store_secret' ) );
		$this->assertNull( Iglr_Crypto::decrypt( 'v1.' . base64_encode( 'short' ), 'store_secret' ) );
		$this->assertNull( Iglr_Crypto::decrypt( 'secret', 'store_secret' ), 'plain text is not a sealed value' );
		$this->assertNull( Iglr_Crypto::decrypt( null, 'store_secret' ) );
	}

	public function test_other_salts_cannot_open_it() {
		$sealed = Iglr_Crypto::encrypt( 'secret', 'store_secret' );
		add_filter(
			'salt',
			function () {
				return 'other site salts';
			}
		);
		$this->assertNull( Iglr_Crypto::decrypt( $sealed, 'store_secret' ) );
	}

	public function test_random_tokens_are_url_safe() {
		$token = Iglr_Crypto::random_token( 32 );
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9_-]{43}$/', $token );
		$this->assertNotSame( $token, Iglr_Crypto::random_token( 32 ) );
		$this->assertSame( hash( 'sha256', 'x' ), Iglr_Crypto::hash( 'x' ) );
	}

	public function test_the_store_account_token_is_sealed_and_readable() {
		$account = new Iglr_Store_Account();
		$this->assertNull( $account->token() );
		$account->connect( self::authorized_data( array( 'access_token' => 'IGAA-store-token' ) ), 1 );
		$stored = get_option( Iglr_Keys::OPTION_STORE_ACCOUNT );
		$this->assertStringNotContainsString( 'IGAA-store-token', serialize( $stored ) );
		$this->assertSame( 'IGAA-store-token', $account->token() );
		$this->assertArrayNotHasKey( 'token', $account->get() );
		// Not autoloaded: WordPress 6.6+ writes 'off' where older versions wrote 'no'.
		$this->assertContains( $GLOBALS['wpdb']->get_var( "SELECT autoload FROM {$GLOBALS['wpdb']->options} WHERE option_name = 'iglr_store_account'" ), array( 'no', 'off' ) ); // phpcs:ignore WordPress.DB
		$account->disconnect();
		$this->assertNull( $account->get() );
	}
}
