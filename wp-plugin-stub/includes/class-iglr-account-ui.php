<?php
/**
 * A signed-in user's Instagram link.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Link and unlink on WooCommerce's My Account dashboard and on the
 * WordPress profile page, and a reminder to add an email address (Instagram
 * gives none). Unlinking is a POST with a nonce.
 */
class Iglr_Account_Ui {

	/** Nonce field of the unlink forms. */
	const NONCE_FIELD = 'iglr_unlink_nonce';

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Button.
	 *
	 * @var Iglr_Button
	 */
	private $button;

	/**
	 * Unlink refusal to report with the profile form's errors.
	 *
	 * @var bool
	 */
	private $profile_unlink_refused = false;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links $links  User links.
	 * @param Iglr_Button     $button Button.
	 */
	public function __construct( Iglr_User_Links $links, Iglr_Button $button ) {
		$this->links  = $links;
		$this->button = $button;
	}

	/**
	 * WooCommerce My Account dashboard (woocommerce_account_dashboard).
	 */
	public function woocommerce_dashboard() {
		$user = wp_get_current_user();
		if ( ! $user->exists() ) {
			return;
		}
		$account_url = function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : home_url( '/' );
		if ( '' === $user->user_email ) {
			$edit_url = function_exists( 'wc_get_account_endpoint_url' ) ? wc_get_account_endpoint_url( 'edit-account' ) : $account_url;
			printf(
				'<div class="woocommerce-info iglr-email-reminder">%s <a href="%s">%s</a></div>',
				esc_html__( 'Instagram does not share an email address. Add yours so that we can send you order updates and you can reset your password.', 'ig-login-relay' ),
				esc_url( $edit_url ),
				esc_html__( 'Add an email address', 'ig-login-relay' )
			);
		}
		$link   = $this->links->link_of( $user->ID );
		$button = null === $link ? $this->button->html( $account_url, __( 'Link Instagram', 'ig-login-relay' ) ) : '';
		if ( null === $link && '' === $button ) {
			return; // Not set up yet: nothing to offer.
		}
		echo '<h3 class="iglr-account-heading">' . esc_html__( 'Instagram', 'ig-login-relay' ) . '</h3>';
		if ( null === $link ) {
			echo '<p>' . esc_html__( 'Link your Instagram account to sign in with it.', 'ig-login-relay' ) . '</p>';
			echo $button; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html().
			return;
		}
		?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" class="iglr-unlink">
			<p>
				<?php
				/* translators: %s: Instagram username. */
				echo esc_html( sprintf( __( 'Linked to Instagram account @%s.', 'ig-login-relay' ), $link['username'] ) );
				?>
			</p>
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_UNLINK ); ?>" />
			<input type="hidden" name="redirect_to" value="<?php echo esc_url( $account_url ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_UNLINK, self::NONCE_FIELD ); ?>
			<button type="submit" class="button"><?php esc_html_e( 'Unlink Instagram', 'ig-login-relay' ); ?></button>
		</form>
		<?php
	}

	/**
	 * The user's own profile page (show_user_profile). The unlink checkbox is
	 * submitted with the profile form, which cannot hold a form of its own.
	 *
	 * @param WP_User $user The user.
	 */
	public function profile_section( $user ) {
		$link   = $this->links->link_of( $user->ID );
		$button = null === $link ? $this->button->html( admin_url( 'profile.php' ), __( 'Link Instagram', 'ig-login-relay' ) ) : '';
		if ( null === $link && '' === $button ) {
			return; // Not set up yet: nothing to offer.
		}
		?>
		<h2><?php esc_html_e( 'Instagram', 'ig-login-relay' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th scope="row"><?php esc_html_e( 'Instagram sign-in', 'ig-login-relay' ); ?></th>
				<td>
				<?php if ( null === $link ) : ?>
					<?php echo $button; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in html(). ?>
				<?php else : ?>
					<p>
						<?php
						/* translators: %s: Instagram username. */
						echo esc_html( sprintf( __( 'Linked to Instagram account @%s.', 'ig-login-relay' ), $link['username'] ) );
						?>
					</p>
					<label><input type="checkbox" name="iglr_unlink" value="1" /> <?php esc_html_e( 'Unlink Instagram when I update my profile', 'ig-login-relay' ); ?></label>
					<?php wp_nonce_field( Iglr_Keys::ACTION_UNLINK, self::NONCE_FIELD ); ?>
				<?php endif; ?>
				</td>
			</tr>
		</table>
		<?php
	}

	/**
	 * The profile form was saved (personal_options_update).
	 *
	 * @param int $user_id The user.
	 */
	public function profile_update( $user_id ) {
		if ( empty( $_POST['iglr_unlink'] ) || ! isset( $_POST[ self::NONCE_FIELD ] )
			|| ! wp_verify_nonce( sanitize_key( wp_unslash( $_POST[ self::NONCE_FIELD ] ) ), Iglr_Keys::ACTION_UNLINK )
			|| get_current_user_id() !== (int) $user_id ) {
			return;
		}
		$result                       = $this->links->unlink( $user_id );
		$this->profile_unlink_refused = is_wp_error( $result ) && 'unlink_refused' === $result->get_error_code();
	}

	/**
	 * Reports a refused unlink with the profile form's errors (user_profile_update_errors).
	 *
	 * @param WP_Error $errors The form's errors.
	 */
	public function profile_errors( $errors ) {
		if ( $this->profile_unlink_refused ) {
			$errors->add( 'iglr_unlink_refused', Iglr_Messages::error_text( Iglr_Messages::UNLINK_REFUSED ) );
		}
	}

	/**
	 * The My Account unlink form (admin_post_iglr_unlink).
	 */
	public function handle_unlink_post() {
		check_admin_referer( Iglr_Keys::ACTION_UNLINK, self::NONCE_FIELD );
		$user_id = get_current_user_id();
		if ( 0 === $user_id ) {
			wp_die( esc_html__( 'Please sign in first.', 'ig-login-relay' ), 403 );
		}
		$back   = isset( $_POST['redirect_to'] ) ? wp_validate_redirect( esc_url_raw( wp_unslash( $_POST['redirect_to'] ) ), home_url( '/' ) ) : home_url( '/' );
		$result = $this->links->unlink( $user_id );
		if ( is_wp_error( $result ) ) {
			$arg = array( Iglr_Keys::QUERY_ERROR => 'unlink_refused' === $result->get_error_code() ? Iglr_Messages::UNLINK_REFUSED : Iglr_Messages::FAILED );
		} else {
			$arg = array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::UNLINKED );
		}
		wp_safe_redirect( add_query_arg( $arg, $back ) );
		exit;
	}
}
