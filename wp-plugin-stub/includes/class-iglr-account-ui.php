<?php
/**
 * A signed-in user's Instagram link.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Link and unlink on WooCommerce's My Account dashboard and on the
 * WordPress profile page, the confirmation a link needs (Iglr_Link_Offers),
 * and a reminder to add an email address (Instagram gives none). Every
 * change is a POST with a nonce, by the signed-in user for themselves.
 */
class Iglr_Account_Ui {

	/** Nonce field of the unlink forms. */
	const NONCE_FIELD = 'iglr_unlink_nonce';

	/** Nonce field of the link confirmation form. */
	const DECISION_NONCE_FIELD = 'iglr_link_decision_nonce';

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Link offers.
	 *
	 * @var Iglr_Link_Offers
	 */
	private $offers;

	/**
	 * Button.
	 *
	 * @var Iglr_Button
	 */
	private $button;

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Unlink refusal to report with the profile form's errors.
	 *
	 * @var bool
	 */
	private $profile_unlink_refused = false;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links   $links  User links.
	 * @param Iglr_Link_Offers  $offers Link offers.
	 * @param Iglr_Button       $button Button.
	 * @param Iglr_Delivery_Log $log    Delivery log.
	 */
	public function __construct( Iglr_User_Links $links, Iglr_Link_Offers $offers, Iglr_Button $button, Iglr_Delivery_Log $log ) {
		$this->links  = $links;
		$this->offers = $offers;
		$this->button = $button;
		$this->log    = $log;
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
		$offered     = $this->offer_box( $user, $account_url );
		if ( '' === $user->user_email ) {
			// The one-field email step for an Instagram sign-up; WooCommerce's account details form for anyone else.
			$edit_url = $this->links->is_instagram_only( $user->ID ) ? Iglr_Email_Step::url( $account_url )
				: ( function_exists( 'wc_get_account_endpoint_url' ) ? wc_get_account_endpoint_url( 'edit-account' ) : $account_url );
			printf(
				'<div class="woocommerce-info iglr-email-reminder">%s <a href="%s">%s</a></div>',
				esc_html__( 'Instagram does not share an email address. Add yours so that we can send you order updates and you can reset your password.', 'ig-login-relay' ),
				esc_url( $edit_url ),
				esc_html__( 'Add an email address', 'ig-login-relay' )
			);
		}
		$link   = $this->links->link_of( $user->ID );
		$button = null === $link && ! $offered ? $this->link_button( $account_url ) : '';
		if ( null === $link && '' === $button ) {
			return; // Not set up yet, or the confirmation above is the way forward.
		}
		echo '<h3 class="iglr-account-heading">' . esc_html__( 'Instagram', 'ig-login-relay' ) . '</h3>';
		if ( null === $link ) {
			echo '<p>' . esc_html__( 'Link your Instagram account to sign in with it.', 'ig-login-relay' ) . '</p>';
			echo $button; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Iglr_Button::link().
			return;
		}
		?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" class="iglr-unlink">
			<p class="iglr-linked-account">
				<?php $picture = Iglr_Avatar::local_url( $user->ID, 96 ); ?>
				<?php if ( '' !== $picture ) : ?>
					<?php wp_enqueue_style( Iglr_Button::STYLE_HANDLE ); ?>
					<img class="iglr-linked-account__picture" src="<?php echo esc_url( $picture ); ?>" width="48" height="48" alt="" />
				<?php endif; ?>
				<?php
				/* translators: %s: Instagram username. */
				echo esc_html( sprintf( __( 'Linked to Instagram account @%s.', 'ig-login-relay' ), $link['username'] ) );
				?>
			</p>
			<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_UNLINK ); ?>" />
			<input type="hidden" name="redirect_to" value="<?php echo esc_url( $account_url ); ?>" />
			<?php wp_nonce_field( Iglr_Keys::ACTION_UNLINK, self::NONCE_FIELD ); ?>
			<button type="submit" class="button wp-element-button"><?php esc_html_e( 'Unlink Instagram', 'ig-login-relay' ); ?></button>
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
		$button = null === $link && null === $this->offers->waiting_for( $user->ID ) ? $this->link_button( admin_url( 'profile.php' ) ) : '';
		if ( null === $link && '' === $button ) {
			return; // Not set up yet, or the confirmation above the form is the way forward.
		}
		?>
		<h2><?php esc_html_e( 'Instagram', 'ig-login-relay' ); ?></h2>
		<table class="form-table" role="presentation">
			<tr>
				<th scope="row"><?php esc_html_e( 'Instagram sign-in', 'ig-login-relay' ); ?></th>
				<td>
				<?php if ( null === $link ) : ?>
					<?php echo $button; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Iglr_Button::link(). ?>
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
	 * The link confirmation on the profile page (admin_notices), above the
	 * profile form, which cannot hold a form of its own.
	 */
	public function profile_offer() {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen || 'profile' !== $screen->id ) {
			return;
		}
		$this->offer_box( wp_get_current_user(), admin_url( 'profile.php' ) );
	}

	/**
	 * The profile form was saved (personal_options_update).
	 *
	 * @param int $user_id The user.
	 */
	public function profile_update( $user_id ) {
		if ( '' === Iglr_Request::post( 'iglr_unlink', 8 )
			|| ! wp_verify_nonce( Iglr_Request::post( self::NONCE_FIELD, 64 ), Iglr_Keys::ACTION_UNLINK )
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
		Iglr_Request::require_form_nonce( Iglr_Keys::ACTION_UNLINK, self::NONCE_FIELD );
		$user_id = self::signed_in_user();
		$result  = $this->links->unlink( $user_id );
		if ( is_wp_error( $result ) ) {
			$arg = array( Iglr_Keys::QUERY_ERROR => 'unlink_refused' === $result->get_error_code() ? Iglr_Messages::UNLINK_REFUSED : Iglr_Messages::FAILED );
		} else {
			$arg = array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::UNLINKED );
		}
		self::back( $arg );
	}

	/**
	 * The answer to a link offer (admin_post_iglr_link_decision): link the
	 * offered Instagram account, or not.
	 */
	public function handle_link_decision() {
		Iglr_Request::require_form_nonce( Iglr_Keys::ACTION_LINK_DECISION, self::DECISION_NONCE_FIELD );
		$user_id = self::signed_in_user();
		if ( 'link' !== Iglr_Request::post( 'decision', 8 ) ) {
			$this->offers->withdraw( $user_id );
			self::back( array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::NOT_LINKED ) );
		}
		$linked = $this->offers->accept( $user_id );
		if ( is_wp_error( $linked ) ) {
			$code = 'linked_elsewhere' === $linked->get_error_code() ? Iglr_Messages::LINKED_ELSEWHERE : Iglr_Messages::LINK_EXPIRED;
			self::back( array( Iglr_Keys::QUERY_ERROR => $code ) );
		}
		$this->log->add( 'linked', array( 'detail' => sprintf( 'user #%1$d @%2$s', $user_id, $linked['username'] ) ) );
		self::back( array( Iglr_Keys::QUERY_NOTICE => Iglr_Messages::LINKED ) );
	}

	/**
	 * The "Link Instagram" button: the user's own nonce, then a confirmation.
	 *
	 * @param string $back The page that shows the confirmation afterwards.
	 * @return string HTML, or '' while the plugin is not set up.
	 */
	private function link_button( $back ) {
		return $this->button->link( Iglr_Urls::link_url( $back ), __( 'Link Instagram', 'ig-login-relay' ) );
	}

	/**
	 * Asks the signed-in user to confirm the Instagram account waiting to be
	 * linked to them, naming both, so nobody links an account they do not own.
	 *
	 * @param WP_User $user The signed-in user.
	 * @param string  $back Where to go after answering.
	 * @return bool Whether an offer was shown.
	 */
	private function offer_box( WP_User $user, $back ) {
		$offer = $user->exists() ? $this->offers->waiting_for( $user->ID ) : null;
		if ( null === $offer ) {
			return false;
		}
		wp_enqueue_style( Iglr_Button::STYLE_HANDLE );
		$account = '' !== $user->user_email
			/* translators: 1: the account's display name, 2: its username, 3: its email address. */
			? sprintf( __( '%1$s (username %2$s, %3$s)', 'ig-login-relay' ), $user->display_name, $user->user_login, $user->user_email )
			/* translators: 1: the account's display name, 2: its username. */
			: sprintf( __( '%1$s (username %2$s)', 'ig-login-relay' ), $user->display_name, $user->user_login );
		?>
		<div class="iglr-link-offer notice notice-warning" role="region" aria-labelledby="iglr-link-offer-title">
			<h3 id="iglr-link-offer-title">
				<?php
				/* translators: %s: Instagram username. */
				echo esc_html( sprintf( __( 'Link Instagram @%s to this account?', 'ig-login-relay' ), $offer['username'] ) );
				?>
			</h3>
			<p>
				<?php esc_html_e( 'You are signed in to this store as:', 'ig-login-relay' ); ?>
				<strong class="iglr-link-offer-account"><?php echo esc_html( $account ); ?></strong>
			</p>
			<p>
				<?php
				/* translators: %s: Instagram username. */
				echo esc_html( sprintf( __( 'Once linked, "Continue with Instagram" as @%s signs in to this account, from any browser. Link it only if both are yours.', 'ig-login-relay' ), $offer['username'] ) );
				?>
			</p>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="<?php echo esc_attr( Iglr_Keys::ACTION_LINK_DECISION ); ?>" />
				<input type="hidden" name="redirect_to" value="<?php echo esc_url( $back ); ?>" />
				<?php wp_nonce_field( Iglr_Keys::ACTION_LINK_DECISION, self::DECISION_NONCE_FIELD ); ?>
				<button type="submit" name="decision" value="link" class="button button-primary iglr-link-confirm">
					<?php
					/* translators: %s: Instagram username. */
					echo esc_html( sprintf( __( 'Link @%s', 'ig-login-relay' ), $offer['username'] ) );
					?>
				</button>
				<button type="submit" name="decision" value="cancel" class="button iglr-link-cancel"><?php esc_html_e( 'Do not link', 'ig-login-relay' ); ?></button>
			</form>
		</div>
		<?php
		return true;
	}

	/**
	 * The signed-in user, or a 403 page.
	 *
	 * @return int
	 */
	private static function signed_in_user() {
		$user_id = get_current_user_id();
		if ( 0 === $user_id ) {
			wp_die( esc_html__( 'Please sign in first.', 'ig-login-relay' ), '', array( 'response' => 403 ) );
		}
		return $user_id;
	}

	/**
	 * Back to the form's page (on this site) with a message, and stop.
	 *
	 * @param array $args The message's query argument.
	 */
	private static function back( array $args ) {
		$back = wp_validate_redirect( esc_url_raw( Iglr_Request::post( 'redirect_to' ) ), home_url( '/' ) );
		wp_safe_redirect( add_query_arg( $args, $back ) );
		exit;
	}
}
