<?php
/**
 * Instagram accounts waiting for their link to be confirmed.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Linking Instagram to a signed-in account takes two deliberate steps of
 * that account's owner: the "Link Instagram" button (a per-user nonce), and,
 * after Instagram, a confirmation that names the account and the @handle.
 * Between the two the Instagram account is only offered: kept on the user
 * for ten minutes and linked by nothing but the confirmation. A browser
 * signed in to someone else's account (a login CSRF) therefore cannot link
 * the visitor's Instagram to it without the visitor seeing whose account it is.
 */
class Iglr_Link_Offers {

	/** Seconds an offer waits for its confirmation. */
	const TTL = 600;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links $links User links.
	 * @param callable|null   $clock Returns unix seconds; tests move it.
	 */
	public function __construct( Iglr_User_Links $links, $clock = null ) {
		$this->links = $links;
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * Offers an Instagram account to a user, replacing an earlier offer.
	 *
	 * @param int   $user_id The signed-in user who asked to link.
	 * @param array $profile instagram.authorized data.
	 * @return true|WP_Error Error code: linked_elsewhere.
	 */
	public function offer( $user_id, array $profile ) {
		$owner = $this->links->find_user_id( (string) $profile['instagram_user_id'] );
		if ( 0 !== $owner && (int) $user_id !== $owner ) {
			return new WP_Error( 'linked_elsewhere' );
		}
		$instagram = Iglr_Instagram_Profile::from_event( $profile );
		update_user_meta(
			$user_id,
			Iglr_Keys::META_LINK_OFFER,
			array(
				'instagram_user_id'   => (string) $profile['instagram_user_id'],
				'app_scoped_id'       => Iglr_Payload::string( $profile, 'app_scoped_id' ),
				'username'            => $instagram['username'],
				// Kept for iglr_linked once the link is confirmed (the picture becomes the avatar).
				'name'                => $instagram['name'],
				'account_type'        => $instagram['account_type'],
				'profile_picture_url' => $instagram['profile_picture_url'],
				'expires_at'          => (int) call_user_func( $this->clock ) + self::TTL,
			)
		);
		return true;
	}

	/**
	 * The offer waiting for a user, if it has not expired.
	 *
	 * @param int $user_id The user.
	 * @return array|null instagram_user_id, app_scoped_id, username, name, account_type, profile_picture_url, expires_at.
	 */
	public function waiting_for( $user_id ) {
		$offer = get_user_meta( $user_id, Iglr_Keys::META_LINK_OFFER, true );
		if ( ! is_array( $offer ) || ! isset( $offer['instagram_user_id'], $offer['username'], $offer['expires_at'] ) ) {
			return null;
		}
		if ( (int) $offer['expires_at'] <= (int) call_user_func( $this->clock ) ) {
			$this->withdraw( $user_id );
			return null;
		}
		return $offer;
	}

	/**
	 * The user confirmed: links the offered account.
	 *
	 * @param int $user_id The user.
	 * @return array|WP_Error The offer linked; error codes: no_offer (none, or expired), linked_elsewhere.
	 */
	public function accept( $user_id ) {
		$offer = $this->waiting_for( $user_id );
		$this->withdraw( $user_id );
		if ( null === $offer ) {
			return new WP_Error( 'no_offer' );
		}
		$linked = $this->links->link( $user_id, $offer );
		if ( is_wp_error( $linked ) ) {
			return $linked;
		}
		/**
		 * An Instagram account was linked to a user: its owner confirmed the link.
		 *
		 * @param int   $user_id   The user.
		 * @param array $instagram The Instagram account: instagram_user_id, username, name, account_type,
		 *                         profile_picture_url. Never a token.
		 */
		do_action( 'iglr_linked', (int) $user_id, Iglr_Instagram_Profile::from_event( $offer ) );
		return $offer;
	}

	/**
	 * Removes a user's offer (declined, used or expired).
	 *
	 * @param int $user_id The user.
	 */
	public function withdraw( $user_id ) {
		delete_user_meta( $user_id, Iglr_Keys::META_LINK_OFFER );
	}

	/**
	 * Withdraws the offers of an Instagram account, named by either of its
	 * IDs: for when the person removes the app or asks for their data to be
	 * deleted before anyone confirmed the link.
	 *
	 * @param string $instagram_id Digits.
	 * @return string[] The Instagram usernames the offers held, one per offer.
	 */
	public function withdraw_offers_of( $instagram_id ) {
		$withdrawn = array();
		foreach ( $this->users_with_offers() as $user_id ) {
			$offer = get_user_meta( $user_id, Iglr_Keys::META_LINK_OFFER, true );
			if ( is_array( $offer ) && in_array( (string) $instagram_id, array( (string) ( $offer['instagram_user_id'] ?? '' ), (string) ( $offer['app_scoped_id'] ?? '' ) ), true ) ) {
				$this->withdraw( $user_id );
				$withdrawn[] = (string) ( $offer['username'] ?? '' );
			}
		}
		return $withdrawn;
	}

	/**
	 * Removes every expired offer (the hourly prune): what Instagram gave for
	 * an unconfirmed link is not kept.
	 */
	public function prune() {
		foreach ( $this->users_with_offers() as $user_id ) {
			$this->waiting_for( $user_id );
		}
	}

	/**
	 * Users holding an offer, expired or not.
	 *
	 * @return int[]
	 */
	private function users_with_offers() {
		$users = get_users(
			array(
				'blog_id'     => 0,
				'meta_key'    => Iglr_Keys::META_LINK_OFFER, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- hourly and per compliance callback; offers are few and short-lived.
				'fields'      => 'ID',
				'count_total' => false,
			)
		);
		return array_map( 'intval', $users );
	}
}
