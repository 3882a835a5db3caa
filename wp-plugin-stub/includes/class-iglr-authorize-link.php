<?php
/**
 * The signed /authorize link.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Builds the relay's /authorize link (docs/contract.md §4.2):
 * sig = base64url(HMAC-SHA256(key, "v1\n" + store + "\n" + purpose + "\n" +
 * return_to + "\n" + state + "\n" + exp)) without padding, over the values
 * before URL encoding.
 */
final class Iglr_Authorize_Link {

	/**
	 * The signature.
	 *
	 * @param string $key    Raw store secret key.
	 * @param array  $params store, purpose, return_to, state, exp.
	 * @return string
	 */
	public static function sign( $key, array $params ) {
		$message = implode(
			"\n",
			array( 'v1', $params['store'], $params['purpose'], $params['return_to'], $params['state'], (string) $params['exp'] )
		);
		return Iglr_Crypto::base64url( hash_hmac( 'sha256', $message, $key, true ) );
	}

	/**
	 * The whole link.
	 *
	 * @param string $relay_url Relay base URL, without a trailing slash.
	 * @param string $key       Raw store secret key.
	 * @param array  $params    store, purpose, return_to, state, exp.
	 * @return string
	 */
	public static function url( $relay_url, $key, array $params ) {
		$query = array(
			'store'     => $params['store'],
			'purpose'   => $params['purpose'],
			'return_to' => $params['return_to'],
			'state'     => $params['state'],
			'exp'       => (string) $params['exp'],
			'sig'       => self::sign( $key, $params ),
		);
		return $relay_url . '/authorize?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 );
	}
}
