<?php
/**
 * Calls to the relay.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The relay's readiness check and its store API (docs/contract.md §9), every store API
 * call signed with the store secret. Redirects are never followed: the
 * signature covers one exact path.
 */
class Iglr_Relay_Client {

	/** Seconds for store API calls: the settings page waits for them. */
	const TIMEOUT = 5;

	/** The connection test makes the relay call Instagram (10 s timeout there), so it may take longer. */
	const INSTAGRAM_TEST_TIMEOUT = 15;

	/** Seconds for /readyz: a shopper is waiting on the button. */
	const READY_TIMEOUT = 3;

	/** Seconds for claiming a sign-in: a shopper is waiting on the page they came back to. */
	const CLAIM_TIMEOUT = 8;

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings $settings Settings.
	 */
	public function __construct( Iglr_Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Whether the relay answers GET /readyz with 200.
	 *
	 * @return bool
	 */
	public function is_ready() {
		$relay_url = $this->settings->relay_url();
		if ( '' === $relay_url ) {
			return false;
		}
		$response = wp_remote_get(
			$relay_url . '/readyz',
			array(
				'timeout'     => self::READY_TIMEOUT,
				'redirection' => 0,
			)
		);
		return ! is_wp_error( $response ) && 200 === (int) wp_remote_retrieve_response_code( $response );
	}

	/**
	 * GET /v1/store: settings (redirect_uri…), deliveries, recent failures.
	 *
	 * @return array|WP_Error
	 */
	public function get_store() {
		return $this->request( 'GET', '/v1/store', null, self::TIMEOUT );
	}

	/**
	 * PUT /v1/store/instagram.
	 *
	 * @param array $fields Any of app_id, app_secret, api, scopes.
	 * @return array|WP_Error The store as the relay now holds it.
	 */
	public function put_instagram( array $fields ) {
		return $this->request( 'PUT', '/v1/store/instagram', $fields, self::TIMEOUT );
	}

	/**
	 * POST /v1/store/instagram/test.
	 *
	 * @return array|WP_Error {"instagram":{"status","message"}}
	 */
	public function test_instagram() {
		return $this->request( 'POST', '/v1/store/instagram/test', null, self::INSTAGRAM_TEST_TIMEOUT );
	}

	/**
	 * PUT /v1/store/login-delivery: "webhook" (the relay holds the shopper's browser
	 * until this site accepts the webhook) or "claim" (the browser comes back as soon
	 * as the event is queued, and this site claims it if the webhook has not arrived).
	 *
	 * @param string $mode webhook or claim.
	 * @return array|WP_Error The store as the relay now holds it.
	 */
	public function put_login_delivery( $mode ) {
		return $this->request( 'PUT', '/v1/store/login-delivery', array( 'login_delivery' => (string) $mode ), self::TIMEOUT );
	}

	/**
	 * POST /v1/store/login-claims: the instagram.authorized event of a sign-in, as
	 * its webhook would carry it. A refusal is a WP_Error coded iglr_relay_ + the
	 * relay's code (login_not_found, login_expired, login_already_delivered, …).
	 *
	 * @param string $login_id The sign-in's login id (lgn_…).
	 * @return array|WP_Error webhook_id, webhook_timestamp, webhook_signature, body.
	 */
	public function claim_login( $login_id ) {
		return $this->request( 'POST', '/v1/store/login-claims', array( 'login_id' => (string) $login_id ), self::CLAIM_TIMEOUT );
	}

	/**
	 * GET /v1/store/sign-ins?days=N: this store's sign-ins per UTC day, by outcome.
	 *
	 * @param int $days 1–90 days, ending today; other values are brought within.
	 * @return array|WP_Error {"days":[{"date","delivered","access_denied","not_professional","not_tester","failed"}, …]}, oldest first.
	 */
	public function get_sign_ins( $days ) {
		$days = max( 1, min( 90, (int) $days ) );
		return $this->request( 'GET', '/v1/store/sign-ins?days=' . $days, null, self::TIMEOUT );
	}

	/**
	 * One signed request.
	 *
	 * @param string     $method  HTTP method.
	 * @param string     $path    Path relative to the relay URL.
	 * @param array|null $payload JSON body, or null for none.
	 * @param int        $timeout Seconds.
	 * @return array|WP_Error Decoded JSON answer.
	 */
	private function request( $method, $path, $payload, $timeout ) {
		$relay_url = $this->settings->relay_url();
		$store_id  = $this->settings->store_id();
		$key       = $this->settings->store_key();
		if ( '' === $relay_url || '' === $store_id || null === $key ) {
			return new WP_Error( 'iglr_not_configured', __( 'Enter the relay URL, store ID and store secret first.', 'ig-login-relay' ) );
		}
		// A POST without input still sends a JSON body: WordPress's HTTP library would label an
		// empty one as a form, which a JSON API refuses (415). GET sends nothing.
		if ( null === $payload ) {
			$body = 'GET' === $method ? '' : '{}';
		} else {
			$body = (string) wp_json_encode( $payload );
		}
		$headers = Iglr_Store_Request_Signer::headers( $key, $store_id, Iglr_Crypto::random_token( 24 ), time(), $method, $path, $body );

		$headers['accept'] = 'application/json';
		if ( '' !== $body ) {
			$headers['content-type'] = 'application/json';
		}
		$response = wp_remote_request(
			$relay_url . $path,
			array(
				'method'      => $method,
				'headers'     => $headers,
				'body'        => $body,
				'timeout'     => $timeout,
				'redirection' => 0,
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error(
				'iglr_unreachable',
				/* translators: %s: the HTTP library's error message. */
				sprintf( __( 'The relay could not be reached: %s', 'ig-login-relay' ), $response->get_error_message() )
			);
		}
		$status  = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( wp_remote_retrieve_body( $response ), true );
		if ( 200 === $status && is_array( $decoded ) ) {
			return $decoded;
		}
		$code = Iglr_Payload::string( $decoded, 'code' ) ?? '';
		return new WP_Error( 'iglr_relay_' . ( '' === $code ? 'http_' . $status : $code ), self::refusal_message( $status, $code, $decoded ), array( 'status' => $status ) );
	}

	/**
	 * What to tell the admin about a refusal.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $code    The relay's error code.
	 * @param mixed  $decoded The decoded answer.
	 * @return string
	 */
	private static function refusal_message( $status, $code, $decoded ) {
		if ( 'store_auth_failed' === $code ) {
			return __( 'The relay did not accept the store ID and store secret. Check both against what the relay operator gave you.', 'ig-login-relay' );
		}
		if ( 'request_stale' === $code ) {
			return __( "The relay refused the request because this server's clock is more than 5 minutes off. Fix the server time.", 'ig-login-relay' );
		}
		$detail = Iglr_Payload::string( $decoded, 'message' ) ?? '';
		if ( '' === $code ) {
			/* translators: %d: HTTP status code. */
			return sprintf( __( 'The relay answered with HTTP status %d.', 'ig-login-relay' ), $status );
		}
		/* translators: 1: HTTP status code, 2: the relay's error code, 3: the relay's explanation (English). */
		return sprintf( __( 'The relay refused the request (HTTP %1$d, %2$s): %3$s', 'ig-login-relay' ), $status, $code, $detail );
	}
}
