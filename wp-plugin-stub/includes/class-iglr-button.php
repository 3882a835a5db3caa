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
 *
 * Where it shows, its label and its style are the owner's
 * (Iglr_Button_Settings); every button's markup then passes through the
 * iglr_button_html filter with its placement.
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
	 * The owner's placements, label and style.
	 *
	 * @var Iglr_Button_Settings
	 */
	private $button_settings;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Settings             $settings        Settings.
	 * @param Iglr_Button_Settings|null $button_settings The owner's placements, label and style; it only reads
	 *                                                   the option, so a new one serves when none is given.
	 */
	public function __construct( Iglr_Settings $settings, ?Iglr_Button_Settings $button_settings = null ) {
		$this->settings        = $settings;
		$this->button_settings = null === $button_settings ? new Iglr_Button_Settings() : $button_settings;
	}

	/**
	 * Registers the stylesheet; it is enqueued only where a button is shown (init).
	 */
	public function register_style() {
		wp_register_style( self::STYLE_HANDLE, plugins_url( 'assets/button.css', IGLR_FILE ), array(), IGLR_VERSION );
	}

	/**
	 * The button for a placement, or '' where the owner switched that
	 * placement off or the plugin is not set up. The markup passes through
	 * the iglr_button_html filter.
	 *
	 * @param string $placement   my_account_login, my_account_register, checkout, cart, wp_login, shortcode or block.
	 * @param string $redirect_to Where to go after signing in.
	 * @param string $label       Text set on this button (a shortcode's or block's); '' for the owner's label.
	 * @return string
	 */
	public function render( $placement, $redirect_to, $label = '' ) {
		if ( ! $this->button_settings->shows_at( $placement ) ) {
			return '';
		}
		$html = $this->html( $redirect_to, $label );
		if ( '' === $html ) {
			return '';
		}
		/**
		 * Filters the markup of a "Continue with Instagram" button.
		 *
		 * @param string $html      The button's HTML (escaped).
		 * @param string $placement my_account_login, my_account_register, checkout, cart, wp_login, shortcode or block.
		 */
		return (string) apply_filters( 'iglr_button_html', $html, $placement );
	}

	/**
	 * The button's HTML in the owner's style, or '' while the plugin is not set up.
	 *
	 * @param string $redirect_to Where to go after signing in.
	 * @param string $label       Text; '' for the owner's label (by default "Continue with Instagram").
	 * @return string
	 */
	public function html( $redirect_to, $label = '' ) {
		return $this->styled_link( Iglr_Urls::start_url( $redirect_to ), '' !== $label ? $label : $this->button_settings->label(), $this->button_settings->style() );
	}

	/**
	 * The button's look around another sign-in link (the signed-in user's
	 * "Link Instagram"), or '' while the plugin is not set up. Its text is
	 * always shown: linking is a decision about the account on the page, not
	 * one sign-in option in a row of icons, so icon-only becomes the gradient.
	 *
	 * @param string $url   The link.
	 * @param string $label Text.
	 * @return string
	 */
	public function link( $url, $label ) {
		$style = $this->button_settings->style();
		return $this->styled_link( $url, $label, 'icon' === $style ? 'gradient' : $style );
	}

	/**
	 * A link with the button's look, or '' while the plugin is not set up.
	 *
	 * @param string $url   The link.
	 * @param string $label Text.
	 * @param string $style One of Iglr_Button_Settings::STYLES.
	 * @return string
	 */
	private function styled_link( $url, $label, $style ) {
		if ( ! $this->settings->is_configured() ) {
			return '';
		}
		wp_enqueue_style( self::STYLE_HANDLE );
		return sprintf(
			'<p class="iglr-button-wrap"><a %1$s href="%2$s" rel="nofollow">%3$s</a></p>',
			Iglr_Button_Look::attributes( $style, $label ),
			esc_url( $url ),
			Iglr_Button_Look::inner( $style, $label )
		);
	}

	/**
	 * WooCommerce's login and registration forms (woocommerce_login_form_end,
	 * woocommerce_register_form_end): back to the redirect_to My Account was
	 * given (the checkout's "Log in" link), else this page. The classic
	 * checkout shows the login form too; there it is part of the checkout.
	 */
	public function woocommerce_form() {
		echo $this->render( self::woocommerce_form_placement(), Iglr_Return_Target::requested_or_current() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html(), then the iglr_button_html filter's.
	}

	/**
	 * Checkout, for guests (woocommerce_before_checkout_form).
	 */
	public function checkout() {
		if ( ! is_user_logged_in() ) {
			echo $this->render( 'checkout', self::current_page() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html(), then the iglr_button_html filter's.
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
		echo $this->render( 'wp_login', $redirect_to ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html(), then the iglr_button_html filter's.
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
		return $this->render( 'shortcode', $redirect_to, sanitize_text_field( $atts['label'] ) );
	}

	/**
	 * Which placement WooCommerce's form is: the registration form, the login
	 * form on My Account, or the login form the classic checkout offers.
	 *
	 * @return string
	 */
	private static function woocommerce_form_placement() {
		if ( 'woocommerce_register_form_end' === current_action() ) {
			return 'my_account_register';
		}
		return function_exists( 'is_checkout' ) && is_checkout() ? 'checkout' : 'my_account_login';
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
