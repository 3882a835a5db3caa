<?php
// Installs WordPress without the web installer, activates the plugin unless it is not installed
// (PLUGIN none) and WooCommerce, except on the minimum leg, and creates the pages the tests visit.
// Runs in WordPress's global scope: no variables named $wp, $wpdb, $post…
//   php install.php WP_DIR SITE_URL LEG PLUGIN
$iglr_root = $argv[1];
$iglr_site = parse_url($argv[2]);
$iglr_leg = $argv[3];
$iglr_with_plugin = ($argv[4] ?? 'zip') !== 'none';
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

$iglr_plugins = array_merge($iglr_leg === 'minimum' ? [] : ['woocommerce/woocommerce.php'], $iglr_with_plugin ? ['ig-login-relay/ig-login-relay.php'] : []);
foreach ($iglr_plugins as $iglr_plugin) {
    $iglr_result = activate_plugin($iglr_plugin);
    if (is_wp_error($iglr_result)) {
        fwrite(STDERR, "activating $iglr_plugin failed: " . $iglr_result->get_error_message() . "\n");
        exit(1);
    }
}

// The shortcode and the block, each on a page of its own.
foreach ([
    ['instagram', 'Sign in', '<!-- wp:shortcode -->[ig_login_button]<!-- /wp:shortcode -->'],
    ['instagram-block', 'Sign in (block)', '<!-- wp:ig-login-relay/sign-in /-->'],
] as [$iglr_slug, $iglr_title, $iglr_content]) {
    wp_insert_post(['post_name' => $iglr_slug, 'post_title' => $iglr_title, 'post_content' => $iglr_content, 'post_status' => 'publish', 'post_type' => 'page']);
}
echo "installed WordPress ", get_bloginfo('version'), " ($iglr_leg), theme ", get_stylesheet(), "\n";
