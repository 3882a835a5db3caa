<?php
/**
 * Copies of Instagram profile pictures in the media library.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Instagram's picture URLs are signed and expire, so the picture a linked
 * account shows as its avatar (Iglr_Avatar) is a copy in the media library:
 * one attachment per user, its ID in the user meta iglr_avatar_id, marked with
 * the post meta _iglr_picture_of (the user ID) and attached to no post.
 *
 * The copy is refreshed when the person signs in or links Instagram, and only
 * when the picture changed (Instagram gives a new picture a new file name;
 * the signed query string changes anyway) or the copy is over a day old. The
 * download has a short time limit and its failure only leaves the old copy:
 * a slow CDN never holds the sign-in up for long, nor fails it. The copy is
 * deleted when the person unlinks Instagram (or Instagram tells the store
 * they removed the app or asked for their data to be deleted) and when the
 * account is deleted.
 */
class Iglr_Profile_Pictures {

	/** Seconds the download may take: the shopper is waiting for their redirect. */
	const DOWNLOAD_TIMEOUT = 3;

	/** A copy older than this is fetched again at the next sign-in. */
	const MAX_AGE = DAY_IN_SECONDS;

	/** Instagram's profile pictures are a few dozen KB; anything much larger is not one. */
	const MAX_BYTES = 5242880;

	/** Image types kept, by MIME type, with the file extension they are saved under. */
	const IMAGE_TYPES = array(
		'image/jpeg' => 'jpg',
		'image/png'  => 'png',
		'image/webp' => 'webp',
		'image/gif'  => 'gif',
	);

	/** Post meta of the copy: the picture's URL without its query string, when and what was fetched. */
	const META_SOURCE     = '_iglr_picture_source';
	const META_FETCHED_AT = '_iglr_picture_fetched_at';
	const META_HASH       = '_iglr_picture_hash';

	/**
	 * Returns the current unix time.
	 *
	 * @var callable
	 */
	private $clock;

	/**
	 * Constructor.
	 *
	 * @param callable|null $clock Returns unix seconds; tests move it.
	 */
	public function __construct( $clock = null ) {
		$this->clock = null === $clock ? 'time' : $clock;
	}

	/**
	 * Someone signed in with Instagram (iglr_signed_in).
	 *
	 * @param WP_User $user      The user.
	 * @param array   $instagram Their Instagram account (Iglr_Instagram_Profile::from_event()).
	 */
	public function on_signed_in( $user, $instagram ) {
		if ( $user instanceof WP_User && is_array( $instagram ) ) {
			$this->refresh( $user->ID, $instagram );
		}
	}

	/**
	 * Someone linked Instagram to their account (iglr_linked).
	 *
	 * @param int   $user_id   The user.
	 * @param array $instagram Their Instagram account.
	 */
	public function on_linked( $user_id, $instagram ) {
		if ( is_array( $instagram ) ) {
			$this->refresh( (int) $user_id, $instagram );
		}
	}

