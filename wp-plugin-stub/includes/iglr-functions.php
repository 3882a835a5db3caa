<?php
/**
 * Functions for other plugins: the store's own connected Instagram account
 * and its access token, for example for an Instagram feed. Check that they
 * exist first (function_exists), as this plugin may be inactive.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The current access token of the store's own connected Instagram account.
 * The relay refreshes it before it expires; the action
 * iglr_store_token_refreshed says when it changed.
 *
 * @return string|null Null when no account is connected, its token was deleted (the account removed the
 *                     app), has expired, or cannot be read (the site's security keys changed).
 */
function iglr_get_store_access_token() {
	$account = new Iglr_Store_Account();
	$summary = $account->summary();
	if ( null === $summary || ( $summary['expires_at'] > 0 && $summary['expires_at'] <= time() ) ) {
		return null;
	}
	return $account->token();
}

/**
 * The store's own connected Instagram account, without its token.
 *
 * @return array|null instagram_user_id (digits, as a string: the IDs exceed PHP_INT_MAX on 32-bit and
 *                    2^53 in JavaScript), username, expires_at (unix seconds, 0 when unknown or the
 *                    token was deleted); null when no account is connected.
 */
function iglr_get_store_account() {
	return ( new Iglr_Store_Account() )->summary();
}
