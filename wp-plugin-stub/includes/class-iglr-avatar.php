<?php
/**
 * The Instagram picture as the WordPress and WooCommerce avatar.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Everywhere WordPress asks for a user's avatar (the admin bar, the Users
 * list, comments, WooCommerce's account pages), a user with a copy of their
 * Instagram picture (Iglr_Profile_Pictures) gets that copy, from this site's
 * uploads, in the size asked for. Everyone else keeps what the site shows
 * today (Gravatar or the default picture).
 */
final class Iglr_Avatar {

	/**
	 * The avatar's URL (pre_get_avatar_data): WordPress then skips Gravatar.
	 *
	 * @param array $args        get_avatar_data() arguments (size, force_default and others).
	 * @param mixed $id_or_email A user ID, WP_User, WP_Post, WP_Comment or email address.
	 * @return array
	 */
	public static function avatar_data( $args, $id_or_email ) {
		if ( ! is_array( $args ) || ! empty( $args['force_default'] ) ) {
			return $args;
		}
		$url = self::local_url( self::user_id_of( $id_or_email ), isset( $args['size'] ) ? (int) $args['size'] : 96 );
		if ( '' !== $url ) {
			$args['url']          = $url;
			$args['found_avatar'] = true;
		}
		return $args;
	}

	/**
	 * Says where the picture on the profile page comes from (user_profile_picture_description),
	 * where WordPress would send the user to Gravatar to change it.
	 *
	 * @param string  $description The description.
	 * @param WP_User $user        The profile's user.
	 * @return string
	 */
	public static function profile_picture_description( $description, $user ) {
		if ( ! $user instanceof WP_User || 0 === Iglr_Profile_Pictures::attachment_of( $user->ID ) ) {
			return $description;
		}
		return esc_html__( 'Your Instagram profile picture. It follows your picture on Instagram each time you sign in with it, and goes when you unlink Instagram.', 'ig-login-relay' );
	}

	/**
	 * The user's copy of their Instagram picture in the size closest to a square of `$size` pixels.
	 *
	 * @param int $user_id The user.
	 * @param int $size    Pixels.
	 * @return string '' when the user has no copy.
	 */
	public static function local_url( $user_id, $size ) {
		$attachment_id = $user_id > 0 ? Iglr_Profile_Pictures::attachment_of( $user_id ) : 0;
		if ( 0 === $attachment_id ) {
			return '';
		}
		$size  = max( 1, (int) $size );
		$image = wp_get_attachment_image_src( $attachment_id, array( $size, $size ) );
		return is_array( $image ) ? (string) $image[0] : '';
	}

	/**
	 * The user an avatar is asked for, as get_avatar_data() finds them.
	 *
	 * @param mixed $id_or_email A user ID, WP_User, WP_Post, WP_Comment or email address.
	 * @return int 0 when it is not a user of this site.
	 */
	private static function user_id_of( $id_or_email ) {
		if ( is_numeric( $id_or_email ) ) {
			return absint( $id_or_email );
		}
		if ( $id_or_email instanceof WP_User ) {
			return (int) $id_or_email->ID;
		}
		if ( $id_or_email instanceof WP_Post ) {
			return (int) $id_or_email->post_author;
		}
		if ( $id_or_email instanceof WP_Comment ) {
			return (int) $id_or_email->user_id;
		}
		if ( is_string( $id_or_email ) && is_email( $id_or_email ) ) {
			$user = get_user_by( 'email', $id_or_email );
			return $user instanceof WP_User ? (int) $user->ID : 0;
		}
		return 0;
	}
}
