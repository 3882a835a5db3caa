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
	 * The Instagram account linked to a user.
	 *
	 * @param int $user_id User.
	 * @return array|null instagram_user_id, username, linked_by, linked_at; null when not linked.
	 */
	public function link_of( $user_id ) {
		$instagram_user_id = (string) get_user_meta( $user_id, Iglr_Keys::META_INSTAGRAM_USER_ID, true );
		if ( ! preg_match( self::INSTAGRAM_ID_PATTERN, $instagram_user_id ) ) {
			return null;
		}
		return array(
			'instagram_user_id' => $instagram_user_id,
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
		foreach ( Iglr_Keys::user_meta() as $key ) {
			delete_user_meta( $user_id, $key );
		}
		return true;
	}

	/**
	 * Creates a user for an Instagram account: no email (Instagram gives none;
	 * My Account asks for one), a random password, a username from Instagram's.
	 *
	 * @param array $profile instagram.authorized data.
	 * @return WP_User|WP_Error Error code: create_failed.
	 */
	public function create_user( array $profile ) {
		$username = sanitize_text_field( $profile['username'] );
		$name     = isset( $profile['name'] ) && is_string( $profile['name'] ) ? sanitize_text_field( $profile['name'] ) : '';
		$user_id  = wp_insert_user(
			array(
				'user_login'   => self::unique_username( $username ),
				'user_pass'    => wp_generate_password( 32, true, true ),
				'user_email'   => '',
				'nickname'     => $username,
				'display_name' => '' !== $name ? $name : $username,
				'role'         => self::new_user_role(),
			)
		);
		if ( is_wp_error( $user_id ) ) {
			return new WP_Error( 'create_failed', $user_id->get_error_message() );
		}
		$this->write_link( $user_id, $profile, Iglr_Keys::LINKED_BY_SIGNUP );
		return get_userdata( $user_id );
	}

	/**
	 * The role of a user created by Instagram sign-in: WooCommerce's customer
	 * when it is there, else the site's default role.
	 *
	 * @return string
	 */
	public static function new_user_role() {
		if ( Iglr_Plugin::woocommerce_active() && null !== get_role( 'customer' ) ) {
			return 'customer';
		}
		return (string) get_option( 'default_role', 'subscriber' );
	}

	/**
	 * A free username made from an Instagram username: "lumen.coffee", then
	 * "lumen.coffee-2", "lumen.coffee-3"…
	 *
	 * @param string $instagram_username Instagram's username.
	 * @return string
	 */
	public static function unique_username( $instagram_username ) {
		$base = trim( sanitize_user( (string) $instagram_username, true ) );
		if ( '' === $base ) {
			$base = 'instagram';
		}
		$base = substr( $base, 0, 50 ); // user_login holds 60 characters; leave room for the number.
		/** This filter is documented in wp-includes/user.php. */
		$illegal   = array_map( 'strtolower', (array) apply_filters( 'illegal_user_logins', array() ) );
		$candidate = $base;
		for ( $n = 2; username_exists( $candidate ) || in_array( strtolower( $candidate ), $illegal, true ); $n++ ) {
			$candidate = $base . '-' . $n;
		}
		return $candidate;
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
	}
}
