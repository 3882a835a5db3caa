<?php
/**
 * Sign-ins coming back while no webhook arrives.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Every sign-in Instagram approves reaches this site as a webhook: before
 * the shopper comes back (the relay's webhook delivery), or just after
 * (claim delivery, where a late webhook is claimed from the relay and
 * Iglr_Webhook_Reachability counts it). A shopper coming back from an
 * approved sign-in (with igr_login, or with the relay's delivery_failed)
 * when no webhook has arrived for longer than a sign-in lasts, and none
 * arriving afterwards, means the webhooks have gone quiet. When claims are
 * bringing the sign-ins, Iglr_Webhook_Reachability already reports the
 * refused webhooks; this covers the rest: sign-ins failing because neither
 * a webhook nor a claim brings them (a store left on webhook delivery behind
 * a firewall, a relay refusing the claims), or a webhook URL that no longer
 * leads here.
 *
 * Only returns that carry a sign-in cookie this site sealed count, and one
 * such return writes at most one small option.
 */
class Iglr_Webhook_Silence {

	/**
	 * Seconds between a sign-in's webhook and the shopper's return, at most:
	 * as long as the relay's sign-in lasts. A return with no webhook in the
	 * window before it has not had its own.
	 */
	const WINDOW = Iglr_Received_Events::TICKET_TTL;

	/**
	 * Whether webhooks reach this site.
	 *
	 * @var Iglr_Webhook_Reachability
	 */
	private $reachability;

	/**
	 * Sign-ins started in browsers.
	 *
	 * @var Iglr_Pending_Sign_Ins
	 */
	private $pending;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Webhook_Reachability $reachability Whether webhooks reach this site.
	 * @param Iglr_Pending_Sign_Ins     $pending      Sign-ins started in browsers.
	 * @param callable|null             $clock        Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_Webhook_Reachability $reachability, Iglr_Pending_Sign_Ins $pending, $clock = null ) {
		$this->reachability = $reachability;
		$this->pending      = $pending;
		$this->clock        = null === $clock ? 'time' : $clock;
	}

	/**
	 * Notes a shopper's return from an approved sign-in (template_redirect,
	 * before Iglr_Sign_In_Return handles and leaves the request).
	 */
	public function observe_return() {
		if ( 'return' !== Iglr_Request::query( Iglr_Keys::QUERY_ACTION, 16 ) ) {
			return;
		}
		$approved = '' !== Iglr_Request::query( 'igr_login', 256 ) || 'delivery_failed' === Iglr_Request::query( 'igr_error', 64 );
		$state    = Iglr_Request::query( 'igr_state', 256 );
		if ( ! $approved || ! preg_match( Iglr_Pending_Sign_Ins::STATE_PATTERN, $state ) ) {
			return;
		}
		$cookie = Iglr_Request::cookie( Iglr_Pending_Sign_Ins::cookie_name( $state ), 8192 );
		if ( is_wp_error( $this->pending->open( $state, $cookie ) ) ) {
			return;
		}
		$this->sign_in_returned();
	}

	/**
	 * A shopper came back from a sign-in Instagram approved.
	 */
	public function sign_in_returned() {
		$now        = $this->now();
		$webhook_at = $this->reachability->state()['webhook_at'];
		$state      = $this->state();
		if ( $webhook_at >= $now - self::WINDOW ) {
			// Its webhook came: nothing is quiet. Written only when there was something to forget.
			if ( $state['returns'] > 0 ) {
				$this->save( self::empty_state() );
			}
			return;
		}
		if ( 0 === $state['returns'] || $state['first_return_at'] <= $webhook_at ) {
			$state = array_merge( self::empty_state(), array( 'first_return_at' => $now ) );
		}
		++$state['returns'];
		$state['last_return_at'] = $now;
		$this->save( $state );
	}

	/**
	 * Whether webhooks have gone quiet while sign-ins come back: a return
	 * without its webhook more than Iglr_Webhook_Reachability::GRACE ago
	 * (time for a late webhook), no webhook since, and no refused webhooks
	 * reported already.
	 *
	 * @return bool
	 */
	public function is_silent() {
		$state = $this->state();
		return $state['returns'] > 0
			&& $state['first_return_at'] > $this->reachability->state()['webhook_at']
			&& $state['first_return_at'] <= $this->now() - Iglr_Webhook_Reachability::GRACE
			&& ! $this->reachability->is_blocked();
	}

	/**
	 * What is known, each value checked again.
	 *
	 * @return array returns (since the last webhook), first_return_at, last_return_at (unix seconds, 0: none).
	 */
	public function state() {
		$stored = get_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE, array() );
		$state  = self::empty_state();
		foreach ( array_keys( $state ) as $field ) {
			if ( is_array( $stored ) && isset( $stored[ $field ] ) && is_int( $stored[ $field ] ) && $stored[ $field ] > 0 ) {
				$state[ $field ] = $stored[ $field ];
			}
		}
		return $state;
	}

	/**
	 * No returns.
	 *
	 * @return array
	 */
	private static function empty_state() {
		return array(
			'returns'         => 0,
			'first_return_at' => 0,
			'last_return_at'  => 0,
		);
	}

	/**
	 * Saves the state; not autoloaded (read by shoppers' returns and Site Health only).
	 *
	 * @param array $state State.
	 */
	private function save( array $state ) {
		if ( false === get_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE ) ) {
			add_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE, $state, '', 'no' );
		} else {
			update_option( Iglr_Keys::OPTION_WEBHOOK_SILENCE, $state, false );
		}
	}

	/**
	 * Now, in unix seconds.
	 *
	 * @return int
	 */
	private function now() {
		return (int) call_user_func( $this->clock );
	}
}
