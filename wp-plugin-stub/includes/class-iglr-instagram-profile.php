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
		$text    = function ( $field ) use ( $data ) {
			return isset( $data[ $field ] ) && is_string( $data[ $field ] ) ? sanitize_text_field( $data[ $field ] ) : '';
		};
		$picture = isset( $data['profile_picture_url'] ) && is_string( $data['profile_picture_url'] ) ? esc_url_raw( $data['profile_picture_url'], array( 'https', 'http' ) ) : '';
		return array(
			'instagram_user_id'   => isset( $data['instagram_user_id'] ) ? (string) $data['instagram_user_id'] : '',
			'username'            => $text( 'username' ),
			'name'                => $text( 'name' ),
			'account_type'        => $text( 'account_type' ),
			'profile_picture_url' => $picture,
		);
	}
}
