<?php
/**
 * The button in WooCommerce's Checkout and Cart blocks.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The Checkout and Cart blocks fire none of the classic checkout hooks: they
 * are React apps that WooCommerce builds in the browser from the inner blocks'
 * server-rendered placeholders. Markup placed next to a placeholder is kept
 * as it is, so the offer is added on the server (render_block_{name}) before
 * the contact information step of the checkout and under the cart's "Proceed
 * to Checkout" button, for guests only. No JavaScript build is needed.
 */
final class Iglr_Woocommerce_Blocks {

	/**
	 * The button.
	 *
	 * @var Iglr_Button
	 */
	private $button;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Button $button The button.
	 */
	public function __construct( Iglr_Button $button ) {
		$this->button = $button;
	}

	/**
	 * Checkout block: before the email step (render_block_woocommerce/checkout-contact-information-block).
	 *
	 * @param string $content The contact information block's placeholder.
	 * @return string
	 */
	public function before_contact_information( $content ) {
		return $this->offer( 'checkout', __( 'Have an Instagram account? Sign in with it, or check out as a guest below.', 'ig-login-relay' ) ) . $content;
	}

	/**
	 * Cart block: under "Proceed to Checkout" (render_block_woocommerce/proceed-to-checkout-block).
	 *
	 * @param string $content The proceed-to-checkout block's placeholder.
	 * @return string
	 */
	public function after_proceed_to_checkout( $content ) {
		return $content . $this->offer( 'cart', __( 'Or sign in first, with Instagram:', 'ig-login-relay' ) );
	}

	/**
	 * The offer to sign in: a line of text and the button, back to this page.
	 *
	 * @param string $where 'checkout' or 'cart' (the button's placement).
	 * @param string $lead  The line above the button.
	 * @return string '' for signed-in shoppers, where the owner switched the placement off and while the plugin is not set up.
	 */
	private function offer( $where, $lead ) {
		if ( is_user_logged_in() ) {
			return '';
		}
		$button = $this->button->render( $where, Iglr_Return_Target::current_page() );
		if ( '' === $button ) {
			return '';
		}
		return sprintf(
			'<div class="iglr-offer iglr-offer--%1$s"><p class="iglr-offer__lead">%2$s</p>%3$s</div>',
			esc_attr( $where ),
			esc_html( $lead ),
			$button // Escaped in Iglr_Button::html(), then the iglr_button_html filter's.
		);
	}
}
