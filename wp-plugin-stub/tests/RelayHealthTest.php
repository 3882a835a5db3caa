<?php
/**
 * Iglr_Relay_Health.
 *
 * @package ig-login-relay
 */

/**
 * The background check of the relay: remembered, believed for a while,
 * changes logged once, scheduled every five minutes.
 */
class RelayHealthTest extends Iglr_Test_Case {

	private $now = 1800000000;

	private function health() {
		$settings = new Iglr_Settings();
		return new Iglr_Relay_Health(
			new Iglr_Relay_Client( $settings ),
			new Iglr_Delivery_Log(),
			function () {
				return $this->now;
			}
		);
	}

	public function test_no_check_yet_counts_as_up() {
		$this->assertFalse( $this->health()->known_down() );
	}

	public function test_a_failed_check_is_believed_for_fifteen_minutes() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 503 );
		$this->assertFalse( $this->health()->check() );
		$this->assertSame( '/readyz', $this->relay_requests[0]['path'] );
		$this->assertTrue( $this->health()->known_down() );
		$this->now += 900;
		$this->assertFalse( $this->health()->known_down(), 'an old failure: cron may have stopped, so shoppers go to the relay' );
	}

	public function test_a_relay_that_is_back_is_believed_at_once() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 503 );
		$this->health()->check();
		$this->relay_answers( 'GET /readyz', 200, array( 'status' => 'ok' ) );
		$this->assertTrue( $this->health()->check() );
		$this->assertFalse( $this->health()->known_down() );
	}

	public function test_changes_are_logged_once() {
		$this->configure();
		$this->relay_answers( 'GET /readyz', 200 );
		$this->health()->check();
		$this->health()->check();
		$this->relay_answers( 'GET /readyz', 503 );
		$this->health()->check();
		$this->health()->check();
		$this->relay_answers( 'GET /readyz', 200 );
		$this->health()->check();
		$this->assertSame( array( 'relay_ready', 'relay_unreachable' ), array_column( ( new Iglr_Delivery_Log() )->entries(), 'code' ) );
	}

	public function test_it_runs_every_five_minutes_from_the_installer() {
		Iglr_Installer::install();
		$next = wp_next_scheduled( Iglr_Keys::CRON_RELAY_HEALTH );
		$this->assertNotFalse( $next );
		$this->assertSame( Iglr_Keys::CRON_SCHEDULE_RELAY_HEALTH, wp_get_schedule( Iglr_Keys::CRON_RELAY_HEALTH ) );
		$this->assertSame( 300, wp_get_schedules()[ Iglr_Keys::CRON_SCHEDULE_RELAY_HEALTH ]['interval'] );
		$this->assertTrue( has_action( Iglr_Keys::CRON_RELAY_HEALTH ) > 0 );
	}

	public function test_the_retired_pending_table_is_dropped_on_upgrade() {
		global $wpdb;
		$table = $wpdb->prefix . 'iglr_pending';
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$table} (state_hash char(64) NOT NULL)" ); // phpcs:ignore WordPress.DB
		update_option( Iglr_Keys::OPTION_DB_VERSION, '1' );
		Iglr_Installer::maybe_upgrade();
		$this->assertNull( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $table ) ) ); // phpcs:ignore WordPress.DB
		$this->assertSame( Iglr_Installer::DB_VERSION, get_option( Iglr_Keys::OPTION_DB_VERSION ) );
	}
}
