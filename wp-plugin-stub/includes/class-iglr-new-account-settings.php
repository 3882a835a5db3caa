<?php
/**
 * How accounts made by Instagram sign-in are set up.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The "New accounts" settings, through the Settings API: whether the email
 * address step is required or can be skipped, the role new accounts get, and
 * where shoppers go after signing in and after signing up. Checked against
 * allow-lists when saved and again when read, so a value written around the
 * Settings API (or a role that gained capabilities since) is never trusted.
 */
class Iglr_New_Account_Settings {

	const EMAIL_STEP_REQUIRED = 'required';
	const EMAIL_STEP_OPTIONAL = 'optional';

	/** Destinations after signing in or up: back where they were, My Account, a page of the site. */
	const DESTINATIONS = array( 'back', 'my_account', 'page' );

	/**
	 * A role with any of these is never given to an account Instagram sign-in
	 * creates: it could write, publish, upload, manage the shop or the site.
	 */
	const PRIVILEGED_CAPABILITIES = array(
		'edit_posts',
		'edit_pages',
		'publish_posts',
		'upload_files',
		'moderate_comments',
		'manage_categories',
		'unfiltered_html',
		'manage_options',
		'manage_woocommerce',
		'view_woocommerce_reports',
		'edit_products',
		'edit_shop_orders',
		'list_users',
		'create_users',
		'edit_users',
		'promote_users',
		'delete_users',
		'activate_plugins',
		'install_plugins',
		'edit_plugins',
		'switch_themes',
		'edit_themes',
		'edit_theme_options',
		'import',
		'export',
		'manage_network',
	);

	/** Never given, whatever their capabilities on this site. */
	const REFUSED_ROLES = array( 'administrator', 'editor', 'author', 'contributor', 'shop_manager' );

	/**
	 * Registers the option (admin_init and rest_api_init). It is saved by the
	 * settings page's form, with the relay connection.
	 */
	public function register() {
		register_setting(
			Iglr_Keys::SETTINGS_GROUP,
			Iglr_Keys::OPTION_NEW_ACCOUNTS,
			array(
				'type'              => 'object',
				'description'       => __( 'How accounts made by Instagram sign-in are set up.', 'ig-login-relay' ),
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => $this->defaults(),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Stores the defaults, not autoloaded, before the settings form first
	 * saves the option (options.php would add it autoloaded): only sign-ins
	 * and accounts still missing an email read it (admin_init).
	 */
	public function store_unless_saved() {
		// An explicit default: register_setting()'s would answer for a missing option.
		if ( false === get_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, false ) ) {
			add_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, $this->defaults(), '', 'no' );
		}
	}

	/**
	 * Default value.
	 *
	 * @return array
	 */
	public function defaults() {
		return array(
			'email_step'                  => self::EMAIL_STEP_REQUIRED,
			'new_user_role'               => $this->default_role(),
			'redirect_after_sign_in'      => 'back',
			'redirect_after_sign_in_page' => 0,
			'redirect_after_sign_up'      => 'back',
			'redirect_after_sign_up_page' => 0,
		);
	}

	/**
	 * Sanitizes the submitted settings.
	 *
	 * @param mixed $input Submitted value (already unslashed by options.php).
	 * @return array
	 */
	public function sanitize( $input ) {
		if ( ! is_array( $input ) ) {
			// Another form of the same settings group was saved: keep what is stored.
			return $this->values();
		}
		$out = $this->clean( $input );
		if ( isset( $input['new_user_role'] ) && (string) $input['new_user_role'] !== $out['new_user_role'] ) {
			$this->error( 'new_user_role', __( 'That role can manage or publish on this site, so new accounts cannot get it. The default role was kept.', 'ig-login-relay' ) );
		}
		foreach ( array( 'sign_in', 'sign_up' ) as $moment ) {
			$chosen = isset( $input[ 'redirect_after_' . $moment ] ) ? (string) $input[ 'redirect_after_' . $moment ] : '';
			if ( 'page' === $chosen && 'page' !== $out[ 'redirect_after_' . $moment ] ) {
				$this->error( 'redirect_after_' . $moment, __( 'Choose a published page to send shoppers to. Until then they go back where they were.', 'ig-login-relay' ) );
			}
		}
		return $out;
	}

	/**
	 * The stored settings, each value checked again.
	 *
	 * @return array
	 */
	public function values() {
		$stored = get_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, array() );
		return $this->clean( is_array( $stored ) ? $stored : array() );
	}

	/**
	 * Whether new accounts must add an email address before using the site.
	 *
	 * @return bool
	 */
	public function email_required() {
		return self::EMAIL_STEP_REQUIRED === $this->values()['email_step'];
	}

