<?php
/**
 * Base of the plugin's tests.
 *
 * @package ig-login-relay
 */

use PHPUnit\Framework\TestCase;

/**
 * Each test runs in a transaction that is rolled back, with WordPress's
 * hooks restored afterwards, and a fake relay answering every HTTP call
 * (nothing leaves the machine).
 */
abstract class Iglr_Test_Case extends TestCase {

	const RELAY_URL = 'http://relay.test';
	const STORE_ID  = 'shop-1';
	/** whsec_ + base64 of 32 bytes 0x01…0x20. */
	const STORE_SECRET = 'whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=';
	const INSTAGRAM_USER_ID = '17841400774391235';

	/**
	 * Requests the fake relay received: method, url, path, headers, body.
	 *
	 * @var array[]
	 */
	protected $relay_requests = array();

	/**
	 * Fake relay answers: "METHOD /path" => array( status, body array ).
	 *
	 * @var array
	 */
	protected $relay_routes = array();

	/**
	 * Hooks before the test.
	 *
	 * @var WP_Hook[]
	 */
	private $hooks_backup = array();

	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		foreach ( $GLOBALS['wp_filter'] as $name => $hook ) {
			$this->hooks_backup[ $name ] = clone $hook;
		}
		$wpdb->query( 'SET autocommit = 0' );
		$wpdb->query( 'START TRANSACTION' );
		wp_cache_flush();
		add_filter( 'pre_http_request', array( $this, 'fake_relay' ), 10, 3 );
		// Plain WordPress unless a test says otherwise: the provisioned site runs WooCommerce.
		$this->woocommerce( false );
		$_GET     = array();
		$_POST    = array();
		$_REQUEST = array();
		$_COOKIE  = array();
		wp_set_current_user( 0 );
	}

	protected function tearDown(): void {
		global $wpdb;
		$wpdb->query( 'ROLLBACK' );
		$GLOBALS['wp_filter'] = $this->hooks_backup;
		wp_cache_flush();
		wp_roles()->for_site(); // Roles a test added are gone from the database; forget them in memory too.
		$GLOBALS['wp_settings_errors'] = array();
		wp_set_current_user( 0 );
		$_GET    = array();
		$_COOKIE = array();
		parent::tearDown();
	}

	/**
	 * Makes the plugin see WooCommerce as active or not.
	 *
	 * @param bool $active Whether it is.
	 */
	protected function woocommerce( $active ) {
		remove_all_filters( 'iglr_woocommerce_active' );
		add_filter( 'iglr_woocommerce_active', $active ? '__return_true' : '__return_false' );
	}

	/**
	 * Sets the relay connection.
	 *
	 * @param string $secret Store secret.
	 */
	protected function configure( $secret = self::STORE_SECRET ) {
		update_option(
			Iglr_Keys::OPTION_SETTINGS,
			array(
				'relay_url'    => self::RELAY_URL,
				'store_id'     => self::STORE_ID,
				'store_secret' => Iglr_Crypto::encrypt( $secret, Iglr_Settings::SECRET_CONTEXT ),
			)
		);
	}

	/**
	 * A fake relay answer.
	 *
	 * @param string $route  "METHOD /path".
	 * @param int    $status HTTP status.
	 * @param array  $body   JSON body.
	 */
	protected function relay_answers( $route, $status, array $body = array() ) {
		$this->relay_routes[ $route ] = array( $status, $body );
	}

	/**
	 * The fake relay (pre_http_request): answers from relay_routes, else fails like an unreachable host.
	 *
	 * @param false|array $pre  Short-circuit value.
	 * @param array       $args Request arguments.
	 * @param string      $url  URL.
	 * @return array|WP_Error
	 */
	public function fake_relay( $pre, $args, $url ) {
		$path = 0 === strpos( $url, self::RELAY_URL ) ? substr( $url, strlen( self::RELAY_URL ) ) : $url;
		$this->relay_requests[] = array(
			'method'  => $args['method'],
			'url'     => $url,
			'path'    => $path,
			'headers' => $args['headers'],
			'body'    => $args['body'],
			'args'    => $args,
		);
		$route = $args['method'] . ' ' . $path;
		if ( ! isset( $this->relay_routes[ $route ] ) ) {
			return new WP_Error( 'http_request_failed', 'cURL error 7: Failed to connect' );
		}
		list( $status, $body ) = $this->relay_routes[ $route ];
		return array(
			'headers'  => array( 'content-type' => 'application/json' ),
			'body'     => wp_json_encode( $body ),
			'response' => array(
				'code'    => $status,
				'message' => '',
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/**
	 * Standard Webhooks headers, as the relay sends them.
	 *
	 * @param string $id        webhook-id.
	 * @param int    $timestamp Unix seconds.
	 * @param string $body      Raw body.
	 * @param string $secret    Store secret.
	 * @return array<string,string>
	 */
	protected static function webhook_headers( $id, $timestamp, $body, $secret = self::STORE_SECRET ) {
		$key = Iglr_Store_Secret::key( $secret );
		return array(
			'webhook-id'        => $id,
			'webhook-timestamp' => (string) $timestamp,
			'webhook-signature' => 'v1,' . base64_encode( hash_hmac( 'sha256', $id . '.' . $timestamp . '.' . $body, $key, true ) ),
		);
	}

	/**
	 * POSTs a webhook to the real REST route.
	 *
	 * @param string $body    Raw body.
	 * @param array  $headers Headers.
	 * @return WP_REST_Response
	 */
	protected static function post_webhook( $body, array $headers ) {
		$request = new WP_REST_Request( 'POST', '/' . Iglr_Keys::REST_NAMESPACE . Iglr_Keys::REST_WEBHOOK_ROUTE );
		$request->set_header( 'content-type', 'application/json' );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		$request->set_body( $body );
		return rest_do_request( $request );
	}

	/**
	 * Delivers a correctly signed event now.
	 *
	 * @param string $type Event type.
	 * @param array  $data Event data.
	 * @param string $id   webhook-id.
	 * @return WP_REST_Response
	 */
	protected static function deliver( $type, array $data, $id ) {
		$body = (string) wp_json_encode(
			array(
				'type'      => $type,
				'timestamp' => gmdate( 'c' ),
				'data'      => $data,
			)
		);
		return self::post_webhook( $body, self::webhook_headers( $id, time(), $body ) );
	}

	/**
	 * instagram.authorized data as the relay sends it.
	 *
	 * @param array $overrides Fields to change.
	 * @return array
	 */
	protected static function authorized_data( array $overrides = array() ) {
		return array_merge(
			array(
				'login_id'            => 'lgn_' . Iglr_Crypto::random_token( 24 ),
				'store'               => self::STORE_ID,
				'purpose'             => 'login',
				'state'               => Iglr_Crypto::random_token( 32 ),
				'instagram_user_id'   => self::INSTAGRAM_USER_ID,
				'app_scoped_id'       => '27640875392278831',
				'username'            => 'lumen.coffee',
				'account_type'        => 'Business',
				'name'                => 'Lumen Coffee Roasters',
				'profile_picture_url' => null,
				'access_token'        => 'IGAA' . Iglr_Crypto::random_token( 40 ),
				'token_type'          => 'bearer',
				'expires_at'          => '2027-01-28T20:38:45.675Z',
				'scopes'              => array( 'instagram_business_basic' ),
				'api'                 => 'instagram-login',
			),
			$overrides
		);
	}

	/**
	 * ?iglr=return's handler, built as the plugin builds it.
	 *
	 * @param Iglr_Browser $browser The browser it answers.
	 * @param array        $options clock: returns unix seconds for the record of claims (default: time).
	 * @return Iglr_Sign_In_Return
	 */
	protected static function sign_in_return( Iglr_Browser $browser, array $options = array() ) {
		$clock    = isset( $options['clock'] ) ? $options['clock'] : null;
		$settings = new Iglr_Settings();
		$events   = new Iglr_Received_Events();
		$log      = new Iglr_Delivery_Log();
		$claim    = new Iglr_Login_Claim( new Iglr_Relay_Client( $settings ), new Iglr_Event_Intake( $settings, $events, $log ), new Iglr_Webhook_Reachability( $clock ) );
		return new Iglr_Sign_In_Return( new Iglr_Pending_Sign_Ins(), $events, $claim, new Iglr_User_Links(), new Iglr_Link_Offers( new Iglr_User_Links() ), new Iglr_Store_Account(), $log, $browser );
	}

	/**
	 * A user with a role.
	 *
	 * @param string $role  Role.
	 * @param string $login user_login.
	 * @return int
	 */
	protected static function make_user( $role, $login ) {
		return (int) wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => 'x-' . $login,
				'user_email' => $login . '@example.com',
				'role'       => $role,
			)
		);
	}

	/**
	 * Rows of a plugin table.
	 *
	 * @param string $table Iglr_Keys::TABLE_*.
	 * @return array[]
	 */
	protected static function rows( $table ) {
		global $wpdb;
		return $wpdb->get_results( 'SELECT * FROM ' . Iglr_Keys::table( $table ), ARRAY_A ); // phpcs:ignore WordPress.DB
	}
}
