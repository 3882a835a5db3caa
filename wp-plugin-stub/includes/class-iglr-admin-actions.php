<?php
/**
 * The settings page's buttons.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The settings page's admin-post.php handlers: send the Instagram app to the relay, test the
 * connection, connect or disconnect the store's own account. Each checks
 * manage_options and its nonce, then redirects back to the settings page,
 * where the outcome is shown once (a per-user transient).
 */
class Iglr_Admin_Actions {

	/**
	 * Relay client.
	 *
	 * @var Iglr_Relay_Client
	 */
	private $relay;

	/**
	 * The store's own account.
	 *
	 * @var Iglr_Store_Account
	 */
	private $account;

	/**
	 * Sign-in start.
	 *
	 * @var Iglr_Sign_In_Start
	 */
	private $start;

	/**
	 * Relay health.
	 *
	 * @var Iglr_Relay_Health
	 */
	private $health;

	/**
	 * Keeps the store in the relay's claim mode.
	 *
	 * @var Iglr_Login_Delivery_Mode
	 */
	private $delivery_mode;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Relay_Client        $relay         Relay client.
	 * @param Iglr_Store_Account       $account       The store's own account.
	 * @param Iglr_Sign_In_Start       $start         Sign-in start.
	 * @param Iglr_Relay_Health        $health        Relay health.
	 * @param Iglr_Login_Delivery_Mode $delivery_mode Keeps the store in the relay's claim mode.
	 */
	public function __construct( Iglr_Relay_Client $relay, Iglr_Store_Account $account, Iglr_Sign_In_Start $start, Iglr_Relay_Health $health, Iglr_Login_Delivery_Mode $delivery_mode ) {
		$this->relay         = $relay;
		$this->account       = $account;
		$this->start         = $start;
		$this->health        = $health;
		$this->delivery_mode = $delivery_mode;
	}

	/**
	 * Sends the Instagram app ID/secret, API and scopes to the relay. The
	 * secret is not stored here: the relay alone keeps it.
	 */
	public function save_instagram_app() {
		self::guard( Iglr_Keys::ACTION_SAVE_APP );
		$app_id     = trim( sanitize_text_field( Iglr_Request::post( 'app_id', 64 ) ) );
		$app_secret = trim( sanitize_text_field( Iglr_Request::post( 'app_secret', 256 ) ) );
		$api        = Iglr_Instagram_Api::clean_api( sanitize_key( Iglr_Request::post( 'api', 32 ) ) );
		$scopes     = array_map( 'sanitize_key', Iglr_Request::post_list( 'scopes' ) );
		$fields     = array(
			'api'    => $api,
			'scopes' => Iglr_Instagram_Api::clean_scopes( $api, $scopes ),
		);
		if ( '' !== $app_id ) {
			if ( ! preg_match( '/^[0-9]{5,25}$/', $app_id ) ) {
				self::finish( array( self::notice( 'error', __( 'The Instagram app ID is a number (App Dashboard → Instagram → API setup with Instagram login).', 'ig-login-relay' ) ) ) );
			}
			$fields['app_id'] = $app_id;
		}
		if ( '' !== $app_secret ) {
			if ( ! preg_match( '/^[A-Za-z0-9]{16,128}$/', $app_secret ) ) {
				self::finish( array( self::notice( 'error', __( 'The Instagram app secret is 16 to 128 letters and digits.', 'ig-login-relay' ) ) ) );
			}
			$fields['app_secret'] = $app_secret;
		}
		$result = $this->relay->put_instagram( $fields );
		if ( is_wp_error( $result ) ) {
			self::finish( array( self::notice( 'error', $result->get_error_message() ) ) );
		}
		$this->delivery_mode->ensure_claim( $result );
		self::finish( array( self::notice( 'success', __( 'The relay saved the Instagram app settings. The app secret is kept by the relay only.', 'ig-login-relay' ) ) ) );
	}

	/**
	 * Test connection (admin-post).
	 */
	public function test_connection() {
		self::guard( Iglr_Keys::ACTION_TEST_CONNECTION );
		self::finish( $this->connection_report() );
	}

