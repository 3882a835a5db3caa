<?php
/**
 * The button in WooCommerce's Checkout and Cart blocks, and the compatibility it declares.
 *
 * @package ig-login-relay
 */

use Automattic\WooCommerce\Internal\Features\FeaturesController;

/**
 * Rendered by the real WooCommerce the test site runs, from the block markup
 * WooCommerce itself puts on a new store's Checkout and Cart pages.
 */
class WooCommerceBlocksTest extends Iglr_Test_Case {

	const CONTACT = '<!-- wp:woocommerce/checkout-contact-information-block --><div class="wp-block-woocommerce-checkout-contact-information-block"></div><!-- /wp:woocommerce/checkout-contact-information-block -->';

	const PROCEED = '<!-- wp:woocommerce/proceed-to-checkout-block --><div class="wp-block-woocommerce-proceed-to-checkout-block"></div><!-- /wp:woocommerce/proceed-to-checkout-block -->';

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		$_SERVER['REQUEST_URI'] = '/checkout/';
	}

	protected function tearDown(): void {
		$_SERVER['REQUEST_URI'] = '/';
		parent::tearDown();
	}

	public function test_guests_get_the_offer_before_the_contact_step_back_to_this_page() {
		$html = do_blocks( self::CONTACT );
		$this->assertMatchesRegularExpression( '#^<div class="iglr-offer iglr-offer--checkout"><p class="iglr-offer__lead">[^<]+</p><p class="iglr-button-wrap"><a class="iglr-button" href="[^"]+"#', $html );
		$this->assertStringContainsString( 'redirect_to=' . rawurlencode( home_url( '/checkout/' ) ), $html, 'back to this page' );
		$this->assertStringContainsString( '<div data-block-name="woocommerce/checkout-contact-information-block" class="wp-block-woocommerce-checkout-contact-information-block">', $html, "WooCommerce's placeholder keeps its block name" );
		$this->assertStringNotContainsString( 'data-block-name="woocommerce/checkout-contact-information-block" class="iglr', $html, 'the offer is not mistaken for the block' );
	}

	public function test_guests_get_the_offer_under_proceed_to_checkout() {
		$html = do_blocks( self::PROCEED );
		$this->assertMatchesRegularExpression( '#^<div data-block-name="woocommerce/proceed-to-checkout-block"[^>]*></div><div class="iglr-offer iglr-offer--cart">#', $html );
	}

	public function test_signed_in_shoppers_get_no_offer() {
		wp_set_current_user( self::make_user( 'customer', 'signed.in' ) );
		$this->assertStringNotContainsString( 'iglr', do_blocks( self::CONTACT . self::PROCEED ) );
	}

	public function test_no_offer_until_the_plugin_is_set_up() {
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		$this->assertStringNotContainsString( 'iglr', do_blocks( self::CONTACT . self::PROCEED ) );
	}

	public function test_compatible_with_hpos_and_the_cart_and_checkout_blocks() {
		$features = wc_get_container()->get( FeaturesController::class )->get_compatible_features_for_plugin( plugin_basename( IGLR_FILE ) );
		$this->assertContains( 'custom_order_tables', $features['compatible'] );
		$this->assertContains( 'cart_checkout_blocks', $features['compatible'] );
		$this->assertSame( array(), $features['incompatible'] );
	}

	public function test_woocommerce_headers() {
		$headers = get_file_data(
			IGLR_FILE,
			array(
				'requires' => 'WC requires at least',
				'tested'   => 'WC tested up to',
			)
		);
		$this->assertSame( '8.3', $headers['requires'] );
		$this->assertSame( '10.0', $headers['tested'] );
		$this->assertTrue( version_compare( WC()->version, $headers['tested'], '>=' ) && version_compare( WC()->version, '10.1', '<' ), 'tested with the WooCommerce that runs here' );
	}
}
