<?php
/**
 * The relay connection settings.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Relay URL, store ID and store secret, through the Settings API. The secret
 * is sealed at rest (Iglr_Crypto) and never printed again. Values are checked
 * against an allow-list when saved and again when read, so a value written
 * around the Settings API is never trusted.
 *
 * The Instagram app ID and secret, API generation and scopes are not here:
 * the relay holds them (Iglr_Admin_Actions sends them), so there is one copy.
 */
class Iglr_Settings {

	/** Context bound to the sealed store secret. */
	const SECRET_CONTEXT = 'store_secret';

	/** The relay's store ID format. */
	const STORE_ID_PATTERN = '/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/';

	/**
	 * Opened secrets by sealed value: buttons ask is_configured() on every page.
	 *
	 * @var array<string,string|null>
	 */
	private static $opened = array();

	/**
	 * Registers the option (admin_init and rest_api_init).
	 */
	public function register() {
		register_setting(
			Iglr_Keys::SETTINGS_GROUP,
			Iglr_Keys::OPTION_SETTINGS,
			array(
				'type'              => 'object',
				'description'       => __( 'Instagram sign-in relay connection.', 'ig-login-relay' ),
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => self::defaults(),
				// The option holds the sealed store secret: never exposed through the REST API.
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Default value.
	 *
	 * @return array<string,string>
	 */
	public static function defaults() {
		return array(
			'relay_url'    => '',
			'store_id'     => '',
			'store_secret' => '',
		);
	}

	/**
	 * Sanitizes the submitted settings. The form sends the secret as
	 * new_store_secret; left empty, the saved one is kept.
	 *
	 * @param mixed $input Submitted value (already unslashed by options.php).
	 * @return array<string,string>
	 */
	public function sanitize( $input ) {
		$current = $this->values();
		if ( ! is_array( $input ) ) {
			return $current;
		}
		$out = self::defaults();

		$relay_url        = isset( $input['relay_url'] ) ? trim( (string) $input['relay_url'] ) : '';
		$out['relay_url'] = self::clean_relay_url( $relay_url );
		if ( '' !== $relay_url && '' === $out['relay_url'] ) {
			$this->error( 'relay_url', __( 'The relay URL must be an http or https address without a query string.', 'ig-login-relay' ) );
		}

		$store_id        = isset( $input['store_id'] ) ? trim( (string) $input['store_id'] ) : '';
		$out['store_id'] = preg_match( self::STORE_ID_PATTERN, $store_id ) ? $store_id : '';
		if ( '' !== $store_id && '' === $out['store_id'] ) {
			$this->error( 'store_id', __( 'The store ID is made of letters, digits, "-" and "_" (at most 64).', 'ig-login-relay' ) );
		}

		$new_secret = isset( $input['new_store_secret'] ) ? trim( (string) $input['new_store_secret'] ) : '';
		if ( '' !== $new_secret ) {
			if ( Iglr_Store_Secret::is_valid( $new_secret ) ) {
				$out['store_secret'] = Iglr_Crypto::encrypt( $new_secret, self::SECRET_CONTEXT );
			} else {
				$this->error( 'store_secret', __( 'The store secret must be the whsec_… value the relay gave you. The saved secret was kept.', 'ig-login-relay' ) );
				$out['store_secret'] = $current['store_secret'];
			}
		} elseif ( isset( $input['store_secret'] ) && null !== self::open_secret( $input['store_secret'] ) ) {
			// WordPress sanitizes a newly added option twice; the second pass receives the sealed value.
			$out['store_secret'] = $input['store_secret'];
		} else {
			$out['store_secret'] = $current['store_secret'];
		}
		return $out;
	}

	/**
	 * The stored settings, each value checked again.
	 *
	 * @return array<string,string>
	 */
	public function values() {
		$stored = get_option( Iglr_Keys::OPTION_SETTINGS, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$values = self::defaults();

		$relay_url = isset( $stored['relay_url'] ) ? (string) $stored['relay_url'] : '';
		if ( self::clean_relay_url( $relay_url ) === $relay_url ) {
			$values['relay_url'] = $relay_url;
		}
		$store_id = isset( $stored['store_id'] ) ? (string) $stored['store_id'] : '';
		if ( preg_match( self::STORE_ID_PATTERN, $store_id ) ) {
			$values['store_id'] = $store_id;
		}
		$store_secret = Iglr_Payload::string( $stored, 'store_secret' );
		if ( null !== $store_secret ) {
			$values['store_secret'] = $store_secret;
		}
		return $values;
	}

	/**
	 * Relay base URL without a trailing slash, or ''.
	 *
	 * @return string
	 */
	public function relay_url() {
		$values = $this->values();
		return $values['relay_url'];
	}

	/**
	 * Store ID, or ''.
	 *
	 * @return string
	 */
	public function store_id() {
		$values = $this->values();
		return $values['store_id'];
	}

	/**
	 * The Deauthorize callback URL to paste in Meta's App Dashboard: the relay's
	 * endpoint for this store, which forwards instagram.deauthorized here.
	 *
	 * @return string '' until the relay URL and store ID are saved.
	 */
	public function deauthorize_url() {
		return $this->relay_store_url( '/meta/deauthorize/' );
	}

	/**
	 * The Data deletion request URL to paste in Meta's App Dashboard: the
	 * relay's endpoint for this store, which forwards instagram.data_deletion_requested here.
	 *
	 * @return string '' until the relay URL and store ID are saved.
	 */
	public function data_deletion_url() {
		return $this->relay_store_url( '/meta/data-deletion/' );
	}

	/**
	 * The raw HMAC key of the saved store secret.
	 *
	 * @return string|null Null when no readable secret is saved.
	 */
	public function store_key() {
		$values = $this->values();
		$secret = self::open_secret( $values['store_secret'] );
		return null === $secret ? null : Iglr_Store_Secret::key( $secret );
	}

	/**
	 * Whether a store secret is saved (whether or not it can still be read).
	 *
	 * @return bool
	 */
	public function has_secret() {
		$values = $this->values();
		return '' !== $values['store_secret'];
	}

	/**
	 * A secret is saved but cannot be opened: the site's salts changed.
	 *
	 * @return bool
	 */
	public function secret_unreadable() {
		return $this->has_secret() && null === $this->store_key();
	}

	/**
	 * Relay URL, store ID and a readable secret are all set.
	 *
	 * @return bool
	 */
	public function is_configured() {
		return '' !== $this->relay_url() && '' !== $this->store_id() && null !== $this->store_key();
	}

	/**
	 * Normalizes a relay URL, or '' when it is not acceptable.
	 *
	 * @param string $url Candidate.
	 * @return string
	 */
	public static function clean_relay_url( $url ) {
		$url = esc_url_raw( trim( (string) $url ), array( 'http', 'https' ) );
		if ( '' === $url ) {
			return '';
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['host'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] )
			|| isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
			return '';
		}
		return untrailingslashit( $url );
	}

	/**
	 * A relay address ending in this store's ID.
	 *
	 * @param string $path Path before the store ID, with both slashes.
	 * @return string '' until the relay URL and store ID are saved.
	 */
	private function relay_store_url( $path ) {
		$relay_url = $this->relay_url();
		$store_id  = $this->store_id();
		return '' === $relay_url || '' === $store_id ? '' : $relay_url . $path . rawurlencode( $store_id );
	}

	/**
	 * Opens a sealed store secret.
	 *
	 * @param mixed $sealed Stored value.
	 * @return string|null A valid `whsec_` secret, or null.
	 */
	private static function open_secret( $sealed ) {
		if ( ! is_string( $sealed ) || '' === $sealed ) {
			return null;
		}
		if ( ! array_key_exists( $sealed, self::$opened ) ) {
			$secret                  = Iglr_Crypto::decrypt( $sealed, self::SECRET_CONTEXT );
			self::$opened[ $sealed ] = ( null !== $secret && Iglr_Store_Secret::is_valid( $secret ) ) ? $secret : null;
		}
		return self::$opened[ $sealed ];
	}

	/**
	 * Reports a rejected field once, even though WordPress may sanitize twice.
	 *
	 * @param string $field   Field name.
	 * @param string $message Message for the admin.
	 */
	private function error( $field, $message ) {
		if ( ! function_exists( 'add_settings_error' ) ) {
			return;
		}
		foreach ( get_settings_errors( Iglr_Keys::OPTION_SETTINGS ) as $existing ) {
			if ( 'iglr_' . $field === $existing['code'] ) {
				return;
			}
		}
		add_settings_error( Iglr_Keys::OPTION_SETTINGS, 'iglr_' . $field, $message );
	}
}
