<?php
/**
 * The plugin's part of Tools → Erase Personal Data.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A personal data eraser (wp_privacy_personal_data_erasers): for the user
 * with the request's email, deletes what the plugin keeps about them
 * (Iglr_Personal_Data): the profile picture copied from Instagram, the
 * profile fields sign-up copied from Instagram and still unchanged, the
 * Instagram link (through Iglr_User_Links::unlink(), so other plugins hear
 * of it), a link offer waiting for confirmation, unfinished sign-ins, and
 * the user's ID and Instagram usernames in the delivery log. The WordPress
 * account, its email, password and orders are not the plugin's to erase.
 */
class Iglr_Privacy_Eraser {

	/** The eraser's key among WordPress's erasers. */
	const ERASER = 'ig-login-relay';

	/**
	 * What the plugin keeps about a person.
	 *
	 * @var Iglr_Personal_Data
	 */
	private $data;

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Verified webhook events (unfinished sign-ins).
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
	 * Constructor.
	 *
	 * @param Iglr_Personal_Data   $data   What the plugin keeps about a person.
	 * @param Iglr_User_Links      $links  User links.
	 * @param Iglr_Received_Events $events Verified webhook events.
	 * @param Iglr_Delivery_Log    $log    Delivery log.
	 */
	public function __construct( Iglr_Personal_Data $data, Iglr_User_Links $links, Iglr_Received_Events $events, Iglr_Delivery_Log $log ) {
		$this->data   = $data;
		$this->links  = $links;
		$this->events = $events;
		$this->log    = $log;
	}

