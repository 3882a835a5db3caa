<?php
/**
 * The sign-ins this site completed, per day.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Counts each completed Instagram sign-in (the iglr_signed_in action) under
 * its UTC day, the days the relay reports in, for the settings page's report.
 * One small option, not autoloaded (only the report reads it), holding the
 * last KEEP_DAYS days. Two sign-ins finishing in the same instant may count
 * once: a report for a glance, not an audit log.
 */
class Iglr_Sign_In_Counts {

	/** Days kept, today included: the relay answers for at most 90 too. */
	const KEEP_DAYS = 90;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param callable|null $clock Returns unix seconds; tests move it.
	 */
	public function __construct( $clock = null ) {
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * Someone signed in with Instagram (iglr_signed_in): one more today.
	 */
	public function record() {
		$counts           = $this->all();
		$today            = gmdate( 'Y-m-d', $this->now() );
		$counts[ $today ] = ( isset( $counts[ $today ] ) ? $counts[ $today ] : 0 ) + 1;
		$oldest           = gmdate( 'Y-m-d', $this->now() - ( self::KEEP_DAYS - 1 ) * DAY_IN_SECONDS );
		foreach ( array_keys( $counts ) as $day ) {
			if ( $day < $oldest ) {
				unset( $counts[ $day ] );
			}
		}
		ksort( $counts );
		update_option( Iglr_Keys::OPTION_SIGN_IN_COUNTS, $counts, false );
	}

	/**
	 * The count of one UTC day.
	 *
	 * @param string $day Y-m-d.
	 * @return int
	 */
	public function on( $day ) {
		$counts = $this->all();
		return isset( $counts[ $day ] ) ? $counts[ $day ] : 0;
	}

	/**
	 * Unix seconds now.
	 *
	 * @return int
	 */
	public function now() {
		return (int) call_user_func( $this->clock );
	}

	/**
	 * The stored counts, each checked: Y-m-d keys, non-negative whole numbers.
	 *
	 * @return array<string,int>
	 */
	private function all() {
		$stored = get_option( Iglr_Keys::OPTION_SIGN_IN_COUNTS, array() );
		$counts = array();
		foreach ( is_array( $stored ) ? $stored : array() as $day => $count ) {
			if ( is_string( $day ) && preg_match( '/^\d{4}-\d{2}-\d{2}$/', $day ) && is_int( $count ) && $count >= 0 ) {
				$counts[ $day ] = $count;
			}
		}
		return $counts;
	}
}
