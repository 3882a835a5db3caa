<?php
/**
 * The types of the relay's events.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Every event type the plugin acts on, as the relay names it in its webhooks
 * and login claims. An event of another type is recorded and otherwise ignored.
 */
final class Iglr_Event_Type {

	/** Someone approved the store's app on Instagram: a sign-in or the store's own account (a login ticket). */
	const AUTHORIZED = 'instagram.authorized';

	/** The relay refreshed the store's own account's token. */
	const TOKEN_REFRESHED = 'instagram.token_refreshed';

	/** The relay could not refresh the store's own account's token. */
	const TOKEN_REFRESH_FAILED = 'instagram.token_refresh_failed';

	/** Meta's deauthorize callback: the person removed the store's app. */
	const DEAUTHORIZED = 'instagram.deauthorized';

	/** Meta's data deletion request callback: the person asked for their data to be deleted. */
	const DATA_DELETION_REQUESTED = 'instagram.data_deletion_requested';
}
