<?php
/**
 * Iglr_Sign_In_Counts.
 *
 * @package ig-login-relay
 */

/**
 * The site's own count of completed sign-ins, per UTC day, kept 90 days.
 */
class SignInCountsTest extends Iglr_Test_Case {

	/**
	 * Unix time the counts see.
	 *
	 * @var int
	 */
	private $now;

	protected function setUp(): void {
		parent::setUp();
		$this->now = gmmktime( 23, 30, 0, 12, 4, 2026 );
	}

	private function counts() {
		return new Iglr_Sign_In_Counts(
			function () {
				return $this->now;
			}
		);
	}

	private static function instagram() {
		return array(
			'instagram_user_id'   => self::INSTAGRAM_USER_ID,
			'username'            => 'lumen.coffee',
			'name'                => 'Lumen Coffee Roasters',
			'account_type'        => 'Business',
			'profile_picture_url' => null,
		);
	}

	public function test_each_sign_in_counts_once_under_its_utc_day() {
		$counts = $this->counts();
		$counts->record();
		$counts->record();
		$this->now += HOUR_IN_SECONDS; // 00:30 UTC: the next day, whatever the site's time zone.
		$counts->record();
		$this->assertSame( 2, $counts->on( '2026-12-04' ) );
		$this->assertSame( 1, $counts->on( '2026-12-05' ) );
		$this->assertSame( 0, $counts->on( '2026-12-03' ) );
		$this->assertSame(
			array(
				'2026-12-04' => 2,
				'2026-12-05' => 1,
			),
			get_option( Iglr_Keys::OPTION_SIGN_IN_COUNTS )
		);
	}

	public function test_the_option_is_not_autoloaded() {
		global $wpdb;
		$this->counts()->record();
		$autoload = $wpdb->get_var( $wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Iglr_Keys::OPTION_SIGN_IN_COUNTS ) ); // phpcs:ignore WordPress.DB
		$this->assertContains( $autoload, array( 'no', 'off' ), 'only the report reads it' );
	}

	public function test_days_older_than_90_are_dropped() {
		$counts = $this->counts();
		$counts->record();
		$this->now += 89 * DAY_IN_SECONDS;
		$counts->record();
		$this->assertSame( 1, $counts->on( '2026-12-04' ), 'the 90th day back is kept' );
		$this->now += DAY_IN_SECONDS;
		$counts->record();
		$this->assertSame( 0, $counts->on( '2026-12-04' ) );
		$this->assertCount( 2, get_option( Iglr_Keys::OPTION_SIGN_IN_COUNTS ) );
	}

	public function test_stored_values_that_are_not_counts_are_ignored() {
		update_option(
			Iglr_Keys::OPTION_SIGN_IN_COUNTS,
			array(
				'2026-12-04' => '7',
				'yesterday'  => 3,
				'2026-12-03' => -2,
				'2026-12-02' => 4,
			),
			false
		);
		$counts = $this->counts();
		$this->assertSame( 0, $counts->on( '2026-12-04' ) );
		$this->assertSame( 4, $counts->on( '2026-12-02' ) );
		$counts->record();
		$this->assertSame(
			array(
				'2026-12-02' => 4,
				'2026-12-04' => 1,
			),
			get_option( Iglr_Keys::OPTION_SIGN_IN_COUNTS )
		);
	}

	public function test_the_iglr_signed_in_action_counts_a_sign_in() {
		$user = get_userdata( self::make_user( 'customer', 'shopper' ) );
		do_action( 'iglr_signed_in', $user, self::instagram() );
		do_action( 'iglr_signed_in', $user, self::instagram() );
		$this->assertSame( 2, ( new Iglr_Sign_In_Counts() )->on( gmdate( 'Y-m-d' ) ) );
	}
}
