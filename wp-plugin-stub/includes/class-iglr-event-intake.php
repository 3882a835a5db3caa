<?php
/**
 * Signed events, however they reach this site.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The checks every signed event from the relay passes before it counts,
 * whether the relay POSTed it to the webhook route or this site claimed it
 * from the relay (Iglr_Login_Claim): the Standard Webhooks signature over the
 * raw body, the 5-minute window, a webhook id usable as a key, one that was
 * not processed before, an event of the expected shape for this store. And
 * how an instagram.authorized event is kept as a login ticket, under its
 * webhook id, so that the same event arriving by the other way is a
 * duplicate.
 */
class Iglr_Event_Intake {

	/** What a webhook id may look like: it is a key in our table. */
	const WEBHOOK_ID_PATTERN = '/^[A-Za-z0-9_.:~-]{1,191}$/';

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

	/**
	 * Verified webhook events, by webhook id; login tickets among them.
	 *
	 * @var Iglr_Received_Events
	 */
	private $events;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings        $settings Settings.
	 * @param Iglr_Received_Events $events   Received events.
	 * @param Iglr_Delivery_Log    $log      Delivery log.
	 * @param callable|null        $clock    Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Received_Events $events, Iglr_Delivery_Log $log, $clock = null ) {
		$this->settings = $settings;
		$this->events   = $events;
		$this->log      = $log;
		$this->clock    = null === $clock ? 'time' : $clock;
	}

	/**
	 * Whether the relay signed this event with this store's secret, recently.
	 * Nothing is logged on failure: anyone can send a webhook request.
	 *
	 * @param string|null $id        webhook-id.
	 * @param string|null $timestamp webhook-timestamp.
	 * @param string|null $signature webhook-signature.
	 * @param string      $body      The raw body.
	 * @return true|WP_Error Coded iglr_not_configured (503), iglr_invalid_headers, iglr_stale_timestamp (400) or iglr_bad_signature (401).
	 */
	public function verify( $id, $timestamp, $signature, $body ) {
		$key = $this->settings->store_key();
		if ( null === $key ) {
			return new WP_Error( 'iglr_not_configured', __( 'The store secret is not set on this site.', 'ig-login-relay' ), array( 'status' => 503 ) );
		}
		$verdict = ( new Iglr_Webhook_Verifier( $key ) )->verify( $id, $timestamp, $signature, (string) $body, (int) call_user_func( $this->clock ) );
		if ( Iglr_Webhook_Verifier::MISSING_HEADERS === $verdict || ! preg_match( self::WEBHOOK_ID_PATTERN, (string) $id ) ) {
			return new WP_Error( 'iglr_invalid_headers', __( 'Missing or malformed webhook headers.', 'ig-login-relay' ), array( 'status' => 400 ) );
		}
		if ( Iglr_Webhook_Verifier::STALE === $verdict ) {
			return new WP_Error( 'iglr_stale_timestamp', __( 'The webhook timestamp is more than 5 minutes off.', 'ig-login-relay' ), array( 'status' => 400 ) );
		}
		if ( Iglr_Webhook_Verifier::VALID !== $verdict ) {
			return new WP_Error( 'iglr_bad_signature', __( 'The webhook signature does not match.', 'ig-login-relay' ), array( 'status' => 401 ) );
		}
		return true;
	}

	/**
	 * The event a verified body carries.
	 *
	 * @param string $id   webhook-id (verified).
	 * @param string $body The raw body (verified).
	 * @return array|WP_Error seen (true: this id was already processed, nothing else is read), type, data;
	 *                        or the refusal (400) of an event that is not for this site.
	 */
	public function read( $id, $body ) {
		if ( $this->events->seen( $id ) ) {
			return array( 'seen' => true );
		}
		$event = json_decode( (string) $body, true );
		if ( ! is_array( $event ) || ! isset( $event['type'], $event['data'] ) || ! is_string( $event['type'] ) || ! is_array( $event['data'] ) ) {
			return $this->refuse( $id, '', 'invalid_payload' );
		}
		if ( isset( $event['data']['store'] ) && $event['data']['store'] !== $this->settings->store_id() ) {
			return $this->refuse( $id, $event['type'], 'wrong_store' );
		}
		return array(
			'seen' => false,
			'type' => $event['type'],
			'data' => $event['data'],
		);
	}

	/**
	 * Keeps an instagram.authorized event as a login ticket for the browser's return.
	 *
	 * @param string $id       webhook-id.
	 * @param array  $data     Event data.
	 * @param string $log_code Delivery log code when it is new: webhook_stored, webhook_claimed.
	 * @return string|WP_Error 'stored' or 'duplicate'; or the refusal (400, 500).
	 */
	public function keep_authorized( $id, array $data, $log_code ) {
		if ( ! self::is_authorized_data( $data ) ) {
			return $this->refuse( $id, Iglr_Event_Type::AUTHORIZED, 'invalid_payload' );
		}
		$result = $this->events->record_authorized( $id, $data );
		if ( false === $result ) {
			return $this->storage_failed( $id, Iglr_Event_Type::AUTHORIZED );
		}
		if ( 'stored' === $result ) {
			$this->log->add(
				$log_code,
				array(
					'webhook_id' => $id,
					'type'       => Iglr_Event_Type::AUTHORIZED,
					'detail'     => $data['purpose'] . ' @' . $data['username'],
				)
			);
		}
		return $result;
	}

	/**
	 * Records an event that is not a login ticket, so that its retries are recognised.
	 *
	 * @param string $id   webhook-id.
	 * @param string $type Event type.
	 * @return string|WP_Error 'stored' or 'duplicate'; or the refusal (500) when the database failed.
	 */
	public function record( $id, $type ) {
		$result = $this->events->record( $id, $type );
		return false === $result ? $this->storage_failed( $id, $type ) : $result;
	}

	/**
	 * A signed event this site cannot use: 400, so it shows as failed in the relay's delivery status.
	 *
	 * @param string $id     Webhook id.
	 * @param string $type   Event type.
	 * @param string $reason invalid_payload or wrong_store.
	 * @return WP_Error
	 */
	public function refuse( $id, $type, $reason ) {
		$this->log->add(
			'webhook_refused',
			array(
				'webhook_id' => $id,
				'type'       => $type,
				'detail'     => $reason,
			)
		);
		if ( 'wrong_store' === $reason ) {
			return new WP_Error( 'iglr_wrong_store', __( 'The event is for another store ID than the one set on this site.', 'ig-login-relay' ), array( 'status' => 400 ) );
		}
		return new WP_Error( 'iglr_invalid_payload', __( 'The event is not in the expected format.', 'ig-login-relay' ), array( 'status' => 400 ) );
	}

	/**
	 * The database refused the write: 500, and the relay tries again later.
	 *
	 * @param string $id   Webhook id.
	 * @param string $type Event type.
	 * @return WP_Error
	 */
	public function storage_failed( $id, $type ) {
		$this->log->add(
			'webhook_storage_failed',
			array(
				'webhook_id' => $id,
				'type'       => $type,
			)
		);
		return new WP_Error( 'iglr_storage_failed', __( 'The event could not be stored.', 'ig-login-relay' ), array( 'status' => 500 ) );
	}

	/**
	 * Whether instagram.authorized data has what login completion needs.
	 *
	 * @param array $data Event data.
	 * @return bool
	 */
	private static function is_authorized_data( array $data ) {
		foreach ( array( 'login_id', 'state', 'purpose', 'instagram_user_id', 'username', 'access_token' ) as $field ) {
			if ( null === Iglr_Payload::string( $data, $field ) ) {
				return false;
			}
		}
		return preg_match( '/^[A-Za-z0-9_-]{1,128}$/', $data['login_id'] )
			&& preg_match( '/^[A-Za-z0-9._~-]{1,256}$/', $data['state'] )
			&& in_array( $data['purpose'], array( 'login', 'connect' ), true )
			&& preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $data['instagram_user_id'] )
			&& '' !== $data['access_token'];
	}
}
