<?php
/**
 * The "Continue with Instagram" button.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A plain link to ?iglr=start, on WooCommerce's login and registration
 * forms, at checkout for guests, on wp-login.php and as [ig_login_button].
 * The link holds nothing per visitor, so cached pages can show it.
 */
class Iglr_Button {

	const STYLE_HANDLE = 'ig-login-relay-button';

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
	 * Registers the stylesheet; it is enqueued only where a button is shown (init).
	 */
	public function register_style() {
		wp_register_style( self::STYLE_HANDLE, plugins_url( 'assets/button.css', IGLR_FILE ), array(), IGLR_VERSION );
	}

	/**
	 * The button's HTML, or '' while the plugin is not set up.
	 *
	 * @param string $redirect_to Where to go after signing in.
	 * @param string $label       Text; '' for the default.
	 * @return string
	 */
	public function html( $redirect_to, $label = '' ) {
		return $this->link( Iglr_Plugin::start_url( $redirect_to ), '' !== $label ? $label : __( 'Continue with Instagram', 'ig-login-relay' ) );
	}

	/**
	 * The button's look around any sign-in link, or '' while the plugin is not set up.
	 *
	 * @param string $url   The link.
	 * @param string $label Text.
	 * @return string
	 */
	public function link( $url, $label ) {
		if ( ! $this->settings->is_configured() ) {
			return '';
		}
		wp_enqueue_style( self::STYLE_HANDLE );
		return sprintf(
			'<p class="iglr-button-wrap"><a class="iglr-button" href="%1$s" rel="nofollow">%2$s</a></p>',
			esc_url( $url ),
			esc_html( $label )
		);
	}

	/**
	 * WooCommerce login form (woocommerce_login_form_end), also shown at
	 * checkout: back to the redirect_to My Account was given (the checkout's
	 * "Log in" link), else this page.
	 */
	public function woocommerce_form() {
		echo $this->html( Iglr_Return_Target::requested_or_current() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html().
	}

	/**
	 * Checkout, for guests (woocommerce_before_checkout_form).
	 */
	public function checkout() {
		if ( ! is_user_logged_in() ) {
			echo $this->html( self::current_page() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html().
		}
	}

	/**
	 * The wp-login.php form (login_form): back to the redirect_to the login page was given.
	 */
	public function wp_login_form() {
		// Read-only, validated when the sign-in starts. wp-login.php takes redirect_to from the query or its own form.
		$redirect_to = Iglr_Request::query( 'redirect_to' );
		if ( '' === $redirect_to ) {
			$redirect_to = Iglr_Request::post( 'redirect_to' );
		}
		$redirect_to = '' !== $redirect_to ? esc_url_raw( $redirect_to ) : admin_url();
		echo $this->html( $redirect_to ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html().
	}

	/**
	 * [ig_login_button label="…" redirect_to="…"], for visitors who are not signed in.
	 *
	 * @param array|string $atts Shortcode attributes.
	 * @return string
	 */
	public function shortcode( $atts ) {
		$atts = shortcode_atts(
			array(
				'label'       => '',
				'redirect_to' => '',
			),
			$atts,
			Iglr_Keys::SHORTCODE
		);
		if ( is_user_logged_in() ) {
			return '';
		}
		$redirect_to = '' !== $atts['redirect_to'] ? esc_url_raw( $atts['redirect_to'] ) : self::current_page();
		return $this->html( $redirect_to, sanitize_text_field( $atts['label'] ) );
	}

	/**
	 * The page being shown, as a URL that is the same for every visitor.
	 *
	 * @return string
	 */
	private static function current_page() {
		return Iglr_Return_Target::current_page();
	}
}
