<?php
/**
 * Iglr_Login_Delivery_Mode.
 *
 * @package ig-login-relay
 */

/**
 * The store is kept in the relay's claim mode, asking only when the relay
 * holds another mode.
 */
class LoginDeliveryModeTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
	}

	private static function mode() {
		return new Iglr_Login_Delivery_Mode( new Iglr_Relay_Client( new Iglr_Settings() ) );
	}

	public function test_a_store_in_claim_mode_needs_nothing() {
		$this->assertTrue( self::mode()->ensure_claim( array( 'login_delivery' => 'claim' ) ) );
		$this->assertSame( array(), $this->relay_requests );
	}

	public function test_another_mode_or_an_unknown_one_is_switched_to_claim() {
		$this->relay_answers(
			'PUT /v1/store/login-delivery',
			200,
			array(
				'id'             => self::STORE_ID,
				'login_delivery' => 'claim',
			)
		);
		foreach ( array( array( 'login_delivery' => 'webhook' ), array( 'id' => self::STORE_ID ), null ) as $store ) {
			$this->assertTrue( self::mode()->ensure_claim( $store ) );
		}
		$this->assertSame( array( '{"login_delivery":"claim"}', '{"login_delivery":"claim"}', '{"login_delivery":"claim"}' ), array_column( $this->relay_requests, 'body' ) );
	}

	public function test_a_refusal_is_reported_to_the_caller_only() {
		$this->relay_answers(
			'PUT /v1/store/login-delivery',
			401,
			array(
				'code'    => 'store_auth_failed',
				'message' => 'x',
			)
		);
		$this->assertFalse( self::mode()->ensure_claim( array( 'login_delivery' => 'webhook' ) ) );
		$this->assertSame( array(), ( new Iglr_Delivery_Log() )->entries() );
		$this->assertFalse( self::mode()->ensure_claim( array( 'login_delivery' => 'webhook' ) ), 'asked again next time' );
		$this->assertCount( 2, $this->relay_requests );
	}
}
