<?php
/**
 * Every name the plugin writes to the site: options, user meta, tables, the
 * REST route, cookies, query arguments, actions. uninstall.php reads the same
 * lists, so nothing can be created that uninstall does not know about.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Names of stored data and request parameters.
 */
final class Iglr_Keys {

	/** The relay connection: relay URL, store ID, store secret (encrypted). */
	const OPTION_SETTINGS = 'iglr_settings';

	/** The store's own connected Instagram account and its token (encrypted). */
	const OPTION_STORE_ACCOUNT = 'iglr_store_account';

	/** The admin-only delivery log (last entries). */
	const OPTION_DELIVERY_LOG = 'iglr_delivery_log';

	/** Schema version of the plugin's tables. */
	const OPTION_DB_VERSION = 'iglr_db_version';

	/** Per-admin result of the last settings-page action (test, save, connect), shown once after the redirect. */
	const TRANSIENT_ADMIN_RESULT_PREFIX = 'iglr_admin_result_';

	/** The Instagram account linked to a user: digits, kept as a string (IDs exceed 2^53). */
	const META_INSTAGRAM_USER_ID = 'iglr_instagram_user_id';
	/** Its app-scoped ID (instagram.authorized's app_scoped_id), when Instagram gave one: Meta's callbacks may name either. */
	const META_APP_SCOPED_ID = 'iglr_app_scoped_id';
	const META_INSTAGRAM_USERNAME = 'iglr_instagram_username';

	/** Who made the link: LINKED_BY_SELF or LINKED_BY_SIGNUP. */
	const META_LINKED_BY = 'iglr_linked_by';
	const META_LINKED_AT = 'iglr_linked_at';

	const LINKED_BY_SELF = 'self';
	const LINKED_BY_SIGNUP = 'signup';

	/**
	 * On an account made by Instagram sign-up: hashes of the profile fields filled
	 * from Instagram (user_login, nickname, display_name), so that a data deletion
	 * request resets those still unchanged and keeps what the customer chose.
	 */
	const META_PROFILE_FROM_INSTAGRAM = 'iglr_profile_from_instagram';

	/** Verified webhook events (login tickets, processed webhook ids). Without the $wpdb prefix. */
	const TABLE_EVENTS = 'iglr_events';

	/** Sign-ins started on this site and not yet back. Without the $wpdb prefix. */
	const TABLE_PENDING = 'iglr_pending';

	const REST_NAMESPACE = 'ig-login-relay/v1';
	const REST_WEBHOOK_ROUTE = '/webhook';

	/** One cookie per started sign-in: this prefix + a hash of its state. */
	const COOKIE_NONCE_PREFIX = 'iglr_nonce_';

	/** ?iglr=start and ?iglr=return on the home URL. */
	const QUERY_ACTION = 'iglr';
	/** A fixed message code (never a message) carried back to the page that shows it. */
	const QUERY_ERROR = 'iglr_error';
	const QUERY_NOTICE = 'iglr_notice';

	const CRON_PRUNE = 'iglr_prune';

	const SHORTCODE = 'ig_login_button';

	/** The settings page slug. */
	const ADMIN_PAGE = 'ig-login-relay';
	const SETTINGS_GROUP = 'iglr';

	/** admin-post.php actions; each is also its nonce action. */
	const ACTION_SAVE_APP = 'iglr_save_instagram_app';
	const ACTION_TEST_CONNECTION = 'iglr_test_connection';
	const ACTION_CONNECT_ACCOUNT = 'iglr_connect_account';
	const ACTION_DISCONNECT_ACCOUNT = 'iglr_disconnect_account';
	const ACTION_UNLINK = 'iglr_unlink';

	/**
	 * Options the plugin may create.
	 *
	 * @return string[]
	 */
	public static function options() {
		return array(
			self::OPTION_SETTINGS,
			self::OPTION_STORE_ACCOUNT,
			self::OPTION_DELIVERY_LOG,
			self::OPTION_DB_VERSION,
		);
	}

	/**
	 * User meta keys the plugin may create.
	 *
	 * @return string[]
	 */
	public static function user_meta() {
		return array(
			self::META_INSTAGRAM_USER_ID,
			self::META_APP_SCOPED_ID,
			self::META_INSTAGRAM_USERNAME,
			self::META_LINKED_BY,
			self::META_LINKED_AT,
			self::META_PROFILE_FROM_INSTAGRAM,
		);
	}

	/**
	 * Tables, without the $wpdb prefix.
	 *
	 * @return string[]
	 */
	public static function tables() {
		return array( self::TABLE_EVENTS, self::TABLE_PENDING );
	}

	/**
	 * Prefixes of transients the plugin may create.
	 *
	 * @return string[]
	 */
	public static function transient_prefixes() {
		return array( self::TRANSIENT_ADMIN_RESULT_PREFIX );
	}

	/**
	 * A table's full name on the current site.
	 *
	 * @param string $table One of the TABLE_* constants.
	 * @return string
	 */
	public static function table( $table ) {
		global $wpdb;
		return $wpdb->prefix . $table;
	}
}
