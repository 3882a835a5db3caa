<?php
/**
 * WooCommerce: whether it is there, and what the plugin tells it about itself.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Whether WooCommerce is active, and the WooCommerce features the plugin
 * declares it works with. Without a declaration WooCommerce counts the plugin as "uncertain": it keeps new
 * stores off High-Performance Order Storage and flags the plugin on the
 * Plugins screen. The plugin stores nothing in orders, and shows its button
 * in the Cart and Checkout blocks (Iglr_Woocommerce_Blocks).
 */
final class Iglr_Woocommerce_Compatibility {

	/** The features, by WooCommerce's ids. */
	const FEATURES = array( 'custom_order_tables', 'cart_checkout_blocks' );

	/**
	 * Whether WooCommerce is active. Asked when needed, not at load time:
	 * WooCommerce loads after this plugin (plugins load alphabetically).
	 *
	 * @return bool
	 */
	public static function woocommerce_active() {
		/**
		 * Filters whether the plugin uses WooCommerce (its customer role, notices and menu).
		 *
		 * @param bool $active Whether the WooCommerce class exists.
		 */
		return (bool) apply_filters( 'iglr_woocommerce_active', class_exists( 'WooCommerce' ) );
	}

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
