<?php
/**
 * Iglr_Received_Events.
 *
 * @package ig-login-relay
 */

/**
 * Login tickets: hashed, sealed, single use, expiring, bound to their state.
 */
class ReceivedEventsTest extends Iglr_Test_Case {

	private $now = 1800000000;

	private function store() {
		return new Iglr_Received_Events(
			function () {
				return $this->now;
			}
		);
	}

	public function test_a_ticket_is_used_once_and_its_data_erased() {
		$store = $this->store();
		$data  = self::authorized_data();
		$this->assertSame( 'stored', $store->record_authorized( 'msg_1', $data ) );

		$this->assertSame( $data, $store->consume_login( $data['login_id'], $data['state'] ) );
		$this->assertSame( 'login_used', $store->consume_login( $data['login_id'], $data['state'] )->get_error_code() );
		$row = self::rows( Iglr_Keys::TABLE_EVENTS )[0];
		$this->assertSame( (string) $this->now, $row['consumed_at'] );
		$this->assertSame( '', $row['data'], 'the token is gone once used' );
	}

	public function test_the_state_must_match_and_a_mismatch_does_not_use_it_up() {
		$store = $this->store();
		$data  = self::authorized_data();
		$store->record_authorized( 'msg_2', $data );
		$this->assertSame( 'state_mismatch', $store->consume_login( $data['login_id'], Iglr_Crypto::random_token( 32 ) )->get_error_code() );
		$this->assertSame( $data['username'], $store->consume_login( $data['login_id'], $data['state'] )['username'] );
	}

	public function test_unknown_login_ids_find_nothing() {
		$store = $this->store();
		$data  = self::authorized_data();
		$store->record_authorized( 'msg_3', $data );
		$this->assertSame( 'unknown_login', $store->consume_login( 'lgn_other', $data['state'] )->get_error_code() );
		$this->assertSame( 'unknown_login', $store->consume_login( hash( 'sha256', $data['login_id'] ), $data['state'] )->get_error_code(), 'the stored hash is not a login id' );
	}

	public function test_a_ticket_expires_after_ten_minutes() {
		$store = $this->store();
		$data  = self::authorized_data();
		$store->record_authorized( 'msg_4', $data );
		$this->now += 600;
		$this->assertSame( 'login_expired', $store->consume_login( $data['login_id'], $data['state'] )->get_error_code() );
	}

	public function test_a_webhook_id_is_recorded_once() {
		$store = $this->store();
		$this->assertFalse( $store->seen( 'msg_5' ) );
		$this->assertSame( 'stored', $store->record( 'msg_5', 'instagram.deauthorized' ) );
		$this->assertTrue( $store->seen( 'msg_5' ) );
		$this->assertSame( 'duplicate', $store->record( 'msg_5', 'instagram.deauthorized' ) );
		$this->assertSame( 'duplicate', $store->record_authorized( 'msg_5', self::authorized_data() ) );
		$this->assertCount( 1, self::rows( Iglr_Keys::TABLE_EVENTS ) );
	}

	public function test_events_without_a_login_are_all_kept_with_no_login_hash() {
		$store = $this->store();
		$this->assertSame( 'stored', $store->record( 'msg_6', 'instagram.deauthorized' ) );
		$this->assertSame( 'stored', $store->record( 'msg_7', 'instagram.token_refreshed' ), 'the unique login key holds no empty value they could share' );
		$this->assertSame( array( null, null ), array_column( self::rows( Iglr_Keys::TABLE_EVENTS ), 'login_hash' ) );
	}

	public function test_prune_forgets_ids_after_a_week_and_erases_unused_expired_tickets() {
		$store = $this->store();
		$store->record( 'msg_old', 'instagram.deauthorized' );
		$unused = self::authorized_data();
		$store->record_authorized( 'msg_unused', $unused );
		$this->now += 601;
		$store->prune();
		$rows = self::rows( Iglr_Keys::TABLE_EVENTS );
		$this->assertCount( 2, $rows );
		$this->assertSame( '', $rows[1]['data'], 'an expired ticket keeps no token' );

		$this->now += 7 * DAY_IN_SECONDS;
		$store->prune();
		$this->assertSame( array(), self::rows( Iglr_Keys::TABLE_EVENTS ) );
	}
}
