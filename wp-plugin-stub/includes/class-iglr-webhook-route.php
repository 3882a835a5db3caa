<?php
/**
 * The webhook receiver.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * POST /wp-json/ig-login-relay/v1/webhook: the relay's signed events.
 *
 * Before anything else (Iglr_Event_Intake): the Standard Webhooks signature
 * over the raw body, the 5-minute timestamp window, and the webhook id (one
 * already processed, by this route or by a claim, is answered 2xx and not
 * processed again: the relay retries with the same id). Each verified
 * delivery is noted (Iglr_Webhook_Reachability): it proves the relay's
 * webhooks get through. Then the event goes by its type to what handles it:
 * a sign-in is kept as a login ticket (Iglr_Event_Intake), the store
 * account's token events to Iglr_Token_Events, Meta's deauthorize and data
 * deletion callbacks to Iglr_Compliance_Events; any other type is only
 * recorded. The event is stored before it is answered 2xx.
 */
class Iglr_Webhook_Route {

	/**
	 * The checks every signed event passes, and how a login ticket is kept.
	 *
	 * @var Iglr_Event_Intake
	 */
	private $intake;

	/**
	 * The store account's token events.
	 *
	 * @var Iglr_Token_Events
	 */
	private $token_events;

	/**
	 * Meta's deauthorize and data deletion callbacks.
	 *
	 * @var Iglr_Compliance_Events
	 */
	private $compliance_events;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Whether webhooks reach this site.
	 *
	 * @var Iglr_Webhook_Reachability
	 */
	private $reachability;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Event_Intake         $intake            Checks of signed events.
	 * @param Iglr_Token_Events         $token_events      The store account's token events.
	 * @param Iglr_Compliance_Events    $compliance_events Meta's deauthorize and data deletion callbacks.
	 * @param Iglr_Delivery_Log         $log               Delivery log.
	 * @param Iglr_Webhook_Reachability $reachability      Whether webhooks reach this site.
	 */
	public function __construct( Iglr_Event_Intake $intake, Iglr_Token_Events $token_events, Iglr_Compliance_Events $compliance_events, Iglr_Delivery_Log $log, Iglr_Webhook_Reachability $reachability ) {
		$this->intake            = $intake;
		$this->token_events      = $token_events;
		$this->compliance_events = $compliance_events;
		$this->log               = $log;
		$this->reachability      = $reachability;
	}

	/**
	 * Registers the route (rest_api_init).
	 */
	public function register() {
		register_rest_route(
			Iglr_Keys::REST_NAMESPACE,
			Iglr_Keys::REST_WEBHOOK_ROUTE,
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'handle' ),
				// Public on purpose: the relay has no WordPress account. Each request is
				// authenticated by its Standard Webhooks signature, checked first in handle().
				'permission_callback' => '__return_true',
			)
		);
	}

	/**
	 * Receives one delivery.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return WP_REST_Response|WP_Error 200 with status stored, duplicate or ignored; or the refusal.
	 */
	public function handle( WP_REST_Request $request ) {
		$id       = $request->get_header( 'webhook-id' );
		$body     = $request->get_body();
		$verified = $this->intake->verify( $id, $request->get_header( 'webhook-timestamp' ), $request->get_header( 'webhook-signature' ), $body );
		if ( is_wp_error( $verified ) ) {
			return $verified;
		}
		// Any verified delivery, a duplicate too, proves that the relay's webhooks get through to here.
		$this->reachability->webhook_arrived();

		$event = $this->intake->read( $id, $body );
		if ( is_wp_error( $event ) ) {
			return $event;
		}
		if ( $event['seen'] ) {
			$result = 'duplicate';
		} else {
			$result = $this->dispatch( $id, $event['type'], $event['data'] );
		}
		return is_wp_error( $result ) ? $result : new WP_REST_Response( array( 'status' => $result ), 200 );
	}

	/**
	 * Hands a new event to what handles its type.
	 *
	 * @param string $id   Webhook id.
	 * @param string $type Event type.
	 * @param array  $data Event data.
	 * @return string|WP_Error stored, duplicate or ignored; or the refusal (400, 500).
	 */
	private function dispatch( $id, $type, array $data ) {
		switch ( $type ) {
			case Iglr_Event_Type::AUTHORIZED:
				return $this->intake->keep_authorized( $id, $data, 'webhook_stored' );
			case Iglr_Event_Type::TOKEN_REFRESHED:
			case Iglr_Event_Type::TOKEN_REFRESH_FAILED:
				return $this->token_events->apply( $id, $type, $data );
			case Iglr_Event_Type::DEAUTHORIZED:
			case Iglr_Event_Type::DATA_DELETION_REQUESTED:
				return $this->compliance_events->apply( $id, $type, $data );
			default:
				return $this->ignore( $id, $type );
		}
	}

	/**
	 * Records an event of a type the plugin does not act on, so its retries are recognised.
	 *
	 * @param string $id   Webhook id.
	 * @param string $type Event type.
	 * @return string|WP_Error ignored or duplicate; or the refusal (500).
	 */
	private function ignore( $id, $type ) {
		$result = $this->intake->record( $id, $type );
		if ( 'stored' !== $result ) {
			return $result;
		}
		$this->log->add(
			'webhook_ignored',
			array(
				'webhook_id' => $id,
				'type'       => $type,
			)
		);
		return 'ignored';
	}
}