	/**
	 * Adds the eraser (wp_privacy_personal_data_erasers).
	 *
	 * @param array $erasers Erasers by key.
	 * @return array
	 */
	public function register( $erasers ) {
		$erasers                 = is_array( $erasers ) ? $erasers : array();
		$erasers[ self::ERASER ] = array(
			'eraser_friendly_name' => __( 'Instagram sign-in', 'ig-login-relay' ),
			'callback'             => array( $this, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * Erases everything in one page.
	 *
	 * @param string $email The request's email address.
	 * @param int    $page  Page, from 1 (there is only one).
	 * @return array items_removed, items_retained, messages, done.
	 */
	public function erase( $email, $page = 1 ) {
		unset( $page ); // One page: a user has one link, one offer and one picture.
		$user   = $this->data->user_by_email( $email );
		$result = array(
			'items_removed'  => false,
			'items_retained' => false,
			'messages'       => array(),
			'done'           => true,
		);
		if ( null === $user ) {
			return $result;
		}
		// Read before anything goes: unlinking removes what names the person elsewhere.
		$instagram_ids = $this->data->instagram_ids( $user->ID );
		$usernames     = $this->data->instagram_usernames( $user->ID );

		$this->erase_picture( $user->ID, $result );
		$this->erase_link( $user->ID, $result );
		$this->erase_unfinished_sign_ins( $instagram_ids, $usernames, $result );

		$redacted = $this->log->redact_person( $user->ID, $usernames );
		if ( $redacted > 0 ) {
			$result['items_removed'] = true;
			$result['messages'][]    = sprintf(
				/* translators: %d: number of log entries. */
				_n( "Removed this user's ID and Instagram username from %d entry of the Instagram sign-in delivery log.", "Removed this user's ID and Instagram username from %d entries of the Instagram sign-in delivery log.", $redacted, 'ig-login-relay' ),
				$redacted
			);
		}

		$store_account = $this->data->store_account_connected_by( $user->ID );
		if ( null !== $store_account ) {
			$result['items_retained'] = true;
			$result['messages'][]     = __( "The store's own Instagram account, which this user connected, was kept: it belongs to the store. An administrator can disconnect it on the Instagram sign-in settings page.", 'ig-login-relay' );
		}
		return $result;
	}

	/**
	 * Deletes the media library copy of the Instagram profile picture.
	 *
	 * @param int   $user_id The user.
	 * @param array $result  The eraser's answer, added to.
	 */
	private function erase_picture( $user_id, array &$result ) {
		$avatar_id = $this->data->avatar_id( $user_id );
		if ( $avatar_id > 0 ) {
			// true: the file and its sizes go too, not to the trash.
			if ( wp_delete_attachment( $avatar_id, true ) ) {
				$result['items_removed'] = true;
				$result['messages'][]    = __( 'Deleted the profile picture copied from Instagram.', 'ig-login-relay' );
			} else {
				$result['items_retained'] = true;
				$result['messages'][]     = __( 'The profile picture copied from Instagram could not be deleted; delete it from the media library.', 'ig-login-relay' );
			}
		}
		if ( metadata_exists( 'user', $user_id, Iglr_Personal_Data::META_AVATAR_ID ) && 0 === $this->data->avatar_id( $user_id ) ) {
			delete_user_meta( $user_id, Iglr_Personal_Data::META_AVATAR_ID );
			$result['items_removed'] = true;
		}
	}

	/**
	 * Resets the profile fields copied from Instagram, then unlinks; removes
	 * a link offer and anything else the plugin keeps on the user.
	 *
	 * @param int   $user_id The user.
	 * @param array $result  The eraser's answer, added to.
	 */
	private function erase_link( $user_id, array &$result ) {
		if ( null !== $this->data->link( $user_id ) ) {
			// First: it reads how the link was made.
			$reset    = $this->links->reset_copied_profile( $user_id );
			$unlinked = $this->links->unlink( $user_id );
			if ( true === $unlinked ) {
				$result['items_removed'] = true;
				$result['messages'][]    = __( 'Unlinked the Instagram account and deleted its IDs and username.', 'ig-login-relay' );
			} else {
				$result['items_retained'] = true;
				$result['messages'][]     = __( 'The Instagram link was kept: this account was created by signing in with Instagram and has no other way to sign in.', 'ig-login-relay' );
			}
			if ( ! empty( $reset ) ) {
				$result['items_removed'] = true;
				$result['messages'][]    = sprintf(
					/* translators: 1: profile fields, e.g. "username, nickname and display name", 2: what replaced them, e.g. "user-42". */
					__( 'Replaced the %1$s copied from Instagram with %2$s.', 'ig-login-relay' ),
					wp_sprintf( '%l', array_map( array( __CLASS__, 'profile_field_name' ), $reset ) ),
					get_userdata( $user_id )->user_login
				);
			}
		}
		if ( null !== $this->data->link( $user_id ) ) {
			return;
		}
		$had_offer = null !== $this->data->link_offer( $user_id );
		$leftovers = array_filter(
			Iglr_Keys::user_meta(),
			function ( $key ) use ( $user_id ) {
				return metadata_exists( 'user', $user_id, $key );
			}
		);
		if ( ! empty( $leftovers ) ) {
			// No link is left to announce: this only clears what remains (an offer, a record of sign-up).
			$this->links->remove_link( $user_id );
			$result['items_removed'] = true;
		}
		if ( $had_offer ) {
			$result['messages'][] = __( 'Removed an Instagram account that was waiting for confirmation to be linked.', 'ig-login-relay' );
		}
	}

	/**
	 * A profile field's name, within a sentence.
	 *
	 * @param string $field user_login, nickname or display_name.
	 * @return string
	 */
	private static function profile_field_name( $field ) {
		$names = array(
			'user_login'   => __( 'username', 'ig-login-relay' ),
			'nickname'     => __( 'nickname', 'ig-login-relay' ),
			'display_name' => __( 'display name', 'ig-login-relay' ),
		);
		return isset( $names[ $field ] ) ? $names[ $field ] : $field;
	}

	/**
	 * Voids the unfinished sign-ins of the user's Instagram accounts.
	 *
	 * @param string[] $instagram_ids The user's Instagram IDs.
	 * @param string[] $usernames     Their usernames, added to with what the sign-ins held.
	 * @param array    $result        The eraser's answer, added to.
	 */
	private function erase_unfinished_sign_ins( array $instagram_ids, array &$usernames, array &$result ) {
		$voided = 0;
		foreach ( $instagram_ids as $instagram_id ) {
			foreach ( $this->events->void_tickets_of( $instagram_id ) as $ticket ) {
				++$voided;
				if ( '' !== $ticket['username'] ) {
					$usernames[] = $ticket['username'];
				}
			}
		}
		if ( $voided > 0 ) {
			$result['items_removed'] = true;
			$result['messages'][]    = sprintf(
				/* translators: %d: number of sign-ins. */
				_n( 'Erased the data of %d unfinished Instagram sign-in.', 'Erased the data of %d unfinished Instagram sign-ins.', $voided, 'ig-login-relay' ),
				$voided
			);
		}
	}
}
