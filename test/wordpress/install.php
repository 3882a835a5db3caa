<?php
// Installs WordPress without the web installer, activates the plugin and creates the pages the
// tests visit. Runs in WordPress's global scope: no variables named $wp, $wpdb, $post…
$iglr_root = $argv[1];
$iglr_site = parse_url($argv[2]);
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = $iglr_site['host'] . (isset($iglr_site['port']) ? ':' . $iglr_site['port'] : '');
$_SERVER['REQUEST_URI'] = '/';
require $iglr_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

if (!is_blog_installed()) {
    wp_install('Lumen Coffee (test store)', 'admin', 'admin@example.com', false, '', 'adminpass');
}
update_option('permalink_structure', '/%postname%/');
flush_rewrite_rules(false);

$iglr_result = activate_plugin('ig-login-relay/ig-login-relay.php');
if (is_wp_error($iglr_result)) {
    fwrite(STDERR, 'activation failed: ' . $iglr_result->get_error_message() . "\n");
    exit(1);
}

foreach ([
    ['my-account', 'My account', '[woocommerce_my_account]'],
    ['checkout', 'Checkout', '[woocommerce_checkout]'],
    ['instagram', 'Sign in', '[ig_login_button]'],
] as [$iglr_slug, $iglr_title, $iglr_content]) {
    if (!get_page_by_path($iglr_slug)) {
        wp_insert_post(['post_name' => $iglr_slug, 'post_title' => $iglr_title, 'post_content' => $iglr_content, 'post_status' => 'publish', 'post_type' => 'page']);
    }
}
echo "installed\n";
