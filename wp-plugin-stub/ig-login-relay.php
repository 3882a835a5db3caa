<?php
/**
 * Plugin Name:       Instagram Login Relay
 * Description:       "Continue with Instagram" for WooCommerce and WordPress, and the store's own Instagram access token, through an ig-login-relay service.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      7.4
 * Author:            ig-login-relay
 * License:           MIT
 * License URI:       https://opensource.org/licenses/MIT
 * Text Domain:       ig-login-relay
 * Domain Path:       /languages
 * WC requires at least: 8.3
 * WC tested up to:   10.0
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

define( 'IGLR_VERSION', '0.1.0' );
define( 'IGLR_FILE', __FILE__ );
define( 'IGLR_DIR', __DIR__ . '/includes/' );

// Iglr_Foo_Bar is in includes/class-iglr-foo-bar.php; classes load when first used.
spl_autoload_register(
	function ( $class_name ) {
		if ( ! preg_match( '/^Iglr_[A-Za-z0-9_]+$/', $class_name ) ) {
			return;
		}
		$file = IGLR_DIR . 'class-' . strtolower( str_replace( '_', '-', $class_name ) ) . '.php';
		if ( is_file( $file ) ) {
			require $file;
		}
	}
);
// The functions other plugins call.
require_once IGLR_DIR . 'iglr-functions.php';

/**
 * Builds the plugin's objects and hooks them in. Every hook is here.
 */
