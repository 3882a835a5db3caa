<?php
/**
 * Plugin Name: WooCommerce stand-in (tests only)
 * Description: WooCommerce cannot be installed on the test machine (no internet, no Composer). This must-use plugin offers what ig-login-relay touches — the WooCommerce class, the customer role, the admin menu, notices and the My Account, registration and checkout actions — so the plugin's WooCommerce paths run in a real WordPress. It is not WooCommerce.
 */

if (!defined('ABSPATH')) {
    exit;
}

// ig-login-relay decides "WooCommerce is active" with class_exists('WooCommerce').
if (!class_exists('WooCommerce')) {
    final class WooCommerce
    {
        public $version = 'stand-in';
    }
}

// WooCommerce creates this role when it is installed.
add_action('init', function () {
    if (!get_role('customer')) {
        add_role('customer', 'Customer', ['read' => true]);
    }
});

// The WooCommerce admin menu, so plugins can add their pages under it (priority 9: before theirs).
add_action('admin_menu', function () {
    add_menu_page('WooCommerce', 'WooCommerce', 'manage_options', 'woocommerce', function () {
        echo '<div class="wrap"><h1>WooCommerce (stand-in)</h1></div>';
    });
}, 9);

const IGLR_STANDIN_NOTICE_COOKIE = 'wc_standin_notices';

/** Notices survive one redirect, like WooCommerce's session notices: kept server-side, keyed by a cookie. */
function iglr_standin_notice_key($create)
{
    $key = isset($_COOKIE[IGLR_STANDIN_NOTICE_COOKIE]) ? preg_replace('/[^a-f0-9]/', '', (string) $_COOKIE[IGLR_STANDIN_NOTICE_COOKIE]) : '';
    if ($key === '' && $create) {
        $key = bin2hex(random_bytes(16));
        setcookie(IGLR_STANDIN_NOTICE_COOKIE, $key, ['path' => '/', 'httponly' => true, 'samesite' => 'Lax']);
        $_COOKIE[IGLR_STANDIN_NOTICE_COOKIE] = $key;
    }
    return $key;
}

function wc_add_notice($message, $notice_type = 'success', $data = [])
{
    $key = iglr_standin_notice_key(true);
    $notices = get_transient('wc_standin_notices_' . $key) ?: [];
    $notices[] = ['type' => $notice_type, 'message' => $message];
    set_transient('wc_standin_notices_' . $key, $notices, HOUR_IN_SECONDS);
}

function wc_print_notices($return = false)
{
    $key = iglr_standin_notice_key(false);
    $notices = $key === '' ? [] : (get_transient('wc_standin_notices_' . $key) ?: []);
    if ($key !== '') {
        delete_transient('wc_standin_notices_' . $key);
    }
    $html = '';
    foreach ($notices as $notice) {
        $html .= sprintf('<div class="woocommerce-%s" role="alert">%s</div>', esc_attr($notice['type'] === 'error' ? 'error' : 'message'), wp_kses_post($notice['message']));
    }
    if ($return) {
        return $html;
    }
    echo $html; // phpcs:ignore -- escaped above
}

function wc_get_page_permalink($page)
{
    $slugs = ['myaccount' => 'my-account', 'checkout' => 'checkout'];
    return home_url('/' . ($slugs[$page] ?? $page) . '/');
}

function is_account_page()
{
    return is_page('my-account');
}

add_shortcode('woocommerce_my_account', function () {
    ob_start();
    echo '<div class="woocommerce">';
    wc_print_notices();
    if (is_user_logged_in()) {
        $user = wp_get_current_user();
        printf('<p class="account-greeting">Hello %s</p>', esc_html($user->display_name));
        do_action('woocommerce_account_dashboard');
        echo '<form class="woocommerce-EditAccountForm edit-account" method="post">';
        do_action('woocommerce_edit_account_form');
        echo '</form>';
        printf('<p><a class="logout" href="%s">Log out</a></p>', esc_url(wp_logout_url(wc_get_page_permalink('myaccount'))));
    } else {
        echo '<h2>Login</h2><form class="woocommerce-form-login" method="post" action="' . esc_url(site_url('wp-login.php', 'login_post')) . '">';
        do_action('woocommerce_login_form_start');
        echo '<p><label>Username <input name="log" id="username"></label></p><p><label>Password <input type="password" name="pwd" id="password"></label></p>';
        echo '<input type="hidden" name="redirect_to" value="' . esc_attr(wc_get_page_permalink('myaccount')) . '">';
        echo '<button type="submit" name="login">Log in</button>';
        do_action('woocommerce_login_form_end');
        echo '</form><h2>Register</h2><form class="woocommerce-form-register" method="post">';
        do_action('woocommerce_register_form_start');
        echo '<p><label>Email <input name="email"></label></p><button type="submit" name="register">Register</button>';
        do_action('woocommerce_register_form_end');
        echo '</form>';
    }
    echo '</div>';
    return ob_get_clean();
});

add_shortcode('woocommerce_checkout', function () {
    ob_start();
    echo '<div class="woocommerce">';
    wc_print_notices();
    if (!is_user_logged_in()) {
        do_action('woocommerce_before_checkout_form');
    }
    echo '<form class="checkout"><p>Checkout (stand-in)</p></form></div>';
    return ob_get_clean();
});
