<?php
/**
 * Signing of store API requests.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The headers that authenticate a call to the relay's store API (docs/contract.md §9.1):
 * igr-signature = "v1," + base64 HMAC-SHA256(key, "v1\n" + store + "\n" +
 * request id + "\n" + timestamp + "\n" + METHOD + "\n" + path + "\n" + body).
 * The request id makes each request single-use; no secret goes in the URL.
 */
final class Iglr_Store_Request_Signer {

	/**
	 * The four igr-* headers.
	 *
	 * @param string $key        Raw store secret key.
	 * @param string $store      Store ID.
	 * @param string $request_id 16–128 characters of [A-Za-z0-9_-], never reused.
	 * @param int    $timestamp  Unix seconds.
	 * @param string $method     HTTP method.
	 * @param string $path       Path and query relative to the relay URL, e.g. /v1/store.
	 * @param string $body       The exact body ('' for GET).
	 * @return array<string,string>
	 */
	public static function headers( $key, $store, $request_id, $timestamp, $method, $path, $body ) {
		$message = implode(
			"\n",
			array( 'v1', $store, $request_id, (string) $timestamp, strtoupper( $method ), $path, $body )
		);
		return array(
			'igr-store'      => $store,
			'igr-request-id' => $request_id,
			'igr-timestamp'  => (string) $timestamp,
			'igr-signature'  => 'v1,' . base64_encode( hash_hmac( 'sha256', $message, $key, true ) ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the signature's format.
		);
	}
}
