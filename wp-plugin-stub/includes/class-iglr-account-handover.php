<?php
/**
 * Giving Instagram back to the account a shopper already had.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A shopper whose first Instagram sign-in made a new account, and who then
 * gives an email address another account on the store already uses, owns two
 * accounts. Nothing is merged: the new account gives its Instagram link up, so
 * that its owner can sign in to the account they had and link Instagram
 * there ("Link Instagram", confirmed by them as any link is). The new account
 * is deleted when nothing was done with it (no orders, no published content:
 * it was made seconds ago, and with the email step required it could not be
 * used); otherwise it keeps what it holds and only loses the link.
 */
class Iglr_Account_Handover {

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links $links User links.
	 */
	public function __construct( Iglr_User_Links $links ) {
		$this->links = $links;
	}

	/**
	 * Releases the Instagram link of an account made by Instagram sign-up that
	 * has no email address. Call it with the account's owner signed out.
	 *
	 * @param int $user_id The account.
	 * @return string|WP_Error 'deleted' or 'unlinked'; error code not_instagram_only for any other account.
	 */
	public function release( $user_id ) {
		if ( ! $this->links->is_instagram_only( $user_id ) ) {
			return new WP_Error( 'not_instagram_only' );
		}
		if ( $this->is_unused( $user_id ) ) {
			require_once ABSPATH . 'wp-admin/includes/user.php';
			// Unlinked first, so that it is an unlink like any other (iglr_unlinked; its Instagram picture goes).
			$this->links->remove_link( $user_id );
			wp_delete_user( $user_id );
			return 'deleted';
		}
		$this->links->remove_link( $user_id );
		return 'unlinked';
	}

	/**
	 * Whether an account holds nothing: no orders, no published content.
	 *
	 * @param int $user_id The account.
	 * @return bool
	 */
	public function is_unused( $user_id ) {
		if ( function_exists( 'wc_get_customer_order_count' ) && wc_get_customer_order_count( $user_id ) > 0 ) {
			return false;
		}
		$types = array_values( get_post_types( array( 'public' => true ) ) );
		return 0 === (int) count_user_posts( $user_id, $types );
	}
}
