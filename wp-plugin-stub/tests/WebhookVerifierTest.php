<?php
/**
 * Iglr_Webhook_Verifier.
 *
 * @package ig-login-relay
 */

/**
 * The Standard Webhooks reference vector, then every way a delivery can be wrong.
 */
class WebhookVerifierTest extends Iglr_Test_Case {

	const SECRET    = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
	const ID        = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
	const TIMESTAMP = '1614265330';
	const BODY      = '{"test": 2432232314}';
	const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

	private function verifier( $secret = self::SECRET ) {
		return new Iglr_Webhook_Verifier( Iglr_Store_Secret::key( $secret ) );
	}

	public function test_accepts_the_reference_vector() {
		$this->assertSame( 'valid', $this->verifier()->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 ) );
	}

	public function test_refuses_a_tampered_body_id_or_timestamp() {
		$verifier = $this->verifier();
		$this->assertSame( 'bad_signature', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, '{"test": 2432232315}', 1614265330 ) );
		$this->assertSame( 'bad_signature', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY . ' ', 1614265330 ), 'raw bytes matter' );
		$this->assertSame( 'bad_signature', $verifier->verify( 'msg_other', self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 ) );
		$this->assertSame( 'bad_signature', $verifier->verify( self::ID, '1614265331', self::SIGNATURE, self::BODY, 1614265330 ) );
	}

	public function test_enforces_the_five_minute_window_both_ways() {
		$verifier = $this->verifier();
		$this->assertSame( 'valid', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 + 300 ) );
		$this->assertSame( 'valid', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 - 300 ) );
		$this->assertSame( 'stale', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 + 301 ), 'too old' );
		$this->assertSame( 'stale', $verifier->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 - 301 ), 'from the future' );
	}

	public function test_accepts_any_of_several_signatures() {
		$other = 'v1,' . base64_encode( str_repeat( "\x07", 32 ) );
		$this->assertSame( 'valid', $this->verifier()->verify( self::ID, self::TIMESTAMP, $other . ' ' . self::SIGNATURE, self::BODY, 1614265330 ), 'second of two' );
		$this->assertSame( 'valid', $this->verifier()->verify( self::ID, self::TIMESTAMP, self::SIGNATURE . ' ' . $other, self::BODY, 1614265330 ), 'first of two' );
		$this->assertSame( 'bad_signature', $this->verifier()->verify( self::ID, self::TIMESTAMP, $other . ' ' . $other, self::BODY, 1614265330 ) );
	}

	public function test_accepts_only_v1_entries() {
		$this->assertSame( 'bad_signature', $this->verifier()->verify( self::ID, self::TIMESTAMP, 'v2,' . substr( self::SIGNATURE, 3 ), self::BODY, 1614265330 ) );
		$this->assertSame( 'bad_signature', $this->verifier()->verify( self::ID, self::TIMESTAMP, substr( self::SIGNATURE, 3 ), self::BODY, 1614265330 ), 'no version' );
	}

	public function test_refuses_another_secret() {
		$this->assertSame( 'bad_signature', $this->verifier( self::STORE_SECRET )->verify( self::ID, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 ) );
	}

	public function test_refuses_missing_or_malformed_headers() {
		$verifier = $this->verifier();
		$this->assertSame( 'missing_headers', $verifier->verify( null, self::TIMESTAMP, self::SIGNATURE, self::BODY, 1614265330 ) );
		$this->assertSame( 'missing_headers', $verifier->verify( self::ID, null, self::SIGNATURE, self::BODY, 1614265330 ) );
		$this->assertSame( 'missing_headers', $verifier->verify( self::ID, self::TIMESTAMP, '', self::BODY, 1614265330 ) );
		$this->assertSame( 'missing_headers', $verifier->verify( self::ID, 'soon', self::SIGNATURE, self::BODY, 1614265330 ) );
		$this->assertSame( 'missing_headers', $verifier->verify( self::ID, '-1614265330', self::SIGNATURE, self::BODY, 1614265330 ) );
	}

	public function test_store_secret_format() {
		$this->assertSame( 24, strlen( Iglr_Store_Secret::key( self::SECRET ) ) );
		$this->assertSame( 32, strlen( Iglr_Store_Secret::key( self::STORE_SECRET ) ) );
		$this->assertNull( Iglr_Store_Secret::key( 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' ), 'no prefix' );
		$this->assertNull( Iglr_Store_Secret::key( 'whsec_' . base64_encode( str_repeat( 'a', 16 ) ) ), 'too short' );
		$this->assertNull( Iglr_Store_Secret::key( 'whsec_' . base64_encode( str_repeat( 'a', 65 ) ) ), 'too long' );
		$this->assertNull( Iglr_Store_Secret::key( 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!' ), 'not base64' );
	}
}
