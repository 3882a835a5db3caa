<?php
// Sets WooCommerce up as a new store would be after its onboarding is skipped: its tables, its pages
// (Cart and Checkout blocks on the main leg, the classic shortcodes on the classic leg), guest checkout,
// cash on delivery and one product. Runs in WordPress's global scope: no variables named $wp, $post…
//   php install-woocommerce.php WP_DIR SITE_URL main|classic
$iglr_root = $argv[1];
$iglr_site = parse_url($argv[2]);
$iglr_leg = $argv[3];
$_SERVER['HTTP_HOST'] = $iglr_site['host'] . (isset($iglr_site['port']) ? ':' . $iglr_site['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
require $iglr_root . '/wp-load.php';

if (!get_option('woocommerce_db_version')) {
    WC_Install::install();
}
WC_Install::create_pages();
if ($iglr_leg === 'classic') {
    // The pages exist already (WooCommerce made them when it was activated): give them the shortcodes.
    foreach (['cart' => '[woocommerce_cart]', 'checkout' => '[woocommerce_checkout]'] as $iglr_page => $iglr_shortcode) {
        wp_update_post(['ID' => wc_get_page_id($iglr_page), 'post_content' => "<!-- wp:shortcode -->$iglr_shortcode<!-- /wp:shortcode -->"]);
    }
}
// What the first wp-admin visit does on a new store: among others, HPOS on when every active plugin is compatible.
WC_Install::newly_installed();

update_option('woocommerce_coming_soon', 'no'); // new stores are hidden from guests until launched
update_option('woocommerce_enable_guest_checkout', 'yes');
update_option('woocommerce_enable_checkout_login_reminder', 'yes');
update_option('woocommerce_enable_myaccount_registration', 'yes');
update_option('woocommerce_onboarding_profile', ['skipped' => true]);
update_option('woocommerce_task_list_hidden', 'yes');
update_option('woocommerce_show_marketplace_suggestions', 'no');
update_option('woocommerce_allow_tracking', 'no');
delete_transient('_wc_activation_redirect');
update_option('woocommerce_cod_settings', ['enabled' => 'yes', 'title' => 'Cash on delivery', 'description' => 'Pay when you pick it up.']);

$iglr_product = new WC_Product_Simple();
$iglr_product->set_name('Tasting session (online)');
$iglr_product->set_slug('tasting-session');
$iglr_product->set_regular_price('12.50');
$iglr_product->set_virtual(true);
$iglr_product->set_status('publish');
$iglr_product->save();

$iglr_hpos = Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
if (!$iglr_hpos) {
    fwrite(STDERR, "HPOS is off on this new store: an active plugin is not declared compatible with it\n");
    exit(1);
}
echo "installed WooCommerce ", WC()->version, " ($iglr_leg), HPOS on, checkout page ", wc_get_page_id('checkout'), "\n";