	/**
	 * Keeps the user's copy of their Instagram picture current.
	 *
	 * @param int   $user_id   The user.
	 * @param array $instagram Their Instagram account: profile_picture_url, username.
	 * @return string|WP_Error 'saved' (a new copy), 'current' (the copy is up to date), 'none' (Instagram
	 *                         gave no picture); or why the picture could not be copied (the old copy stays).
	 */
	public function refresh( $user_id, array $instagram ) {
		$url = isset( $instagram['profile_picture_url'] ) ? (string) $instagram['profile_picture_url'] : '';
		if ( '' === $url ) {
			return 'none';
		}
		$now     = (int) call_user_func( $this->clock );
		$source  = self::source_of( $url );
		$current = self::attachment_of( $user_id );
		if ( 0 !== $current && get_post_meta( $current, self::META_SOURCE, true ) === $source
			&& (int) get_post_meta( $current, self::META_FETCHED_AT, true ) > $now - self::MAX_AGE ) {
			return 'current';
		}

		// A picture that cannot be fetched leaves the avatar as it was: not worth a line in the sign-in log.
		$file = $this->download( $url );
		if ( is_wp_error( $file ) ) {
			return $file;
		}
		$hash = (string) hash_file( 'sha256', $file['tmp_name'] );
		if ( 0 !== $current && get_post_meta( $current, self::META_HASH, true ) === $hash ) {
			// The same picture at a new address, or fetched again after a day: the copy stays.
			wp_delete_file( $file['tmp_name'] );
			update_post_meta( $current, self::META_SOURCE, $source );
			update_post_meta( $current, self::META_FETCHED_AT, $now );
			return 'current';
		}

		$attachment_id = media_handle_sideload(
			$file,
			0, // Attached to no post: it is nobody's content.
			'',
			array(
				'post_author'  => $user_id,
				'post_title'   => __( 'Instagram profile picture', 'ig-login-relay' ),
				'post_content' => __( "A copy of a customer's Instagram profile picture, kept by Instagram Login Relay for their avatar. It is deleted when they unlink Instagram.", 'ig-login-relay' ),
			)
		);
		if ( is_wp_error( $attachment_id ) ) {
			wp_delete_file( $file['tmp_name'] );
			return $attachment_id;
		}
		update_post_meta( $attachment_id, Iglr_Keys::POST_META_PICTURE_OF, (int) $user_id );
		update_post_meta( $attachment_id, self::META_SOURCE, $source );
		update_post_meta( $attachment_id, self::META_FETCHED_AT, $now );
		update_post_meta( $attachment_id, self::META_HASH, $hash );
		update_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID, $attachment_id );
		if ( 0 !== $current ) {
			wp_delete_attachment( $current, true );
		}
		return 'saved';
	}

	/**
	 * Deletes a user's copies (iglr_unlinked, delete_user): attachment, files and the user meta.
	 *
	 * @param int $user_id The user.
	 * @return int Attachments deleted.
	 */
	public function delete_copies( $user_id ) {
		$deleted = 0;
		foreach ( self::copies_of( (int) $user_id ) as $attachment_id ) {
			if ( wp_delete_attachment( $attachment_id, true ) ) {
				++$deleted;
			}
		}
		delete_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID );
		return $deleted;
	}

	/**
	 * The copy a user's avatar shows, checked: an attachment marked as that user's picture.
	 *
	 * @param int $user_id The user.
	 * @return int Attachment ID, or 0.
	 */
	public static function attachment_of( $user_id ) {
		$attachment_id = (int) get_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID, true );
		if ( $attachment_id < 1 || 'attachment' !== get_post_type( $attachment_id ) ) {
			return 0;
		}
		return (int) get_post_meta( $attachment_id, Iglr_Keys::POST_META_PICTURE_OF, true ) === (int) $user_id ? $attachment_id : 0;
	}

	/**
	 * Every attachment marked as a user's Instagram picture (normally one).
	 *
	 * @param int $user_id The user.
	 * @return int[]
	 */
	public static function copies_of( $user_id ) {
		return array_map(
			'intval',
			get_posts(
				array(
					'post_type'   => 'attachment',
					'post_status' => 'any',
					'meta_key'    => Iglr_Keys::POST_META_PICTURE_OF, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- on unlink and account deletion only.
					'meta_value'  => (string) (int) $user_id, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
					'fields'      => 'ids',
					'numberposts' => -1,
				)
			)
		);
	}

	/**
	 * Leaves the plugin's copies out of the media library's pickers and the
	 * public media REST route (ajax_query_attachments_args, rest_attachment_query):
	 * a customer's picture is never placed in a post or page.
	 *
	 * @param array $query WP_Query arguments.
	 * @return array
	 */
	public static function exclude_from_media_queries( $query ) {
		if ( ! is_array( $query ) ) {
			return $query;
		}
		$exclusion = array(
			'key'     => Iglr_Keys::POST_META_PICTURE_OF,
			'compare' => 'NOT EXISTS',
		);
		// phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one indexed LEFT JOIN on media queries.
		$query['meta_query'] = isset( $query['meta_query'] ) && is_array( $query['meta_query'] ) ? array( $query['meta_query'], $exclusion ) : array( $exclusion );
		return $query;
	}

	/**
	 * Downloads a picture to a temporary file, checked to be a small image.
	 *
	 * @param string $url The picture.
	 * @return array|WP_Error name, tmp_name (for media_handle_sideload()); error codes: download_url()'s, not_an_image, too_large.
	 */
	private function download( $url ) {
		require_once ABSPATH . 'wp-admin/includes/file.php';
		require_once ABSPATH . 'wp-admin/includes/media.php';
		require_once ABSPATH . 'wp-admin/includes/image.php';
		$tmp = download_url( $url, self::DOWNLOAD_TIMEOUT );
		if ( is_wp_error( $tmp ) ) {
			return $tmp;
		}
		$size = (int) filesize( $tmp );
		$mime = $size > 0 && $size <= self::MAX_BYTES ? wp_get_image_mime( $tmp ) : false;
		if ( ! is_string( $mime ) || ! isset( self::IMAGE_TYPES[ $mime ] ) ) {
			wp_delete_file( $tmp );
			return new WP_Error( $size > self::MAX_BYTES ? 'too_large' : 'not_an_image' );
		}
		// A name without the person's handle: files in uploads are public.
		return array(
			'name'     => 'instagram-profile-picture.' . self::IMAGE_TYPES[ $mime ],
			'tmp_name' => $tmp,
		);
	}

	/**
	 * What identifies a picture: its URL without the signed, expiring query string.
	 *
	 * @param string $url Picture URL.
	 * @return string
	 */
	private static function source_of( $url ) {
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || ! isset( $parts['host'] ) ) {
			return $url;
		}
		$port = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		return ( isset( $parts['scheme'] ) ? $parts['scheme'] : 'https' ) . '://' . $parts['host'] . $port . ( isset( $parts['path'] ) ? $parts['path'] : '/' );
	}
}
