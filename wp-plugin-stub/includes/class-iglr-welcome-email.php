<?php
/**
 * The welcome email of an account made by Instagram sign-up.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The email a store sends for a new account, sent once the account has an
 * address: right away when it was created with one (through the
 * iglr_new_user_data filter), else the first time one is saved (the email
 * step, My Account's account details, or an administrator). What goes out is
 * what the store's own registration sends: with WooCommerce, its "Your
 * account has been created" email to the customer, with the link to set a
 * password (theirs was made at random); without WooCommerce, WordPress's
 * new-user emails, to the user (the link to set a password) and to the
 * site's administrator, as wp-login.php's registration does.
 *
 * Nothing is stored to remember it: the moment is an account made by
 * Instagram sign-up going from no address to one, which happens once.
 */
class Iglr_Welcome_Email {

	/**
	 * A new account was created from Instagram (iglr_user_created).
	 *
	 * @param int $user_id The account.
	 */
	public function on_user_created( $user_id ) {
		$user = get_userdata( $user_id );
		if ( $user instanceof WP_User && '' !== $user->user_email ) {
			$this->send( $user_id );
		}
	}

	/**
	 * An account changed (profile_update): an Instagram sign-up's first address sends the email it is owed.
	 *
	 * @param int     $user_id       The account.
	 * @param WP_User $old_user_data The account before the change.
	 */
	public function on_profile_update( $user_id, $old_user_data ) {
		if ( ! $old_user_data instanceof WP_User || '' !== $old_user_data->user_email ) {
			return;
		}
		$user = get_userdata( $user_id );
		if ( ! $user instanceof WP_User || '' === $user->user_email
			|| Iglr_Keys::LINKED_BY_SIGNUP !== get_user_meta( $user_id, Iglr_Keys::META_LINKED_BY, true ) ) {
			return;
		}
		$this->send( $user_id );
	}

	/**
	 * WordPress tells an account's old address when the address changes
	 * (send_email_change_email); an account made by Instagram sign-up has none
	 * to tell, and a message to nobody only fails.
	 *
	 * @param bool  $send Whether to send it.
	 * @param array $user The account before the change.
	 * @return bool
	 */
	public static function skip_change_notice_without_old_address( $send, $user ) {
		return is_array( $user ) && isset( $user['user_email'] ) && '' === $user['user_email'] ? false : $send;
	}

	/**
	 * Sends the store's own new-account email.
	 *
	 * @param int $user_id The account, with an email address.
	 */
	private function send( $user_id ) {
		if ( Iglr_Woocommerce_Compatibility::woocommerce_active() && function_exists( 'WC' ) ) {
			// The password was generated: WooCommerce's email then links to setting one.
			WC()->mailer()->customer_new_account( $user_id, array(), true );
			return;
		}
		wp_new_user_notification( $user_id, null, 'both' );
	}
}
