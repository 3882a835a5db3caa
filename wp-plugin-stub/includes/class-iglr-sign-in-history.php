<?php
/**
 * Sign-ins of the last 30 days, by outcome.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the report shows, per UTC day: the sign-ins this site completed
 * (Iglr_Sign_In_Counts), and from the relay's records (GET
 * /v1/store/sign-ins) those that ended otherwise: cancelled on Instagram,
 * refused as a personal account, refused as not a tester of the app, or
 * failed. "Succeeded" is the site's own count: a sign-in the relay
 * delivered may still have been refused here (an administrator's unlinked
 * account), and only the site knows.
 *
 * The relay's answer is kept a few minutes (a transient) so the settings
 * page stays fast; when the relay cannot be reached that is kept a minute,
 * and the site's own numbers are shown alone.
 */
class Iglr_Sign_In_History {

	/** Days in the report, today included. */
	const DAYS = 30;

	/** Seconds the relay's answer is kept. */
	const CACHE_SECONDS = 300;

	/** Seconds a failure to reach the relay is kept: not every page view should wait for it again. */
	const ERROR_CACHE_SECONDS = 60;

	/** The outcomes, in the order the report stacks them. */
	const OUTCOMES = array( 'succeeded', 'cancelled', 'not_professional', 'not_tester', 'failed' );

	/** Where each outcome but "succeeded" comes from in the relay's answer. */
	const RELAY_FIELDS = array(
		'cancelled'        => 'access_denied',
		'not_professional' => 'not_professional',
		'not_tester'       => 'not_tester',
		'failed'           => 'failed',
	);

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * The site's own counts.
	 *
	 * @var Iglr_Sign_In_Counts
	 */
	private $counts;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Relay_Client   $relay  Relay client.
	 * @param Iglr_Sign_In_Counts $counts The site's own counts (and its clock).
	 */
	public function __construct( Iglr_Relay_Client $relay, Iglr_Sign_In_Counts $counts ) {
		$this->relay  = $relay;
		$this->counts = $counts;
	}

	/**
	 * The last DAYS UTC days, oldest first.
	 *
	 * @return array{days: array[], relay_error: string} Each day: date (Y-m-d) and one count per
	 *         outcome; the relay's outcomes are null while relay_error says why they are missing.
	 */
	public function last_days() {
		$relay = $this->relay_days();
		$days  = array();
		for ( $back = self::DAYS - 1; $back >= 0; $back-- ) {
			$date = gmdate( 'Y-m-d', $this->counts->now() - $back * DAY_IN_SECONDS );
			$day  = array(
				'date'      => $date,
				'succeeded' => $this->counts->on( $date ),
			);
			foreach ( array_keys( self::RELAY_FIELDS ) as $outcome ) {
				if ( is_wp_error( $relay ) ) {
					$day[ $outcome ] = null;
				} else {
					$day[ $outcome ] = isset( $relay[ $date ][ $outcome ] ) ? $relay[ $date ][ $outcome ] : 0;
				}
			}
			$days[] = $day;
		}
		return array(
			'days'        => $days,
			'relay_error' => is_wp_error( $relay ) ? $relay->get_error_message() : '',
		);
	}

	/**
	 * Drops the kept copy of the relay's answer: the next report asks again.
	 */
	public function forget_relay_copy() {
		delete_transient( Iglr_Keys::TRANSIENT_RELAY_SIGN_INS );
	}

	/**
	 * The relay's outcomes by date, from the kept copy or a new request.
	 *
	 * @return array<string,array<string,int>>|WP_Error
	 */
	private function relay_days() {
		$kept = get_transient( Iglr_Keys::TRANSIENT_RELAY_SIGN_INS );
		if ( is_array( $kept ) && isset( $kept['days'] ) && is_array( $kept['days'] ) ) {
			return $kept['days'];
		}
		$kept_error = Iglr_Payload::string( $kept, 'error' );
		if ( null !== $kept_error ) {
			return new WP_Error( 'iglr_relay_sign_ins', $kept_error );
		}
		$answer = $this->relay->get_sign_ins( self::DAYS );
		$days   = is_wp_error( $answer ) ? $answer : self::read_answer( $answer );
		if ( is_wp_error( $days ) ) {
			set_transient( Iglr_Keys::TRANSIENT_RELAY_SIGN_INS, array( 'error' => $days->get_error_message() ), self::ERROR_CACHE_SECONDS );
			return $days;
		}
		set_transient( Iglr_Keys::TRANSIENT_RELAY_SIGN_INS, array( 'days' => $days ), self::CACHE_SECONDS );
		return $days;
	}

	/**
	 * The relay's answer, checked: dated entries with whole, non-negative counts.
	 *
	 * @param array $answer {"days":[{"date","delivered","access_denied","not_professional","not_tester","failed"}, …]}.
	 * @return array<string,array<string,int>>|WP_Error Outcomes by date.
	 */
	private static function read_answer( array $answer ) {
		if ( ! isset( $answer['days'] ) || ! is_array( $answer['days'] ) ) {
			return new WP_Error( 'iglr_relay_sign_ins', __( "The relay's answer held no sign-ins per day.", 'ig-login-relay' ) );
		}
		$days = array();
		foreach ( $answer['days'] as $entry ) {
			$date = Iglr_Payload::string( $entry, 'date' ) ?? '';
			if ( ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', $date ) ) {
				continue;
			}
			$counts = array();
			foreach ( self::RELAY_FIELDS as $outcome => $field ) {
				$counts[ $outcome ] = isset( $entry[ $field ] ) && is_int( $entry[ $field ] ) && $entry[ $field ] > 0 ? $entry[ $field ] : 0;
			}
			$days[ $date ] = $counts;
		}
		return $days;
	}
}