	/**
	 * Relay reachable, store credentials accepted, this site registered as the
	 * relay expects, Instagram accepts the app: one notice per check, stopping
	 * at the first that fails.
	 *
	 * @return array[] type (success, warning or error), text.
	 */
	public function connection_report() {
		$notices = array();
		// Checking here also updates what shoppers are told (Iglr_Relay_Health).
		if ( ! $this->health->check() ) {
			$notices[] = self::notice( 'error', __( 'Relay: not reachable (GET /readyz did not answer 200). Check the relay URL and that the relay is running.', 'ig-login-relay' ) );
			return $notices;
		}
		$notices[] = self::notice( 'success', __( 'Relay: reachable.', 'ig-login-relay' ) );

		$status = $this->relay->get_store();
		if ( is_wp_error( $status ) ) {
			/* translators: %s: why the relay refused. */
			$notices[] = self::notice( 'error', sprintf( __( 'Store credentials: refused. %s', 'ig-login-relay' ), $status->get_error_message() ) );
			return $notices;
		}
		$notices[] = self::notice( 'success', __( 'Store credentials: valid.', 'ig-login-relay' ) );
		$notices   = array_merge( $notices, self::registration_notices( isset( $status['store'] ) && is_array( $status['store'] ) ? $status['store'] : array() ) );

		$test = $this->relay->test_instagram();
		if ( is_wp_error( $test ) ) {
			/* translators: %s: why the test could not run. */
			$notices[] = self::notice( 'error', sprintf( __( 'Instagram app: could not be tested. %s', 'ig-login-relay' ), $test->get_error_message() ) );
			return $notices;
		}
		$result    = isset( $test['instagram'] ) && is_array( $test['instagram'] ) ? $test['instagram'] : array();
		$state     = Iglr_Payload::string( $result, 'status' ) ?? '';
		$message   = Iglr_Payload::string( $result, 'message' ) ?? '';
		$notices[] = self::notice(
			'ok' === $state ? 'success' : 'error',
			/* translators: 1: status code from the relay (e.g. ok, invalid_app), 2: the relay's explanation. */
			sprintf( __( 'Instagram app: %1$s. %2$s', 'ig-login-relay' ), $state, $message )
		);
		return $notices;
	}

	/**
	 * Whether the relay knows this site the way it must: its return origin
	 * (else every sign-in fails with return_to_not_allowed) and where its
	 * webhooks go (which may legitimately be another address of this site).
	 *
	 * @param array $store GET /v1/store → store.
	 * @return array[]
	 */
	private static function registration_notices( array $store ) {
		$notices = array();
		$origins = isset( $store['return_origins'] ) && is_array( $store['return_origins'] ) ? $store['return_origins'] : array();
		if ( ! in_array( Iglr_Urls::return_origin(), $origins, true ) ) {
			$notices[] = self::notice(
				'error',
				/* translators: 1: this site's origin, 2: the origins the relay allows. */
				sprintf( __( 'Return origin: the relay does not allow %1$s (it allows: %2$s). Ask the relay operator to add it; until then every sign-in is refused.', 'ig-login-relay' ), Iglr_Urls::return_origin(), implode( ', ', array_filter( $origins, 'is_string' ) ) )
			);
		}
		$webhook_url = Iglr_Payload::string( $store, 'webhook_url' ) ?? '';
		if ( '' !== $webhook_url && Iglr_Urls::webhook_url() !== $webhook_url ) {
			$notices[] = self::notice(
				'warning',
				/* translators: 1: the relay's webhook URL for this store, 2: this site's webhook URL. */
				sprintf( __( 'Webhook URL: the relay sends events to %1$s; this site receives them at %2$s. That is fine only if both reach this site.', 'ig-login-relay' ), $webhook_url, Iglr_Urls::webhook_url() )
			);
		}
		return $notices;
	}

	/**
	 * Starts connecting the store's own account (purpose=connect).
	 */
	public function connect_account() {
		self::guard( Iglr_Keys::ACTION_CONNECT_ACCOUNT );
		$this->start->start( 'connect', Iglr_Urls::settings_url(), get_current_user_id() );
	}

	/**
	 * Forgets the store's own account and its token.
	 */
	public function disconnect_account() {
		self::guard( Iglr_Keys::ACTION_DISCONNECT_ACCOUNT );
		$this->account->disconnect();
		self::finish( array( self::notice( 'success', __( "The store's Instagram account was disconnected and its token deleted from this site.", 'ig-login-relay' ) ) ) );
	}

	/**
	 * The notices saved for the current user by the last action, once.
	 *
	 * @return array[] type, text.
	 */
	public static function take_notices() {
		$key     = Iglr_Keys::TRANSIENT_ADMIN_RESULT_PREFIX . get_current_user_id();
		$notices = get_transient( $key );
		delete_transient( $key );
		return is_array( $notices ) ? $notices : array();
	}

	/**
	 * Capability and nonce.
	 *
	 * @param string $action The action (also the nonce action).
	 */
	private static function guard( $action ) {
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'You are not allowed to change these settings.', 'ig-login-relay' ), 403 );
		}
		Iglr_Request::require_form_nonce( $action );
	}

	/**
	 * One notice.
	 *
	 * @param string $type success, warning or error.
	 * @param string $text Text (escaped when shown).
	 * @return array
	 */
	private static function notice( $type, $text ) {
		return array(
			'type' => $type,
			'text' => $text,
		);
	}

	/**
	 * Saves the notices and goes back to the settings page.
	 *
	 * @param array[] $notices Notices.
	 */
	private static function finish( array $notices ) {
		set_transient( Iglr_Keys::TRANSIENT_ADMIN_RESULT_PREFIX . get_current_user_id(), $notices, 5 * MINUTE_IN_SECONDS );
		wp_safe_redirect( Iglr_Urls::settings_url() );
		exit;
	}
}
