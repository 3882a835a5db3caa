<?php
/**
 * The settings page.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * WooCommerce → Instagram sign-in (Settings → Instagram sign-in without
 * WooCommerce): the relay connection (Settings API), what to register where,
 * the Instagram app (sent to the relay), the connection test, the store's own
 * account and the delivery status. manage_options only. Each time it reads
 * the store from the relay it also keeps the store in claim mode
 * (Iglr_Login_Delivery_Mode) and warns while the relay's webhooks are
 * refused (Iglr_Webhook_Warning).
 */
class Iglr_Settings_Page {

	/**
	 * Settings.
	 *
	 * @var Iglr_Settings
	 */
	private $settings;

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
	 * Delivery status tables.
	 *
	 * @var Iglr_Delivery_Status_View
	 */
	private $status;

	/**
	 * Keeps the store in the relay's claim mode.
	 *
	 * @var Iglr_Login_Delivery_Mode
	 */
	private $delivery_mode;

	/**
	 * The warning while webhooks are refused.
	 *
	 * @var Iglr_Webhook_Warning
	 */
	private $webhook_warning;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings             $settings        Settings.
	 * @param Iglr_Relay_Client         $relay           Relay client.
	 * @param Iglr_Store_Account        $account         The store's own account.
	 * @param Iglr_Delivery_Status_View $status          Delivery status tables.
	 * @param Iglr_Login_Delivery_Mode  $delivery_mode   Keeps the store in the relay's claim mode.
	 * @param Iglr_Webhook_Warning      $webhook_warning The warning while webhooks are refused.
	 */
	public function __construct( Iglr_Settings $settings, Iglr_Relay_Client $relay, Iglr_Store_Account $account, Iglr_Delivery_Status_View $status, Iglr_Login_Delivery_Mode $delivery_mode, Iglr_Webhook_Warning $webhook_warning ) {
		$this->settings        = $settings;
		$this->relay           = $relay;
		$this->account         = $account;
		$this->status          = $status;
		$this->delivery_mode   = $delivery_mode;
		$this->webhook_warning = $webhook_warning;
	}

