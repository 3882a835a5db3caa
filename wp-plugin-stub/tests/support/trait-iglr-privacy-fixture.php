<?php
/**
 * A shopper about whom the plugin keeps every kind of data.
 *
 * @package ig-login-relay
 */

/**
 * For the privacy tools' tests: a shopper made by Instagram sign-up who has
 * since added an email, with a link, a link offer, a profile picture copied
 * from Instagram, the store's own account connected, and delivery log lines
 * naming them among lines naming others.
 */
trait Iglr_Privacy_Fixture {

	/**
	 * Makes the shopper.
	 *
	 * @param string $email Their email address.
	 * @return array user_id, avatar_id, avatar_file, offer_expires_at.
	 */
	protected static function signed_up_shopper( $email ) {
		$user = ( new Iglr_User_Links() )->create_user(
			self::authorized_data(
				array(
					'username' => 'ada.lovelace',
					'name'     => 'Ada Lovelace',
				)
			)
		);
		wp_update_user(
			array(
				'ID'         => $user->ID,
				'user_email' => $email,
			)
		);
		$offer_expires_at = time() + 600;
		update_user_meta(
			$user->ID,
			Iglr_Keys::META_LINK_OFFER,
			array(
				'instagram_user_id' => '17841400000000099',
				'app_scoped_id'     => '27640000000000099',
				'username'          => 'ada.second',
				'expires_at'        => $offer_expires_at,
			)
		);

		// The media library copy of the Instagram picture, as sign-in makes it: a real file.
		$uploads = wp_upload_dir();
		$file    = $uploads['path'] . '/instagram-' . $user->ID . '-' . wp_generate_password( 8, false ) . '.jpg';
		file_put_contents( $file, 'not really a JPEG' ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		$avatar_id = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/jpeg',
				'post_title'     => 'Instagram picture of @ada.lovelace',
				'post_status'    => 'inherit',
				'post_author'    => $user->ID,
			),
			$file
		);
		update_user_meta( $user->ID, Iglr_Personal_Data::META_AVATAR_ID, $avatar_id );

		( new Iglr_Store_Account() )->connect(
			self::authorized_data(
				array(
					'instagram_user_id' => '17841400000000001',
					'username'          => 'lumen.coffee',
				)
			),
			$user->ID
		);

		$log = new Iglr_Delivery_Log();
		$log->add( 'relay_ready', array( 'detail' => 'GET /readyz' ) );
		$log->add( 'signed_in', array( 'detail' => 'user #' . $user->ID . ' @ada.lovelace' ) );
		// Someone else: another user number that starts with this one's, another handle that starts with theirs.
		$log->add( 'signed_in', array( 'detail' => 'user #' . $user->ID . '1 @ada.lovelace.two' ) );
		$log->add( 'linked', array( 'detail' => 'user #' . $user->ID . ' @ada.second' ) );

		return array(
			'user_id'          => $user->ID,
			'avatar_id'        => $avatar_id,
			'avatar_file'      => $file,
			'offer_expires_at' => $offer_expires_at,
		);
	}
}
