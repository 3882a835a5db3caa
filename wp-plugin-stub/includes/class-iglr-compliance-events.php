<?php
/**
 * Meta's compliance callbacks: deauthorization and data deletion.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Meta's deauthorize and data deletion callbacks, forwarded by the relay as
 * signed events (verified by Iglr_Webhook_Route): instagram.deauthorized (the
 * person removed the store's app: unlink) and instagram.data_deletion_requested
 * (delete what the plugin holds about them).
 */
class Iglr_Compliance_Events {

	/** A data deletion request's confirmation code (the relay makes 24 letters and digits). */
	const CONFIRMATION_CODE_PATTERN = '/^[A-Za-z0-9_-]{1,128}$/';

	/**
	 * The checks every signed event passes, and its record.
	 *
	 * @var Iglr_Event_Intake
	 */
	private $intake;

	/**
	 * Verified webhook events, by webhook id; login tickets among them.
	 *
	 * @var Iglr_Received_Events
	 */
	private $events;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Link offers.
	 *
	 * @var Iglr_Link_Offers
	 */
	private $offers;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Event_Intake    $intake  Checks and record of signed events.
	 * @param Iglr_Received_Events $events  Received events.
	 * @param Iglr_Store_Account   $account The store's own account.
	 * @param Iglr_User_Links      $links   User links.
	 * @param Iglr_Link_Offers     $offers  Link offers.
	 * @param Iglr_Delivery_Log    $log     Delivery log.
	 */
	public function __construct( Iglr_Event_Intake $intake, Iglr_Received_Events $events, Iglr_Store_Account $account, Iglr_User_Links $links, Iglr_Link_Offers $offers, Iglr_Delivery_Log $log ) {
		$this->intake  = $intake;
		$this->events  = $events;
		$this->account = $account;
		$this->links   = $links;
		$this->offers  = $offers;
		$this->log     = $log;
	}