	/**
	 * Adds the page (admin_menu).
	 */
	public function add_menu() {
		$title = __( 'Instagram sign-in', 'ig-login-relay' );
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() ) {
			add_submenu_page( 'woocommerce', $title, $title, 'manage_options', Iglr_Keys::ADMIN_PAGE, array( $this, 'render' ) );
		} else {
			add_options_page( $title, $title, 'manage_options', Iglr_Keys::ADMIN_PAGE, array( $this, 'render' ) );
		}
	}

	/**
	 * The relay connection fields (admin_init).
	 */
	public function add_fields() {
		$section = 'iglr_relay';
		add_settings_section( $section, __( 'Relay connection', 'ig-login-relay' ), array( $this, 'relay_section_intro' ), Iglr_Keys::ADMIN_PAGE );
		add_settings_field( 'iglr_relay_url', __( 'Relay URL', 'ig-login-relay' ), array( $this, 'relay_url_field' ), Iglr_Keys::ADMIN_PAGE, $section, array( 'label_for' => 'iglr_relay_url' ) );
		add_settings_field( 'iglr_store_id', __( 'Store ID', 'ig-login-relay' ), array( $this, 'store_id_field' ), Iglr_Keys::ADMIN_PAGE, $section, array( 'label_for' => 'iglr_store_id' ) );
		add_settings_field( 'iglr_store_secret', __( 'Store secret', 'ig-login-relay' ), array( $this, 'store_secret_field' ), Iglr_Keys::ADMIN_PAGE, $section, array( 'label_for' => 'iglr_store_secret' ) );
	}

	/**
	 * Loads the copy buttons' script on this page only (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix The admin page.
	 */
	public function enqueue( $hook_suffix ) {
		if ( false === strpos( $hook_suffix, Iglr_Keys::ADMIN_PAGE ) ) {
			return;
		}
		wp_enqueue_script( 'ig-login-relay-admin', plugins_url( 'assets/admin.js', IGLR_FILE ), array(), IGLR_VERSION, true );
	}

	/**
	 * Intro of the relay section.
	 */
	public function relay_section_intro() {
		echo '<p>' . esc_html__( 'The relay operator gives you these three values.', 'ig-login-relay' ) . '</p>';
	}

	/**
	 * Relay URL field.
	 */
	public function relay_url_field() {
		printf(
			'<input type="url" class="regular-text code" id="iglr_relay_url" name="%s[relay_url]" value="%s" placeholder="https://relay.example.com" />',
			esc_attr( Iglr_Keys::OPTION_SETTINGS ),
			esc_attr( $this->settings->relay_url() )
		);
	}

	/**
	 * Store ID field.
	 */
	public function store_id_field() {
		printf(
			'<input type="text" class="regular-text code" id="iglr_store_id" name="%s[store_id]" value="%s" />',
			esc_attr( Iglr_Keys::OPTION_SETTINGS ),
			esc_attr( $this->settings->store_id() )
		);
	}

	/**
	 * Store secret field: never filled in; says whether one is saved.
	 */
	public function store_secret_field() {
		printf(
			'<input type="password" class="regular-text code" id="iglr_store_secret" name="%s[new_store_secret]" value="" autocomplete="new-password" placeholder="whsec_…" />',
			esc_attr( Iglr_Keys::OPTION_SETTINGS )
		);
		if ( $this->settings->secret_unreadable() ) {
			echo '<p class="description">' . esc_html__( "A secret is saved but can no longer be read (this site's security keys changed). Enter it again.", 'ig-login-relay' ) . '</p>';
		} elseif ( $this->settings->has_secret() ) {
			echo '<p class="description">' . esc_html__( 'Saved (encrypted). Leave empty to keep it; enter a new one to replace it.', 'ig-login-relay' ) . '</p>';
		} else {
			echo '<p class="description">' . esc_html__( 'Starts with whsec_. It is stored encrypted and never shown again.', 'ig-login-relay' ) . '</p>';
		}
	}

	/**
	 * The page.
	 */
	public function render() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$status = $this->settings->is_configured() ? $this->relay->get_store() : null;
		if ( is_array( $status ) ) {
			$this->delivery_mode->ensure_claim( isset( $status['store'] ) ? $status['store'] : null );
		}
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Instagram sign-in', 'ig-login-relay' ); ?></h1>
			<?php
			// Under Settings, WordPress prints these itself (options-head.php); under WooCommerce it does not.
			if ( 'options-general.php' !== get_admin_page_parent() ) {
				settings_errors();
			}
			foreach ( Iglr_Admin_Actions::take_notices() as $notice ) {
				printf(
					'<div class="notice notice-%s"><p>%s</p></div>',
					in_array( $notice['type'], array( 'success', 'warning' ), true ) ? esc_attr( $notice['type'] ) : 'error',
					esc_html( $notice['text'] )
				);
			}
			if ( is_wp_error( $status ) ) {
				printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $status->get_error_message() ) );
			}
			$this->webhook_warning->render_notice( is_array( $status ) ? $status : null );
			?>
			<form method="post" action="<?php echo esc_url( admin_url( 'options.php' ) ); ?>">
				<?php
				settings_fields( Iglr_Keys::SETTINGS_GROUP );
				do_settings_sections( Iglr_Keys::ADMIN_PAGE );
				submit_button( __( 'Save changes', 'ig-login-relay' ) ); // The relay connection and the sections after it.
				?>
			</form>
			<?php
			$this->render_registration( is_array( $status ) ? $status : null );
			if ( $this->settings->is_configured() ) {
				$this->render_instagram_app( is_array( $status ) ? $status : null );
				$this->render_store_account();
				/**
				 * Fires on the settings page between the store's account and the relay's delivery status, for reports.
				 */
				do_action( 'iglr_settings_page_reports' );
				$this->status->render_relay_status( is_array( $status ) ? $status : null );
			}
			$this->status->render_log();
			?>
		</div>
		<?php
	}

	/**
	 * What to register in Meta's dashboard and with the relay.
	 *
	 * @param array|null $status GET /v1/store.
	 */
	private function render_registration( $status ) {
		$redirect_uri = Iglr_Payload::string( $status['store'] ?? null, 'redirect_uri' ) ?? '';
		$user_agent   = Iglr_Payload::string( $status['store'] ?? null, 'webhook_user_agent' ) ?? '';
		$callbacks    = array(
			array(
				'id'          => 'iglr-deauthorize-url',
				'label'       => __( 'Deauthorize callback URL (Meta App Dashboard)', 'ig-login-relay' ),
				'url'         => $this->settings->deauthorize_url(),
				'description' => __( 'Instagram → API setup with Instagram login → Business login settings → Deauthorize callback URL. When someone removes the app on Instagram, their account on this site is unlinked (it stays).', 'ig-login-relay' ),
			),
			array(
				'id'          => 'iglr-data-deletion-url',
				'label'       => __( 'Data deletion request URL (Meta App Dashboard)', 'ig-login-relay' ),
				'url'         => $this->settings->data_deletion_url(),
				'description' => __( 'Same page → Data deletion request URL. When someone asks for their data to be deleted, what this plugin holds about their Instagram account is deleted; the delivery log shows the confirmation code they were given.', 'ig-login-relay' ),
			),
		);
		?>
		<h2><?php esc_html_e( 'Addresses to register', 'ig-login-relay' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th scope="row"><?php esc_html_e( 'OAuth redirect URI (Meta App Dashboard)', 'ig-login-relay' ); ?></th>
				<td>
					<?php if ( '' !== $redirect_uri ) : ?>
						<?php self::copyable( 'iglr-redirect-uri', $redirect_uri ); ?>
						<p class="description"><?php esc_html_e( 'Instagram → API setup with Instagram login → Business login settings → OAuth redirect URIs. Meta compares it byte for byte: remove any trailing slash the dashboard adds.', 'ig-login-relay' ); ?></p>
					<?php else : ?>
						<p class="description"><?php esc_html_e( 'Shown once the relay connection works.', 'ig-login-relay' ); ?></p>
					<?php endif; ?>
				</td>
			</tr>
			<?php foreach ( $callbacks as $callback ) : ?>
				<tr>
					<th scope="row"><?php echo esc_html( $callback['label'] ); ?></th>
					<td>
						<?php if ( '' !== $callback['url'] ) : ?>
							<?php self::copyable( $callback['id'], $callback['url'] ); ?>
							<p class="description"><?php echo esc_html( $callback['description'] ); ?></p>
						<?php else : ?>
							<p class="description"><?php esc_html_e( 'Shown once the relay URL and store ID are saved.', 'ig-login-relay' ); ?></p>
						<?php endif; ?>
					</td>
				</tr>
			<?php endforeach; ?>
			<tr>
				<th scope="row"><?php esc_html_e( 'Webhook URL (for the relay operator)', 'ig-login-relay' ); ?></th>
				<td>
					<?php self::copyable( 'iglr-webhook-url', Iglr_Urls::webhook_url() ); ?>
					<?php if ( '' !== $user_agent ) : ?>
						<p class="description">
							<?php
							/* translators: %s: the User-Agent of the relay's webhooks. */
							echo esc_html( sprintf( __( 'The relay\'s webhooks are POST requests to this address with the User-Agent %s. If a firewall, bot protection or security plugin guards this site, allow them.', 'ig-login-relay' ), $user_agent ) );
							?>
						</p>
					<?php endif; ?>
				</td>
			</tr>
			<tr>
				<th scope="row"><?php esc_html_e( 'Return origin (for the relay operator)', 'ig-login-relay' ); ?></th>
				<td><?php self::copyable( 'iglr-return-origin', Iglr_Urls::return_origin() ); ?></td>
			</tr>
		</table>
		<?php
	}

	/**
	 * The Instagram app form (sent to the relay, never stored here).
	 *
	 * @param array|null $status GET /v1/store.
	 */
	private function render_instagram_app( $status ) {
		$instagram  = isset( $status['store']['instagram'] ) && is_array( $status['store']['instagram'] ) ? $status['store']['instagram'] : array();
		$app_id     = Iglr_Payload::string( $instagram, 'app_id' ) ?? '';
		$secret_set = ! empty( $instagram['app_secret_set'] );
		$api        = Iglr_Instagram_Api::clean_api( isset( $instagram['api'] ) ? $instagram['api'] : '' );
		$scopes     = Iglr_Instagram_Api::clean_scopes( $api, isset( $instagram['scopes'] ) ? $instagram['scopes'] : array() );
		?>
		<h2><?php esc_html_e( 'Instagram app', 'ig-login-relay' ); ?></h2>
		<p><?php esc_html_e( 'Use the Instagram app ID and secret from App Dashboard → Instagram → API setup with Instagram login, not the Meta app ID at the top of the dashboard. They are sent to the relay, which alone keeps the secret.', 'ig-login-relay' ); ?></p>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_SAVE_APP ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_SAVE_APP ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="iglr_app_id"><?php esc_html_e( 'Instagram app ID', 'ig-login-relay' ); ?></label></th>
					<td><input type="text" class="regular-text code" id="iglr_app_id" name="app_id" value="<?php echo esc_attr( $app_id ); ?>" inputmode="numeric" /></td>
				</tr>
				<tr>
					<th scope="row"><label for="iglr_app_secret"><?php esc_html_e( 'Instagram app secret', 'ig-login-relay' ); ?></label></th>
					<td>
						<input type="password" class="regular-text code" id="iglr_app_secret" name="app_secret" value="" autocomplete="new-password" />
						<p class="description">
							<?php
							echo esc_html(
								$secret_set
									? __( 'Saved at the relay. Leave empty to keep it.', 'ig-login-relay' )
									: __( 'Not set yet.', 'ig-login-relay' )
							);
							?>
						</p>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'API', 'ig-login-relay' ); ?></th>
					<td>
						<?php foreach ( Iglr_Instagram_Api::labels() as $value => $label ) : ?>
							<label><input type="radio" name="api" value="<?php echo esc_attr( $value ); ?>" <?php checked( $api, $value ); ?> /> <?php echo esc_html( $label ); ?></label><br />
						<?php endforeach; ?>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Scopes', 'ig-login-relay' ); ?></th>
					<td>
						<?php foreach ( Iglr_Instagram_Api::scopes() as $generation => $names ) : ?>
							<fieldset>
								<legend class="screen-reader-text"><?php echo esc_html( $generation ); ?></legend>
								<?php foreach ( $names as $index => $scope ) : ?>
									<label>
										<input type="checkbox" name="scopes[]" value="<?php echo esc_attr( $scope ); ?>" <?php checked( 0 === $index || in_array( $scope, $scopes, true ) ); ?> <?php disabled( 0 === $index ); ?> />
										<code><?php echo esc_html( $scope ); ?></code>
										<?php echo 0 === $index ? esc_html__( '(required, always sent)', 'ig-login-relay' ) : ''; ?>
									</label><br />
								<?php endforeach; ?>
							</fieldset>
						<?php endforeach; ?>
						<p class="description"><?php esc_html_e( 'Only the scopes of the chosen API are sent.', 'ig-login-relay' ); ?></p>
					</td>
				</tr>
			</table>
			<?php submit_button( __( 'Send to the relay', 'ig-login-relay' ), 'primary', 'submit', false ); ?>
		</form>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" style="margin-top:1em">
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_TEST_CONNECTION ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_TEST_CONNECTION ); ?>
			<?php submit_button( __( 'Test connection', 'ig-login-relay' ), 'secondary', 'submit', false ); ?>
			<span class="description"><?php esc_html_e( 'Checks that the relay answers, accepts the store ID and secret, and that Instagram accepts the app ID and secret.', 'ig-login-relay' ); ?></span>
		</form>
		<?php
	}

	/**
	 * The store's own Instagram account.
	 */
	private function render_store_account() {
		$account = $this->account->get();
		$token   = null === $account ? null : $this->account->token();
		?>
		<h2><?php esc_html_e( "The store's Instagram account", 'ig-login-relay' ); ?></h2>
		<?php if ( null === $account ) : ?>
			<p><?php esc_html_e( "Connect the store's own Instagram account to get its long-lived access token (for feeds, publishing and other tools).", 'ig-login-relay' ); ?></p>
		<?php else : ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><?php esc_html_e( 'Account', 'ig-login-relay' ); ?></th>
					<td>
						<strong>@<?php echo esc_html( $account['username'] ); ?></strong>
						<?php echo '' !== $account['name'] ? ' — ' . esc_html( $account['name'] ) : ''; ?>
						<?php if ( $account['needs_reconnect'] && ! $account['has_token'] ) : ?>
							<p class="notice notice-warning inline"><?php echo esc_html( trim( __( 'Needs reconnecting: its token was deleted.', 'ig-login-relay' ) . ' ' . $account['reconnect_reason'] ) ); ?></p>
						<?php elseif ( $account['needs_reconnect'] ) : ?>
							<p class="notice notice-warning inline"><?php echo esc_html( trim( __( 'Needs reconnecting: the relay could not refresh the token.', 'ig-login-relay' ) . ' ' . $account['reconnect_reason'] ) ); ?></p>
						<?php endif; ?>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Token expires', 'ig-login-relay' ); ?></th>
					<td>
						<?php
						echo esc_html(
							$account['expires_at'] > 0
								? wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $account['expires_at'] )
								: __( 'unknown', 'ig-login-relay' )
						);
						?>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Access token', 'ig-login-relay' ); ?></th>
					<td>
						<?php
						if ( ! $account['has_token'] ) {
							esc_html_e( 'None: it was deleted. Reconnect the account.', 'ig-login-relay' );
						} elseif ( null === $token ) {
							esc_html_e( "Unreadable (this site's security keys changed). Reconnect the account.", 'ig-login-relay' );
						} else {
							self::copyable( 'iglr-access-token', $token, 'password' );
						}
						?>
					</td>
				</tr>
			</table>
		<?php endif; ?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" style="display:inline-block">
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_CONNECT_ACCOUNT ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_CONNECT_ACCOUNT ); ?>
			<?php submit_button( null === $account ? __( 'Connect Instagram account', 'ig-login-relay' ) : __( 'Reconnect', 'ig-login-relay' ), 'secondary', 'submit', false ); ?>
		</form>
		<?php if ( null !== $account ) : ?>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" style="display:inline-block">
				<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_DISCONNECT_ACCOUNT ); ?>" />
				<?php wp_nonce_field( Iglr_Keys::ACTION_DISCONNECT_ACCOUNT ); ?>
				<?php submit_button( __( 'Disconnect', 'ig-login-relay' ), 'delete', 'submit', false ); ?>
			</form>
		<?php endif; ?>
		<?php
	}

	/**
	 * A read-only value with a copy button (assets/admin.js).
	 *
	 * @param string $id    Element id.
	 * @param string $value Value.
	 * @param string $type  Input type: text, or password to mask it on screen.
	 */
	private static function copyable( $id, $value, $type = 'text' ) {
		printf(
			'<input type="%1$s" readonly class="large-text code" id="%2$s" value="%3$s" /> <button type="button" class="button iglr-copy" data-iglr-copy="%2$s" data-iglr-copied="%4$s">%5$s</button>',
			'password' === $type ? 'password' : 'text',
			esc_attr( $id ),
			esc_attr( $value ),
			esc_attr__( 'Copied', 'ig-login-relay' ),
			esc_html__( 'Copy', 'ig-login-relay' )
		);
	}
}
