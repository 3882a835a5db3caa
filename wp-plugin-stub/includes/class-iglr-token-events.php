<?php
/**
 * The store's own account's token, refreshed by the relay.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The relay's instagram.token_refreshed (it refreshed the store's own
 * account's long-lived token: the new one is kept) and
 * instagram.token_refresh_failed (it could not: the account needs
 * reconnecting), signed events verified by Iglr_Webhook_Route. An event about another account than the store's is
 * recorded and otherwise ignored.
 */
class Iglr_Token_Events {

	/**
	 * The checks every signed event passes, and its record.
	 *
	 * @var Iglr_Event_Intake
	 */
	private $intake;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Event_Intake  $intake  Checks and record of signed events.
	 * @param Iglr_Store_Account $account The store's own account.
	 * @param Iglr_Delivery_Log  $log     Delivery log.
	 */
	public function __construct( Iglr_Event_Intake $intake, Iglr_Store_Account $account, Iglr_Delivery_Log $log ) {
		$this->intake  = $intake;
		$this->account = $account;
		$this->log     = $log;
	}

	/**
	 * Token refreshed or refresh failed for the store's own account.
	 *
	 * @param string $id   Webhook id (verified, not processed before).
	 * @param string $type Iglr_Event_Type::TOKEN_REFRESHED or TOKEN_REFRESH_FAILED.
	 * @param array  $data Event data.
	 * @return string|WP_Error 'stored' or 'duplicate'; or the refusal (400, 500).
	 */
	public function apply( $id, $type, array $data ) {
		$instagram_user_id = Iglr_Payload::string( $data, 'instagram_user_id' ) ?? '';
		$access_token      = Iglr_Payload::string( $data, 'access_token' ) ?? '';
		$refreshed         = Iglr_Event_Type::TOKEN_REFRESHED === $type;
		if ( ! preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $instagram_user_id ) || ( $refreshed && '' === $access_token ) ) {
			return $this->intake->refuse( $id, $type, 'invalid_payload' );
		}
		// Recorded first: a retry of this id is then a no-op, even if it arrives mid-way.
		$result = $this->intake->record( $id, $type );
		if ( 'stored' !== $result ) {
			return $result;
		}
		if ( $refreshed ) {
			$expires_at = Iglr_Payload::string( $data, 'expires_at' );
			$matched    = $this->account->apply_refresh( $instagram_user_id, $access_token, $expires_at );
		} else {
			$reason  = Iglr_Payload::string( $data, 'message' ) ?? '';
			$matched = $this->account->mark_needs_reconnect( $instagram_user_id, $reason );
		}
		$this->log->add(
			$matched ? 'webhook_applied' : 'webhook_ignored',
			array(
				'webhook_id' => $id,
				'type'       => $type,
				'detail'     => $matched ? '' : __( "Not the store's connected account.", 'ig-login-relay' ),
			)
		);
		return $result;
	}
}
