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

	/** The relay's readiness as last checked in the background: ready (bool), checked_at (unix time). */
	const OPTION_RELAY_HEALTH = 'iglr_relay_health';

	/**
	 * Whether the relay's webhooks reach this site: when a verified one last arrived, the sign-ins
	 * claimed from the relay since then, and what the relay last reported about refused attempts.
	 */
	const OPTION_WEBHOOK_REACHABILITY = 'iglr_webhook_reachability';

	/** When a verified webhook last reached the route (unix seconds), written by the webhook alone. Not autoloaded. */
	const OPTION_WEBHOOK_LAST_AT = 'iglr_webhook_last_at';

	/**
	 * How new accounts made by Instagram sign-in are set up: the email address step, their role,
	 * where shoppers go after signing in and after signing up (Iglr_New_Account_Settings).
	 */
	const OPTION_NEW_ACCOUNTS = 'iglr_new_accounts';

	/**
	 * The button's placements, label and style (Iglr_Button_Settings). Left to autoload: a
	 * button in a block theme's header reads it on every page.
	 */
	const OPTION_BUTTON = 'iglr_button';

	/** Sign-ins this site completed, per UTC day (Y-m-d => count), for the last 90 days. Not autoloaded. */
	const OPTION_SIGN_IN_COUNTS = 'iglr_sign_in_counts';

	/** The relay's sign-ins by outcome for the settings page's report, kept a few minutes. */
	const TRANSIENT_RELAY_SIGN_INS = 'iglr_relay_sign_ins';
	/** Shoppers who came back from an approved sign-in while no webhook had arrived for it (Iglr_Webhook_Silence). */
	const OPTION_WEBHOOK_SILENCE = 'iglr_webhook_silence';

	/** Per-admin result of the last settings-page action (test, save, connect), shown once after the redirect. */
	const TRANSIENT_ADMIN_RESULT_PREFIX = 'iglr_admin_result_';

	/** The Instagram account linked to a user: digits, kept as a string (IDs exceed 2^53). */
	const META_INSTAGRAM_USER_ID = 'iglr_instagram_user_id';
	/** Its app-scoped ID (instagram.authorized's app_scoped_id), when Instagram gave one: Meta's callbacks may name either. */
	const META_APP_SCOPED_ID      = 'iglr_app_scoped_id';
	const META_INSTAGRAM_USERNAME = 'iglr_instagram_username';

	/** Who made the link: LINKED_BY_SELF or LINKED_BY_SIGNUP. */
	const META_LINKED_BY = 'iglr_linked_by';
	const META_LINKED_AT = 'iglr_linked_at';

	const LINKED_BY_SELF   = 'self';
	const LINKED_BY_SIGNUP = 'signup';

	/**
	 * On an account made by Instagram sign-up: hashes of the profile fields filled
	 * from Instagram (user_login, nickname, display_name), so that a data deletion
	 * request resets those still unchanged and keeps what the customer chose.
	 */
	const META_PROFILE_FROM_INSTAGRAM = 'iglr_profile_from_instagram';

	/**
	 * An Instagram account waiting for its signed-in user to confirm the link:
	 * instagram_user_id, app_scoped_id, username, expires_at. Never a link until confirmed.
	 */
	const META_LINK_OFFER = 'iglr_link_offer';

	/** The attachment ID of the copy of the user's Instagram picture in the media library. */
	const META_AVATAR_ID = 'iglr_avatar_id';

	/** On an attachment that is a copy of an Instagram picture: the user ID it belongs to. */
	const POST_META_PICTURE_OF = '_iglr_picture_of';

	/** Verified webhook events (login tickets, processed webhook ids). Without the $wpdb prefix. */
	const TABLE_EVENTS = 'iglr_events';

	/** Tables of earlier versions, dropped on upgrade and uninstall. Without the $wpdb prefix. */
	const RETIRED_TABLES = array( 'iglr_pending' );

	const REST_NAMESPACE     = 'ig-login-relay/v1';
	const REST_WEBHOOK_ROUTE = '/webhook';

	/** The Site Health test that says whether the relay's webhooks reach this site. */
	const SITE_HEALTH_WEBHOOKS = 'iglr_webhooks_reach_site';
	/** The Site Health test that says whether the relay answered its last readiness check. */
	const SITE_HEALTH_RELAY = 'iglr_relay_reachable';
	/** The Site Health test of the store's own Instagram account's token expiry. */
	const SITE_HEALTH_STORE_TOKEN = 'iglr_store_token';
	/** The REST route Site Health calls when the relay has not been checked recently. */
	const REST_SITE_HEALTH_RELAY_ROUTE = '/site-health/relay';

	/** One cookie per started sign-in: this prefix + a hash of its state. */
	const COOKIE_PENDING_PREFIX = 'iglr_pending_';

	/** ?iglr=start and ?iglr=return on the home URL. */
	const QUERY_ACTION = 'iglr';
	/** A fixed message code (never a message) carried back to the page that shows it. */
	const QUERY_ERROR  = 'iglr_error';
	const QUERY_NOTICE = 'iglr_notice';
	/** The Users list's "Linked to Instagram" view: users.php?iglr_linked=1. */
	const QUERY_LINKED = 'iglr_linked';

	const CRON_PRUNE = 'iglr_prune';
	/** The background check of the relay's readiness. */
	const CRON_RELAY_HEALTH = 'iglr_check_relay';
	/** Its interval, registered with cron_schedules. */
	const CRON_SCHEDULE_RELAY_HEALTH = 'iglr_five_minutes';

	const SHORTCODE = 'ig_login_button';

	/** The settings page slug. */
	const ADMIN_PAGE     = 'ig-login-relay';
	const SETTINGS_GROUP = 'iglr';

	/** Actions of admin-post.php; each is also its nonce action. */
	const ACTION_SAVE_APP           = 'iglr_save_instagram_app';
	const ACTION_TEST_CONNECTION    = 'iglr_test_connection';
	const ACTION_CONNECT_ACCOUNT    = 'iglr_connect_account';
	const ACTION_DISCONNECT_ACCOUNT = 'iglr_disconnect_account';
	const ACTION_UNLINK             = 'iglr_unlink';
	/** The signed-in user's "Link Instagram" (a nonce action only: the link starts at ?iglr=start). */
	const ACTION_LINK = 'iglr_link';
	/** The signed-in user's answer to a link offer: link it or not. */
	const ACTION_LINK_DECISION = 'iglr_link_decision';
	/** The report's "Refresh": asks the relay again instead of using the few minutes' copy. */
	const ACTION_REFRESH_SIGN_INS = 'iglr_refresh_sign_ins';

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
			self::OPTION_RELAY_HEALTH,
			self::OPTION_WEBHOOK_REACHABILITY,
			self::OPTION_WEBHOOK_LAST_AT,
			self::OPTION_NEW_ACCOUNTS,
			self::OPTION_BUTTON,
			self::OPTION_SIGN_IN_COUNTS,
			self::OPTION_WEBHOOK_SILENCE,
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
			self::META_LINK_OFFER,
			self::META_AVATAR_ID,
		);
	}

	/**
	 * Tables, without the $wpdb prefix.
	 *
	 * @return string[]
	 */
	public static function tables() {
		return array( self::TABLE_EVENTS );
	}

	/**
	 * Scheduled hooks the plugin may create.
	 *
	 * @return string[]
	 */
	public static function cron_hooks() {
		return array( self::CRON_PRUNE, self::CRON_RELAY_HEALTH );
	}

	/**
	 * Prefixes of transients the plugin may create.
	 *
	 * @return string[]
	 */
	public static function transient_prefixes() {
		return array( self::TRANSIENT_ADMIN_RESULT_PREFIX, self::TRANSIENT_RELAY_SIGN_INS );
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
