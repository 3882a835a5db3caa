<?php
/**
 * Iglr_Payload.
 *
 * @package ig-login-relay
 */

/**
 * A field is read only when it is a string.
 */
class PayloadTest extends Iglr_Test_Case {

	public function test_a_string_field_is_read_as_it_is() {
		$data = array(
			'username' => 'lumen.coffee',
			'empty'    => '',
		);
		$this->assertSame( 'lumen.coffee', Iglr_Payload::string( $data, 'username' ) );
		$this->assertSame( '', Iglr_Payload::string( $data, 'empty' ), 'an empty string is a string' );
	}

	public function test_anything_else_reads_as_null() {
		$data = array(
			'number' => 17841400774391235,
			'list'   => array( 'a' ),
			'null'   => null,
			'bool'   => true,
		);
		foreach ( array( 'number', 'list', 'null', 'bool', 'absent' ) as $key ) {
			$this->assertNull( Iglr_Payload::string( $data, $key ), $key );
		}
		foreach ( array( null, 'username', 42, false ) as $not_an_array ) {
			$this->assertNull( Iglr_Payload::string( $not_an_array, 'username' ), var_export( $not_an_array, true ) );
		}
	}
}
