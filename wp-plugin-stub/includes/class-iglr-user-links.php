<?php
/**
 * Links between WordPress users and Instagram accounts.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Finds, creates and links users by their Instagram user ID (user meta).
 * Never by email: Instagram gives none, and matching an address someone
 * typed would let them take over the account that owns it.
 */
class Iglr_User_Links {

	/** Capabilities whose holders sign in through Instagram only if they linked it themselves. */
	const PROTECTED_CAPABILITIES = array( 'manage_options', 'manage_woocommerce' );

	/** Instagram user IDs: digits only, compared as strings (they exceed 2^53). */
	const INSTAGRAM_ID_PATTERN = '/^[0-9]{1,32}$/';

	/**
	 * The user linked to an Instagram account.
	 *
	 * @param string $instagram_user_id Digits.
	 * @return int User ID, or 0.
	 */
	public function find_user_id( $instagram_user_id ) {
		if ( ! is_string( $instagram_user_id ) || ! preg_match( self::INSTAGRAM_ID_PATTERN, $instagram_user_id ) ) {
			return 0;
		}
		$ids = get_users(
			array(
				'blog_id'     => 0, // Users are network-wide on multisite; so is the link.
				'meta_key'    => Iglr_Keys::META_INSTAGRAM_USER_ID, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- indexed key; one lookup per sign-in.
				'meta_value'  => $instagram_user_id, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
				'fields'      => 'ID',
				'number'      => 1,
				'orderby'     => 'ID',
				'count_total' => false,
			)
		);
		return empty( $ids ) ? 0 : (int) $ids[0];
	}

	/**
	 * Users linked to an Instagram account by either of its IDs: the account ID
	 * (instagram_user_id) or the app-scoped ID. Meta's deauthorize and data
	 * deletion callbacks name the user by an ID whose kind Meta does not document.
	 *
	 * @param string $instagram_id Digits.
	 * @return int[] User IDs, ascending.
	 */
	public function find_user_ids_by_any_id( $instagram_id ) {
		if ( ! is_string( $instagram_id ) || ! preg_match( self::INSTAGRAM_ID_PATTERN, $instagram_id ) ) {
			return array();
		}
		$ids = get_users(
			array(
				'blog_id'     => 0,
				// phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- once per compliance callback.
				'meta_query'  => array(
					'relation' => 'OR',
					array(
						'key'     => Iglr_Keys::META_INSTAGRAM_USER_ID,
						'value'   => $instagram_id,
						'compare' => '=',
						'type'    => 'CHAR', // As strings: the IDs exceed 2^53.
					),
					array(
						'key'     => Iglr_Keys::META_APP_SCOPED_ID,
						'value'   => $instagram_id,
						'compare' => '=',
						'type'    => 'CHAR',
					),
				),
				'fields'      => 'ID',
				'orderby'     => 'ID',
				'count_total' => false,
			)
		);
		return array_map( 'intval', $ids );
	}