	/**
	 * The role a new account gets.
	 *
	 * @return string
	 */
	public function new_user_role() {
		return $this->values()['new_user_role'];
	}

	/**
	 * Where to go after signing in or signing up.
	 *
	 * @param string $moment 'sign_in' or 'sign_up'.
	 * @return array{0:string,1:int} One of DESTINATIONS, and the page ID for 'page' (else 0).
	 */
	public function destination( $moment ) {
		$values = $this->values();
		$key    = 'sign_up' === $moment ? 'redirect_after_sign_up' : 'redirect_after_sign_in';
		return array( $values[ $key ], (int) $values[ $key . '_page' ] );
	}

	/**
	 * Roles a new account may get, by slug, with their display names: WooCommerce's
	 * customer when WooCommerce is active, subscriber, and any other role without
	 * a privileged capability.
	 *
	 * @return array<string,string>
	 */
	public function allowed_roles() {
		$allowed = array();
		foreach ( wp_roles()->roles as $slug => $role ) {
			if ( self::is_allowed_role( $slug, isset( $role['capabilities'] ) && is_array( $role['capabilities'] ) ? $role['capabilities'] : array() ) ) {
				$allowed[ $slug ] = translate_user_role( $role['name'] );
			}
		}
		return $allowed;
	}

	/**
	 * The role new accounts get unless the store chose another: WooCommerce's
	 * customer, else the site's default role when it is harmless, else subscriber.
	 *
	 * @return string
	 */
	public function default_role() {
		$allowed = $this->allowed_roles();
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && isset( $allowed['customer'] ) ) {
			return 'customer';
		}
		$site_default = (string) get_option( 'default_role', 'subscriber' );
		if ( isset( $allowed[ $site_default ] ) ) {
			return $site_default;
		}
		return 'subscriber';
	}

	/**
	 * Whether a role may be given to a new account.
	 *
	 * @param string $slug         Role.
	 * @param array  $capabilities Its capabilities (name => granted).
	 * @return bool
	 */
	private static function is_allowed_role( $slug, array $capabilities ) {
		if ( in_array( $slug, self::REFUSED_ROLES, true ) ) {
			return false;
		}
		if ( 'customer' === $slug && ! Iglr_Woocommerce_Compatibility::woocommerce_active() ) {
			return false;
		}
		foreach ( self::PRIVILEGED_CAPABILITIES as $capability ) {
			if ( ! empty( $capabilities[ $capability ] ) ) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Every key checked against its allow-list; anything else gets its default.
	 *
	 * @param array $input Values to check.
	 * @return array
	 */
	private function clean( array $input ) {
		$out = $this->defaults();

		$email_step = isset( $input['email_step'] ) ? (string) $input['email_step'] : '';
		if ( in_array( $email_step, array( self::EMAIL_STEP_REQUIRED, self::EMAIL_STEP_OPTIONAL ), true ) ) {
			$out['email_step'] = $email_step;
		}

		$role = isset( $input['new_user_role'] ) ? (string) $input['new_user_role'] : '';
		if ( array_key_exists( $role, $this->allowed_roles() ) ) {
			$out['new_user_role'] = $role;
		}

		foreach ( array( 'redirect_after_sign_in', 'redirect_after_sign_up' ) as $key ) {
			$choice  = isset( $input[ $key ] ) ? (string) $input[ $key ] : '';
			$page_id = isset( $input[ $key . '_page' ] ) ? absint( $input[ $key . '_page' ] ) : 0;
			if ( 'page' === $choice ) {
				if ( self::is_published_page( $page_id ) ) {
					$out[ $key ]           = 'page';
					$out[ $key . '_page' ] = $page_id;
				}
			} elseif ( in_array( $choice, self::DESTINATIONS, true ) ) {
				$out[ $key ] = $choice;
			}
		}
		return $out;
	}

	/**
	 * Whether a page is published, so shoppers can be sent to it.
	 *
	 * @param int $page_id Page ID.
	 * @return bool
	 */
	private static function is_published_page( $page_id ) {
		return $page_id > 0 && 'page' === get_post_type( $page_id ) && 'publish' === get_post_status( $page_id );
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
		foreach ( get_settings_errors( Iglr_Keys::OPTION_NEW_ACCOUNTS ) as $existing ) {
			if ( 'iglr_' . $field === $existing['code'] ) {
				return;
			}
		}
		add_settings_error( Iglr_Keys::OPTION_NEW_ACCOUNTS, 'iglr_' . $field, $message );
	}
}
