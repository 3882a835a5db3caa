<?php
/**
 * The Instagram API generations and their scopes.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the settings page offers and sends to the relay (the relay checks
 * the same rules). Meta switched off Basic Display on 2024-12-04 and retired
 * the scope names without "instagram_" on 2025-01-27.
 */
final class Iglr_Instagram_Api {

	const INSTAGRAM_LOGIN = 'instagram-login';
	const BASIC_DISPLAY   = 'basic-display';

	/**
	 * Scopes each generation allows; the first is required.
	 *
	 * @return array<string,string[]>
	 */
	public static function scopes() {
		return array(
			self::INSTAGRAM_LOGIN => array(
				'instagram_business_basic',
				'instagram_business_content_publish',
				'instagram_business_manage_comments',
				'instagram_business_manage_messages',
				'instagram_business_manage_insights',
			),
			self::BASIC_DISPLAY   => array( 'user_profile', 'user_media' ),
		);
	}

	/**
	 * Labels for the settings page.
	 *
	 * @return array<string,string>
	 */
	public static function labels() {
		return array(
			self::INSTAGRAM_LOGIN => __( 'Instagram API with Instagram Login (Business and Creator accounts)', 'ig-login-relay' ),
			self::BASIC_DISPLAY   => __( 'Basic Display: switched off by Meta on 2024-12-04, every sign-in fails', 'ig-login-relay' ),
		);
	}

	/**
	 * A known generation, else the default.
	 *
	 * @param mixed $api Candidate.
	 * @return string
	 */
	public static function clean_api( $api ) {
		return is_string( $api ) && array_key_exists( $api, self::scopes() ) ? $api : self::INSTAGRAM_LOGIN;
	}

	/**
	 * The scopes of a generation out of a list, the required one always included.
	 *
	 * @param string $api    Generation.
	 * @param mixed  $scopes Candidates.
	 * @return string[]
	 */
	public static function clean_scopes( $api, $scopes ) {
		$allowed = self::scopes()[ self::clean_api( $api ) ];
		$chosen  = array_values( array_intersect( $allowed, is_array( $scopes ) ? $scopes : array() ) );
		return array_values( array_unique( array_merge( array( $allowed[0] ), $chosen ) ) );
	}
}
