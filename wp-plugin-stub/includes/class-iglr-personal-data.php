<?php
/**
 * What the plugin keeps about a person.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Finds the plugin's data about a WordPress user, for WordPress's privacy
 * tools (Iglr_Privacy_Exporter, Iglr_Privacy_Eraser). It is:
 *
 * - the Instagram link, in user meta: iglr_instagram_user_id,
 *   iglr_app_scoped_id, iglr_instagram_username, iglr_linked_by,
 *   iglr_linked_at, and on an account made by Instagram sign-up
 *   iglr_profile_from_instagram (hashes of the profile fields sign-up filled
 *   from Instagram);
 * - iglr_link_offer: an Instagram account waiting ten minutes for its owner
 *   to confirm the link;
 * - iglr_avatar_id: the media library copy of the Instagram profile picture;
 * - the delivery log's entries that name the user ("user #42") or one of
 *   their Instagram usernames ("@ada"). The rest of an entry (its time,
 *   event and webhook id) does not say who, so only these count;
 * - unfinished sign-ins (Iglr_Received_Events): sealed, erased after ten minutes
 *   anyway, and voided by an erasure;
 * - the store's own Instagram account records the administrator who
 *   connected it; the account is the store's, not that person's.
 *
 * Instagram access tokens of shoppers are never kept.
 */
class Iglr_Personal_Data {

	/**
	 * User meta holding the attachment ID of the Instagram profile picture
	 * copied into the media library at sign-in.
	 */
	const META_AVATAR_ID = 'iglr_avatar_id';

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links    $links   User links.
	 * @param Iglr_Delivery_Log  $log     Delivery log.
	 * @param Iglr_Store_Account $account The store's own account.
	 */
	public function __construct( Iglr_User_Links $links, Iglr_Delivery_Log $log, Iglr_Store_Account $account ) {
		$this->links   = $links;
		$this->log     = $log;
		$this->account = $account;
	}

	/**
	 * Every user meta key the plugin may keep on a user, all of which the
	 * privacy tools cover.
	 *
	 * @return string[]
	 */
	public static function user_meta_keys() {
		return array_values( array_unique( array_merge( Iglr_Keys::user_meta(), array( self::META_AVATAR_ID ) ) ) );
	}

	/**
	 * The user WordPress's privacy tools ask about. Accounts made by Instagram
	 * sign-up have no email until their owner adds one; until then no request
	 * can name them.
	 *
	 * @param string $email The request's email address.
	 * @return WP_User|null
	 */
	public function user_by_email( $email ) {
		$user = is_string( $email ) && '' !== $email ? get_user_by( 'email', $email ) : false;
		return $user instanceof WP_User ? $user : null;
	}

	/**
	 * The Instagram account linked to the user.
	 *
	 * @param int $user_id The user.
	 * @return array|null Iglr_User_Links::link_of().
	 */
	public function link( $user_id ) {
		return $this->links->link_of( $user_id );
	}

	/**
	 * The Instagram account offered to the user and not yet confirmed, expired or not.
	 *
	 * @param int $user_id The user.
	 * @return array|null instagram_user_id, app_scoped_id, username, expires_at.
	 */
	public function link_offer( $user_id ) {
		$offer = get_user_meta( $user_id, Iglr_Keys::META_LINK_OFFER, true );
		return is_array( $offer ) && isset( $offer['instagram_user_id'] ) ? $offer : null;
	}

	/**
	 * The media library copy of the user's Instagram profile picture.
	 *
	 * @param int $user_id The user.
	 * @return int Attachment ID, 0 when none.
	 */
	public function avatar_id( $user_id ) {
		$id = (int) get_user_meta( $user_id, self::META_AVATAR_ID, true );
		return $id > 0 && 'attachment' === get_post_type( $id ) ? $id : 0;
	}

	/**
	 * The profile fields sign-up filled from Instagram, as recorded.
	 *
	 * @param int $user_id The user.
	 * @return string[] user_login, nickname, display_name.
	 */
	public function fields_copied_at_sign_up( $user_id ) {
		$copied = get_user_meta( $user_id, Iglr_Keys::META_PROFILE_FROM_INSTAGRAM, true );
		return is_array( $copied ) ? array_values( array_intersect( array( 'user_login', 'nickname', 'display_name' ), array_keys( $copied ) ) ) : array();
	}

	/**
	 * The Instagram IDs the plugin holds for the user (link and offer).
	 *
	 * @param int $user_id The user.
	 * @return string[] Digits.
	 */
	public function instagram_ids( $user_id ) {
		$ids = array();
		foreach ( array( $this->link( $user_id ), $this->link_offer( $user_id ) ) as $account ) {
			foreach ( array( 'instagram_user_id', 'app_scoped_id' ) as $field ) {
				$id = Iglr_Payload::string( $account, $field ) ?? '';
				if ( preg_match( Iglr_User_Links::INSTAGRAM_ID_PATTERN, $id ) ) {
					$ids[] = $id;
				}
			}
		}
		return array_values( array_unique( $ids ) );
	}

	/**
	 * The Instagram usernames the plugin holds for the user (link and offer).
	 *
	 * @param int $user_id The user.
	 * @return string[] Without "@".
	 */
	public function instagram_usernames( $user_id ) {
		$usernames = array();
		foreach ( array( $this->link( $user_id ), $this->link_offer( $user_id ) ) as $account ) {
			if ( is_array( $account ) && isset( $account['username'] ) && '' !== (string) $account['username'] ) {
				$usernames[] = (string) $account['username'];
			}
		}
		return array_values( array_unique( $usernames ) );
	}

	/**
	 * The delivery log's entries that name the user.
	 *
	 * @param int $user_id The user.
	 * @return array[] Newest first: at, code, detail (and webhook_id, type).
	 */
	public function log_entries( $user_id ) {
		return $this->log->entries_naming( $user_id, $this->instagram_usernames( $user_id ) );
	}

	/**
	 * The store's own Instagram account, when this user connected it.
	 *
	 * @param int $user_id The user.
	 * @return array|null Iglr_Store_Account::get().
	 */
	public function store_account_connected_by( $user_id ) {
		$account = $this->account->get();
		return null !== $account && (int) $user_id === $account['connected_by'] ? $account : null;
	}
}