function iglr_add_hooks() {
	$settings      = new Iglr_Settings();
	$log           = new Iglr_Delivery_Log();
	$relay         = new Iglr_Relay_Client( $settings );
	$health        = new Iglr_Relay_Health( $relay, $log );
	$events        = new Iglr_Received_Events();
	$intake        = new Iglr_Event_Intake( $settings, $events, $log );
	$reachability  = new Iglr_Webhook_Reachability();
	$claim         = new Iglr_Login_Claim( $relay, $intake, $reachability );
	$delivery_mode = new Iglr_Login_Delivery_Mode( $relay );
	$silence       = new Iglr_Webhook_Silence( $reachability, new Iglr_Pending_Sign_Ins() );
	$warning       = new Iglr_Webhook_Warning( $settings, $reachability, $silence );
	$pending       = new Iglr_Pending_Sign_Ins();
	$links         = new Iglr_User_Links();
	$offers        = new Iglr_Link_Offers( $links );
	$account       = new Iglr_Store_Account();
	$browser       = new Iglr_Browser();
	$button_setup  = new Iglr_Button_Settings();
	$button        = new Iglr_Button( $settings, $button_setup );
	$start         = new Iglr_Sign_In_Start( $settings, $health, $pending, $browser );
	$return        = new Iglr_Sign_In_Return( $pending, $events, $claim, $links, $offers, $account, $log, $browser );
	$token_events  = new Iglr_Token_Events( $intake, $account, $log );
	$compliance    = new Iglr_Compliance_Events( $intake, $events, $account, $links, $offers, $log );
	$webhook       = new Iglr_Webhook_Route( $intake, $token_events, $compliance, $log, $reachability );
	$account_ui    = new Iglr_Account_Ui( $links, $offers, $button, $log );
	$actions       = new Iglr_Admin_Actions( $relay, $account, $start, $health, $delivery_mode );
	$page          = new Iglr_Settings_Page( $settings, $relay, $account, new Iglr_Delivery_Status_View( $log ), $delivery_mode, $warning );

	register_activation_hook( IGLR_FILE, array( 'Iglr_Installer', 'activate' ) );
	register_deactivation_hook( IGLR_FILE, array( 'Iglr_Installer', 'deactivate' ) );
	add_filter( 'cron_schedules', array( 'Iglr_Installer', 'cron_schedules' ) ); // phpcs:ignore WordPress.WP.CronInterval.ChangeDetected -- every five minutes (Iglr_Relay_Health::CHECK_INTERVAL): one GET /readyz, off the shoppers' path.
	add_action( 'plugins_loaded', array( 'Iglr_Installer', 'maybe_upgrade' ) );
	add_action( 'init', array( $button, 'register_style' ) );
	add_action(
		Iglr_Keys::CRON_PRUNE,
		function () use ( $events, $offers ) {
			$events->prune();
			$offers->prune();
		}
	);
	add_action( Iglr_Keys::CRON_RELAY_HEALTH, array( $health, 'check' ) );

	// Settings: admin_init for options.php and the page, rest_api_init so the option's schema is known there too.
	add_action( 'admin_init', array( $settings, 'register' ) );
	add_action( 'rest_api_init', array( $settings, 'register' ) );
	add_action( 'admin_init', array( $page, 'add_fields' ) );
	add_action( 'admin_menu', array( $page, 'add_menu' ) );
	add_action( 'admin_enqueue_scripts', array( $page, 'enqueue' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_SAVE_APP, array( $actions, 'save_instagram_app' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_TEST_CONNECTION, array( $actions, 'test_connection' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_CONNECT_ACCOUNT, array( $actions, 'connect_account' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_DISCONNECT_ACCOUNT, array( $actions, 'disconnect_account' ) );
	add_action( 'admin_notices', array( $account, 'admin_notice' ) );
	add_action( 'admin_notices', array( 'Iglr_Messages', 'admin_notice' ) );
	add_filter( 'site_status_tests', array( $warning, 'add_site_health_test' ) );

	add_action( 'rest_api_init', array( $webhook, 'register' ) );

	// Priority 1: before redirect_canonical (10) and WooCommerce's handlers, so nothing else answers ?iglr= first.
	add_action( 'template_redirect', array( $start, 'maybe_handle' ), 1 );
	add_action( 'template_redirect', array( $return, 'maybe_handle' ), 1 );
	// Priority 5: after the handlers above, before WooCommerce prints its notices on the page.
	add_action( 'template_redirect', array( 'Iglr_Messages', 'add_woocommerce_notice' ), 5 );
	add_filter( 'wp_login_errors', array( 'Iglr_Messages', 'login_errors' ) );

	add_action( 'woocommerce_login_form_end', array( $button, 'woocommerce_form' ) );
	add_action( 'woocommerce_register_form_end', array( $button, 'woocommerce_form' ) );
	add_action( 'woocommerce_before_checkout_form', array( $button, 'checkout' ) );
	add_action( 'login_form', array( $button, 'wp_login_form' ) );
	add_shortcode( Iglr_Keys::SHORTCODE, array( $button, 'shortcode' ) );

	add_action( 'woocommerce_account_dashboard', array( $account_ui, 'woocommerce_dashboard' ) );
	add_action( 'show_user_profile', array( $account_ui, 'profile_section' ) );
	add_action( 'personal_options_update', array( $account_ui, 'profile_update' ) );
	add_action( 'user_profile_update_errors', array( $account_ui, 'profile_errors' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_UNLINK, array( $account_ui, 'handle_unlink_post' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_LINK_DECISION, array( $account_ui, 'handle_link_decision' ) );
	add_action( 'admin_notices', array( $account_ui, 'profile_offer' ) );

	// WooCommerce's Cart and Checkout blocks, the sign-in block, the way back.
	$wc_blocks     = new Iglr_Woocommerce_Blocks( $button );
	$sign_in_block = new Iglr_Sign_In_Block( $button );
	add_action( 'before_woocommerce_init', array( 'Iglr_Woocommerce_Compatibility', 'declare_features' ) );
	add_filter( 'render_block_woocommerce/checkout-contact-information-block', array( $wc_blocks, 'before_contact_information' ) );
	add_filter( 'render_block_woocommerce/proceed-to-checkout-block', array( $wc_blocks, 'after_proceed_to_checkout' ) );
	add_action( 'init', array( $sign_in_block, 'register' ) );
	// Priority 1: drop Instagram's "#_" before anything else on the page runs.
	add_action( 'wp_head', array( 'Iglr_Address_Bar', 'print_fragment_cleanup' ), 1 );
	add_action( 'login_head', array( 'Iglr_Address_Bar', 'print_fragment_cleanup' ), 1 );
	add_action( 'admin_head', array( 'Iglr_Address_Bar', 'print_fragment_cleanup' ), 1 );

	// What store owners set and see: the button's placements, label and style; who signed in with Instagram; sign-ins by outcome.
	$button_section = new Iglr_Button_Settings_Section( $button_setup );
	$users_column   = new Iglr_Users_Column( $links );
	$sign_in_counts = new Iglr_Sign_In_Counts();
	$sign_in_report = new Iglr_Sign_In_Report( new Iglr_Sign_In_History( $relay, $sign_in_counts ), $browser );
	add_action( 'admin_init', array( $button_setup, 'register' ) );
	add_action( 'rest_api_init', array( $button_setup, 'register' ) );
	// Added after the settings page's own add_fields, at the same priority: the Button section follows the relay connection.
	add_action( 'admin_init', array( $button_section, 'add_fields' ) );
	add_action( 'admin_enqueue_scripts', array( $button_section, 'enqueue' ) );
	add_filter( 'manage_users_columns', array( $users_column, 'add_column' ) );
	add_filter( 'manage_users_custom_column', array( $users_column, 'cell' ), 10, 3 );
	add_filter( 'views_users', array( $users_column, 'add_view' ) );
	add_filter( 'users_list_table_query_args', array( $users_column, 'filter_query' ) );
	add_action( 'iglr_signed_in', array( $sign_in_counts, 'record' ) );
	add_action( 'iglr_settings_page_reports', array( $sign_in_report, 'render' ) );
	add_action( 'admin_post_' . Iglr_Keys::ACTION_REFRESH_SIGN_INS, array( $sign_in_report, 'refresh' ) );
	// WordPress's privacy tools, Site Health, translations.
	$personal_data = new Iglr_Personal_Data( $links, $log, $account );
	$exporter      = new Iglr_Privacy_Exporter( $personal_data );
	$eraser        = new Iglr_Privacy_Eraser( $personal_data, $links, $events, $log );
	$relay_test    = new Iglr_Relay_Health_Test( $settings, $health );
	$token_test    = new Iglr_Store_Token_Test( $account );
	// Priority 0: before anything on init translates (the block's block.json is read at 10).
	add_action( 'init', array( 'Iglr_Translations', 'load' ), 0 );
	add_filter( 'wp_privacy_personal_data_exporters', array( $exporter, 'register' ) );
	add_filter( 'wp_privacy_personal_data_erasers', array( $eraser, 'register' ) );
	add_action( 'admin_init', array( new Iglr_Privacy_Policy(), 'add' ) );
	add_filter( 'site_status_tests', array( $relay_test, 'add_site_health_test' ) );
	add_filter( 'site_status_tests', array( $token_test, 'add_site_health_test' ) );
	add_action( 'rest_api_init', array( $relay_test, 'register_route' ) );
	// Priority 0: sees a shopper's return before Iglr_Sign_In_Return (1) handles it and leaves the request.
	add_action( 'template_redirect', array( $silence, 'observe_return' ), 0 );

	// New accounts: their settings, the email address step, the Instagram picture as avatar, the pages for refusals.
	$new_accounts         = new Iglr_New_Account_Settings();
	$new_accounts_section = new Iglr_New_Account_Settings_Section( $new_accounts );
	$email_step           = new Iglr_Email_Step( $new_accounts, $links, new Iglr_Account_Handover( $links ), $log, $browser );
	$pictures             = new Iglr_Profile_Pictures();
	$welcome              = new Iglr_Welcome_Email();
	$problems             = new Iglr_Sign_In_Problems();
	add_action( 'admin_init', array( $new_accounts, 'register' ) );
	add_action( 'rest_api_init', array( $new_accounts, 'register' ) );
	add_action( 'admin_init', array( $new_accounts, 'store_unless_saved' ) );
	// Added after the relay connection's fields (same hook and priority), so the section follows them.
	add_action( 'admin_init', array( $new_accounts_section, 'add_fields' ) );
	add_action( 'init', array( 'Iglr_Theme_Page', 'register_style' ) );
	add_action( 'template_redirect', array( $email_step, 'maybe_handle' ), 1 );
	add_action( 'template_redirect', array( $problems, 'maybe_handle' ), 1 );
	// Priority 2: after the plugin's own handlers (1), before WooCommerce's notices (5) and its own handlers (10).
	add_action( 'template_redirect', array( $email_step, 'require_email' ), 2 );
	add_action( 'admin_init', array( $email_step, 'require_email_in_admin' ) );
	add_action( 'iglr_user_created', array( $welcome, 'on_user_created' ) );
	add_action( 'profile_update', array( $welcome, 'on_profile_update' ), 10, 2 );
	add_filter( 'send_email_change_email', array( 'Iglr_Welcome_Email', 'skip_change_notice_without_old_address' ), 10, 2 );
	add_action( 'iglr_signed_in', array( $pictures, 'on_signed_in' ), 10, 2 );
	add_action( 'iglr_linked', array( $pictures, 'on_linked' ), 10, 2 );
	add_action( 'iglr_unlinked', array( $pictures, 'delete_copies' ) );
	// Before WordPress deletes or reassigns the account's posts: the copy must not pass to another user.
	add_action( 'delete_user', array( $pictures, 'delete_copies' ) );
	add_filter( 'pre_get_avatar_data', array( 'Iglr_Avatar', 'avatar_data' ), 10, 2 );
	add_filter( 'user_profile_picture_description', array( 'Iglr_Avatar', 'profile_picture_description' ), 10, 2 );
	add_filter( 'ajax_query_attachments_args', array( 'Iglr_Profile_Pictures', 'exclude_from_media_queries' ) );
	add_filter( 'rest_attachment_query', array( 'Iglr_Profile_Pictures', 'exclude_from_media_queries' ) );
	add_action( 'woocommerce_register_form_end', array( 'Iglr_Registration', 'prefill_username' ) );
	add_action( 'register_form', array( 'Iglr_Registration', 'prefill_username' ) );
}

iglr_add_hooks();
