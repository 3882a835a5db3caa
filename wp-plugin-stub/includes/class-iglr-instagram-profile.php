<?php
/**
 * What the plugin tells other code about an Instagram account.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The public part of an Instagram account, as the plugin's actions
 * (iglr_signed_in, iglr_user_created, iglr_linked) and the iglr_new_user_data
 * filter pass it: never the access token, nor anything else the event holds.
 */
final class Iglr_Instagram_Profile {

	/**
	 * The five public fields of instagram.authorized data (or of a link offer),
	 * each a string: '' where Instagram gave nothing.
	 *
	 * @param array $data Event data: instagram_user_id, username, name, account_type, profile_picture_url.
	 * @return array{instagram_user_id:string,username:string,name:string,account_type:string,profile_picture_url:string}
	 */
	public static function from_event( array $data ) {
		$text = function ( $field ) use ( $data ) {
			$value = Iglr_Payload::string( $data, $field );
			return null === $value ? '' : sanitize_text_field( $value );
		};
		return array(
			'instagram_user_id'   => isset( $data['instagram_user_id'] ) ? (string) $data['instagram_user_id'] : '',
			'username'            => $text( 'username' ),
			'name'                => $text( 'name' ),
			'account_type'        => $text( 'account_type' ),
			'profile_picture_url' => esc_url_raw( Iglr_Payload::string( $data, 'profile_picture_url' ) ?? '', array( 'https', 'http' ) ),
		);
	}
}