	/**
	 * The Instagram account linked to a user.
	 *
	 * @param int $user_id User.
	 * @return array|null instagram_user_id, app_scoped_id ('' when unknown), username, linked_by, linked_at; null when not linked.
	 */
	public function link_of( $user_id ) {
		$instagram_user_id = (string) get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USER_ID, true );
		if ( ! preg_match( self::INSTAGRAM_ID_PATTERN, $instagram_user_id ) ) {
			return null;
		}
		return array(
			'instagram_user_id' => $instagram_user_id,
			'app_scoped_id'     => (string) get_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, true ),
			'username'          => (string) get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, true ),
			'linked_by'         => (string) get_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, true ),
			'linked_at'         => (int) get_user_meta( $user_id, Iglr_Keys::META_LINKED_AT, true ),
		);
	}

	/**
	 * The user an Instagram sign-in signs in: the linked one, else a new one.
	 *
	 * @param array $profile instagram.authorized data (instagram_user_id, username, name).
	 * @return WP_User|WP_Error Error codes: not_allowed, create_failed.
	 */
	public function sign_in_user( array $profile ) {
		$user_id = $this->find_user_id( $profile['instagram_user_id'] );
		if ( 0 === $user_id ) {
			return $this->create_user( $profile );
		}
		$user = get_userdata( $user_id );
		if ( ! $user instanceof WP_User ) {
			return new WP_Error( 'create_failed' );
		}
		// A privileged account may have been linked when it was an ordinary customer
		// (created at sign-up, promoted later); only its owner's own link lets Instagram in.
		if ( $this->is_protected( $user ) && Iglr_Keys::LINKED_BY_SELF !== get_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, true ) ) {
			return new WP_Error( 'not_allowed' );
		}
		update_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, sanitize_text_field( $profile['username'] ) );
		self::write_app_scoped_id( $user_id, $profile );
		return $user;
	}

	/**
	 * Links an Instagram account to a user who is signed in (replacing an
	 * earlier link of theirs), unless another user already has it.
	 *
	 * @param int   $user_id The user.
	 * @param array $profile instagram.authorized data.
	 * @return true|WP_Error Error code: linked_elsewhere.
	 */
	public function link( $user_id, array $profile ) {
		$owner = $this->find_user_id( $profile['instagram_user_id'] );
		if ( 0 !== $owner && (int) $user_id !== $owner ) {
			return new WP_Error( 'linked_elsewhere' );
		}
		$this->write_link( $user_id, $profile, Iglr_Keys::LINKED_BY_SELF );
		return true;
	}

	/**
	 * Removes a user's link. Refused for an account made by Instagram sign-up
	 * that still has no email: it would have no way left to sign in.
	 *
	 * @param int $user_id The user.
	 * @return true|WP_Error Error codes: not_linked, unlink_refused.
	 */
	public function unlink( $user_id ) {
		$link = $this->link_of( $user_id );
		if ( null === $link ) {
			return new WP_Error( 'not_linked' );
		}
		$user = get_userdata( $user_id );
		if ( Iglr_Keys::LINKED_BY_SIGNUP === $link['linked_by'] && ( ! $user instanceof WP_User || '' === $user->user_email ) ) {
			return new WP_Error( 'unlink_refused' );
		}
		$this->remove_link( $user_id );
		return true;
	}

	/**
	 * Removes a user's link whatever it leaves them: for when Instagram says the
	 * person removed the app or asked for their data to be deleted.
	 *
	 * @param int $user_id The user.
	 */
	public function remove_link( $user_id ) {
		$link = $this->link_of( $user_id );
		foreach ( Iglr_Keys::user_meta() as $key ) {
			delete_user_meta( $user_id, $key );
		}
		if ( null !== $link ) {
			/**
			 * An Instagram account was unlinked from a user: by the user, because the
			 * person removed the app or asked for their data to be deleted, or because
			 * a new account gave its link up.
			 *
			 * @param int    $user_id           The user.
			 * @param string $instagram_user_id The Instagram account that was linked.
			 */
			do_action( 'iglr_unlinked', (int) $user_id, $link['instagram_user_id'] );
		}
	}

	/**
	 * Whether an account was made by Instagram sign-up and has no email: without
	 * its link, nobody can sign in to it until an administrator adds an address.
	 *
	 * @param int $user_id The user.
	 * @return bool
	 */
	public function is_instagram_only( $user_id ) {
		$user = get_userdata( $user_id );
		return $user instanceof WP_User
			&& Iglr_Keys::LINKED_BY_SIGNUP === get_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, true )
			&& '' === $user->user_email;
	}

	/**
	 * A data deletion request: resets what sign-up copied from Instagram into
	 * the account (its username, nickname and display name, each only while it
	 * is still the copied value: what the customer chose since is theirs), then
	 * removes the link. The account, its email, orders and the rest stay.
	 *
	 * @param int $user_id The user.
	 * @return string[] The profile fields reset: user_login, nickname, display_name.
	 */
	public function erase_instagram_data( $user_id ) {
		$reset = $this->reset_copied_profile( $user_id );
		$this->remove_link( $user_id );
		return $reset;
	}

	/**
	 * On an account made by Instagram sign-up, resets the profile fields still
	 * holding what sign-up copied from Instagram (username, nickname, display
	 * name) to a neutral "user-<ID>". Reads the link, so it runs before the
	 * link is removed.
	 *
	 * @param int $user_id The user.
	 * @return string[] The profile fields reset: user_login, nickname, display_name.
	 */
	public function reset_copied_profile( $user_id ) {
		$reset = array();
		$user  = get_userdata( $user_id );
		if ( $user instanceof WP_User && Iglr_Keys::LINKED_BY_SIGNUP === get_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, true ) ) {
			$copied   = get_user_meta( $user_id, Iglr_Keys::META_PROFILE_FROM_INSTAGRAM, true );
			$username = (string) get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, true );
			$login    = $user->user_login;
			$update   = array( 'ID' => $user->ID );
			if ( self::copied_from_instagram( 'user_login', $login, $copied, $username ) ) {
				$login = self::rename_login( $user );
				if ( $login !== $user->user_login ) {
					$reset[]                 = 'user_login';
					$update['user_nicename'] = sanitize_title( $login ); // Made from the login; wp_update_user keeps it unique.
				}
			}
			if ( self::copied_from_instagram( 'nickname', (string) get_user_meta( $user_id, 'nickname', true ), $copied, $username ) ) {
				$reset[]            = 'nickname';
				$update['nickname'] = $login;
			}
			if ( self::copied_from_instagram( 'display_name', $user->display_name, $copied, $username ) ) {
				$reset[]                = 'display_name';
				$update['display_name'] = $login;
			}
			if ( count( $update ) > 1 && is_wp_error( wp_update_user( $update ) ) ) {
				$reset = array_values( array_intersect( $reset, array( 'user_login' ) ) );
			}
		}
		return $reset;
	}

	/**
	 * Creates a user for an Instagram account: no email (Instagram gives none;
	 * the email step asks for one), a random password, a username from Instagram's,
	 * the role the store chose for new accounts.
	 *
	 * @param array $profile instagram.authorized data.
	 * @return WP_User|WP_Error Error code: create_failed.
	 */
	public function create_user( array $profile ) {
		$instagram = Iglr_Instagram_Profile::from_event( $profile );
		$username  = $instagram['username'];
		$userdata  = array(
			'user_login'   => self::unique_username( $username ),
			'user_pass'    => wp_generate_password( 32, true, true ),
			'user_email'   => '',
			'nickname'     => $username,
			'display_name' => '' !== $instagram['name'] ? $instagram['name'] : $username,
			'role'         => self::new_user_role(),
		);
		/**
		 * Filters the data of an account Instagram sign-in is about to create (wp_insert_user()'s).
		 *
		 * @param array $userdata  user_login, user_pass, user_email (''), nickname, display_name, role.
		 * @param array $instagram The Instagram account: instagram_user_id, username, name, account_type,
		 *                         profile_picture_url. Never a token.
		 */
		$filtered = apply_filters( 'iglr_new_user_data', $userdata, $instagram );
		$user_id  = wp_insert_user( is_array( $filtered ) ? $filtered : $userdata );
		if ( is_wp_error( $user_id ) ) {
			return new WP_Error( 'create_failed', $user_id->get_error_message() );
		}
		$this->write_link( $user_id, $profile, Iglr_Keys::LINKED_BY_SIGNUP );
		$user = get_userdata( $user_id );
		update_user_meta(
			$user_id,
			Iglr_Keys::META_PROFILE_FROM_INSTAGRAM,
			array(
				'user_login'   => Iglr_Crypto::hash( $user->user_login ),
				'nickname'     => Iglr_Crypto::hash( (string) get_user_meta( $user_id, 'nickname', true ) ),
				'display_name' => Iglr_Crypto::hash( $user->display_name ),
			)
		);
		/**
		 * A new account was created from an Instagram sign-in (it has no email address yet,
		 * unless iglr_new_user_data gave it one).
		 *
		 * @param int   $user_id   The new user.
		 * @param array $instagram The Instagram account it is linked to. Never a token.
		 */
		do_action( 'iglr_user_created', (int) $user_id, $instagram );
		return $user;
	}

	/**
	 * The role of a user created by Instagram sign-in: the one chosen in the
	 * "New accounts" settings, else WooCommerce's customer when it is there,
	 * else the site's default role if it is harmless, else subscriber
	 * (Iglr_New_Account_Settings).
	 *
	 * @return string
	 */
	public static function new_user_role() {
		return ( new Iglr_New_Account_Settings() )->new_user_role();
	}

	/**
	 * A free username made from an Instagram username: "lumen.coffee", then
	 * "lumen.coffee-2", "lumen.coffee-3"…
	 *
	 * @param string $instagram_username Instagram's username.
	 * @return string
	 */
	public static function unique_username( $instagram_username ) {
		$base = self::username_base( $instagram_username );
		if ( '' === $base ) {
			$base = 'instagram';
		}
		/** This filter is documented in wp-includes/user.php. */
		$illegal   = array_map( 'strtolower', (array) apply_filters( 'illegal_user_logins', array() ) ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter, applied as core applies it.
		$candidate = $base;
		$n         = 1;
		while ( username_exists( $candidate ) || in_array( strtolower( $candidate ), $illegal, true ) ) {
			++$n;
			$candidate = $base . '-' . $n;
		}
		return $candidate;
	}

	/**
	 * The part of a username made from an Instagram username before any "-2".
	 *
	 * @param string $instagram_username Instagram's username.
	 * @return string '' when nothing usable is left.
	 */
	private static function username_base( $instagram_username ) {
		// user_login holds 60 characters; leave room for the number.
		return substr( trim( sanitize_user( (string) $instagram_username, true ) ), 0, 50 );
	}

	/**
	 * Whether a profile field still holds what sign-up copied from Instagram.
	 *
	 * @param string $field              user_login, nickname or display_name.
	 * @param string $value              Its value now.
	 * @param mixed  $copied             META_PROFILE_FROM_INSTAGRAM: hashes of the copied values.
	 * @param string $instagram_username The linked Instagram username.
	 * @return bool
	 */
	private static function copied_from_instagram( $field, $value, $copied, $instagram_username ) {
		$value = (string) $value;
		if ( '' === $value ) {
			return false;
		}
		$copied_hash = Iglr_Payload::string( $copied, $field );
		if ( null !== $copied_hash ) {
			return hash_equals( $copied_hash, Iglr_Crypto::hash( $value ) );
		}
		// An account made before the copied values were recorded: what sign-up makes from the Instagram username.
		if ( '' === $instagram_username ) {
			return false;
		}
		if ( 'user_login' === $field ) {
			$base = self::username_base( $instagram_username );
			return '' !== $base && 1 === preg_match( '/^' . preg_quote( $base, '/' ) . '(-[0-9]+)?$/', $value );
		}
		return $value === $instagram_username;
	}

	/**
	 * Gives an account a neutral login ("user-42"). WordPress has no API that
	 * changes a login (wp_update_user() keeps it), so this writes the row and
	 * clears the user's caches, as core does after its own direct writes.
	 *
	 * @param WP_User $user The user, as loaded before.
	 * @return string The login now: the new one, or the old one when the write failed.
	 */
	private static function rename_login( WP_User $user ) {
		global $wpdb;
		$login = self::unique_username( 'user-' . $user->ID );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- no API changes user_login; the cache is cleared below.
		$updated = $wpdb->update( $wpdb->users, array( 'user_login' => $login ), array( 'ID' => $user->ID ), array( '%s' ), array( '%d' ) );
		if ( 1 !== $updated ) {
			return $user->user_login;
		}
		clean_user_cache( $user ); // The old object: its login's cache entry goes too.
		return $login;
	}

	/**
	 * Whether a user may sign in through Instagram only with a link they made.
	 *
	 * @param WP_User $user The user.
	 * @return bool
	 */
	private function is_protected( WP_User $user ) {
		foreach ( self::PROTECTED_CAPABILITIES as $capability ) {
			if ( user_can( $user, $capability ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stores a link.
	 *
	 * @param int    $user_id   The user.
	 * @param array  $profile   instagram.authorized data.
	 * @param string $linked_by LINKED_BY_SELF or LINKED_BY_SIGNUP.
	 */
	private function write_link( $user_id, array $profile, $linked_by ) {
		update_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USER_ID, (string) $profile['instagram_user_id'] );
		update_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USERNAME, sanitize_text_field( $profile['username'] ) );
		update_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, $linked_by );
		update_user_meta( $user_id, Iglr_Keys::META_LINKED_AT, time() );
		self::write_app_scoped_id( $user_id, $profile );
	}

	/**
	 * Stores the app-scoped ID instagram.authorized carries (a digit string, or
	 * null when Instagram gave none), or removes an earlier one.
	 *
	 * @param int   $user_id The user.
	 * @param array $profile instagram.authorized data.
	 */
	private static function write_app_scoped_id( $user_id, array $profile ) {
		$app_scoped_id = Iglr_Payload::string( $profile, 'app_scoped_id' ) ?? '';
		if ( preg_match( self::INSTAGRAM_ID_PATTERN, $app_scoped_id ) ) {
			update_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID, $app_scoped_id );
		} else {
			delete_user_meta( $user_id, Iglr_Keys::META_APP_SCOPED_ID );
		}
	}
}
