<?php
/**
 * What the plugin tells WooCommerce about itself.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Declares the WooCommerce features the plugin works with. Without a
 * declaration WooCommerce counts the plugin as "uncertain": it keeps new
 * stores off High-Performance Order Storage and flags the plugin on the
 * Plugins screen. The plugin stores nothing in orders, and shows its button
 * in the Cart and Checkout blocks (Iglr_Woocommerce_Blocks).
 */
final class Iglr_Woocommerce_Compatibility {

	/** The features, by WooCommerce's ids. */
	const FEATURES = array( 'custom_order_tables', 'cart_checkout_blocks' );

	/**
	 * Declares them (before_woocommerce_init, the only time WooCommerce accepts it).
	 */
	public static function declare_features() {
		if ( ! class_exists( '\Automattic\WooCommerce\Utilities\FeaturesUtil' ) ) {
			return;
		}
		foreach ( self::FEATURES as $feature ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( $feature, IGLR_FILE, true );
		}
	}
}