	/**
	 * Meta's deauthorize or data deletion callback, forwarded by the relay.
	 * instagram_user_id is the user_id of Meta's signed request: the account ID
	 * or the app-scoped ID (Meta does not say), so both are matched.
	 *
	 * @param string $id   Webhook id (verified, not processed before).
	 * @param string $type Iglr_Event_Type::DEAUTHORIZED or DATA_DELETION_REQUESTED.
	 * @param array  $data Event data.
	 * @return string|WP_Error 'stored' or 'duplicate'; or the refusal (400, 500).
	 */
	public function apply( $id, $type, array $data ) {
		$instagram_id = Iglr_Payload::string( $data, 'instagram_user_id' ) ?? '';
		$deletion     = Iglr_Event_Type::DATA_DELETION_REQUESTED === $type;
		$code         = Iglr_Payload::string( $data, 'confirmation_code' ) ?? '';
		if ( ! preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $instagram_id )
			|| ( $deletion && ! preg_match( self::CONFIRMATION_CODE_PATTERN, $code ) ) ) {
			return $this->intake->refuse( $id, $type, 'invalid_payload' );
		}
		// Recorded first: a retry of this id is then a no-op, even if it arrives mid-way.
		$result = $this->intake->record( $id, $type );
		if ( 'stored' !== $result ) {
			return $result;
		}
		if ( $deletion ) {
			$status_url = esc_url_raw( Iglr_Payload::string( $data, 'status_url' ) ?? '', array( 'http', 'https' ) );
			// First, so that the log's length limit never cuts what the admin needs to answer the person.
			/* translators: %s: the confirmation code Meta showed the person. */
			$done = array( sprintf( __( 'Confirmation code %s.', 'ig-login-relay' ), $code ) );
			if ( '' !== $status_url ) {
				/* translators: %s: the relay's public status page of the request. */
				$done[] = sprintf( __( 'Status page: %s', 'ig-login-relay' ), $status_url );
			}
			$done = array_merge( $done, $this->delete_data( $instagram_id ) );
		} else {
			$done = $this->deauthorize( $instagram_id );
		}
		$this->log->add(
			'webhook_applied',
			array(
				'webhook_id' => $id,
				'type'       => $type,
				'detail'     => implode( ' ', $done ),
			)
		);
		return $result;
	}

	/**
	 * The person removed the store's app on Instagram: their account is
	 * unlinked (it stays), the store's own account loses its token if it is
	 * theirs, and sign-ins they had not finished are voided.
	 *
	 * @param string $instagram_id Either Instagram ID.
	 * @return string[] What was done, for the delivery log.
	 */
	private function deauthorize( $instagram_id ) {
		$done = array();
		foreach ( $this->links->find_user_ids_by_any_id( $instagram_id ) as $user_id ) {
			$locked_out = $this->links->is_instagram_only( $user_id );
			$this->links->remove_link( $user_id );
			$done[] = $locked_out
				/* translators: %d: WordPress user ID. */
				? sprintf( __( 'Unlinked user #%d. It was made by Instagram sign-up and has no email address: nobody can sign in to it until an administrator adds one.', 'ig-login-relay' ), $user_id )
				/* translators: %d: WordPress user ID. */
				: sprintf( __( 'Unlinked user #%d.', 'ig-login-relay' ), $user_id );
		}
		if ( $this->account->forget_token( $instagram_id, __( 'Instagram says the account removed the app.', 'ig-login-relay' ) ) ) {
			$done[] = __( "The store's Instagram account removed the app: its token was deleted and it needs reconnecting.", 'ig-login-relay' );
		}
		if ( empty( $done ) ) {
			$done[] = __( 'There is no linked account.', 'ig-login-relay' );
		}
		// Unconfirmed links count as unfinished sign-ins.
		$voided = count( $this->events->void_tickets_of( $instagram_id ) ) + count( $this->offers->withdraw_offers_of( $instagram_id ) );
		if ( $voided > 0 ) {
			/* translators: %d: number of sign-ins. */
			$done[] = sprintf( _n( 'Voided %d unfinished sign-in.', 'Voided %d unfinished sign-ins.', $voided, 'ig-login-relay' ), $voided );
		}
		return $done;
	}

	/**
	 * The person asked for their data to be deleted: the link and what sign-up
	 * copied from Instagram into their account, the store's own account if it
	 * is theirs, their unfinished sign-ins, and their username in the delivery
	 * log. The WordPress account itself, its email and orders stay: the store's.
	 *
	 * @param string $instagram_id Either Instagram ID.
	 * @return string[] What was done, for the delivery log (never the person's Instagram ID or username).
	 */
	private function delete_data( $instagram_id ) {
		$done      = array();
		$usernames = array();
		foreach ( $this->links->find_user_ids_by_any_id( $instagram_id ) as $user_id ) {
			$usernames[] = (string) get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, true );
			$reset       = $this->links->erase_instagram_data( $user_id );
			$done[]      = empty( $reset )
				/* translators: %d: WordPress user ID. */
				? sprintf( __( 'Unlinked user #%d (the account stays).', 'ig-login-relay' ), $user_id )
				/* translators: 1: WordPress user ID, 2: profile fields, e.g. "user_login, nickname, display_name". */
				: sprintf( __( 'Unlinked user #%1$d (the account stays) and reset its %2$s, copied from Instagram.', 'ig-login-relay' ), $user_id, implode( ', ', $reset ) );
		}
		$store = $this->account->get();
		if ( null !== $store && $this->account->erase( $instagram_id ) ) {
			$usernames[] = $store['username'];
			$done[]      = __( "Deleted the store's Instagram account and its token.", 'ig-login-relay' );
		}
		if ( empty( $done ) ) {
			$done[] = __( 'There is no linked account.', 'ig-login-relay' );
		}
		// Unconfirmed links count as unfinished sign-ins.
		$unfinished = array_merge( array_column( $this->events->void_tickets_of( $instagram_id ), 'username' ), $this->offers->withdraw_offers_of( $instagram_id ) );
		$usernames  = array_merge( $usernames, $unfinished );
		if ( count( $unfinished ) > 0 ) {
			/* translators: %d: number of sign-ins. */
			$done[] = sprintf( _n( 'Erased the data of %d unfinished sign-in.', 'Erased the data of %d unfinished sign-ins.', count( $unfinished ), 'ig-login-relay' ), count( $unfinished ) );
		}
		$redacted = 0;
		foreach ( array_unique( array_filter( $usernames ) ) as $username ) {
			$redacted += $this->log->redact_username( $username );
		}
		if ( $redacted > 0 ) {
			/* translators: %d: number of delivery log entries. */
			$done[] = sprintf( _n( 'Removed the Instagram username from %d delivery log entry.', 'Removed the Instagram username from %d delivery log entries.', $redacted, 'ig-login-relay' ), $redacted );
		}
		return $done;
	}
}
