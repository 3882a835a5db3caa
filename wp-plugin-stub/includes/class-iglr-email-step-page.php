<?php
/**
 * What the email address step shows.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * One short step: the shopper's Instagram picture and name (so they see
 * whose account it is), one email field, one primary button; "Skip for now"
 * when the store lets them, and always a way to sign out. Styled by the
 * theme (its heading, button and type) plus assets/pages.css.
 */
final class Iglr_Email_Step_Page {

	/**
	 * The step's HTML.
	 *
	 * @param WP_User $user  The signed-in shopper.
	 * @param array   $state redirect_to, email (as typed), error ('' or invalid, taken, expired, failed), skippable.
	 * @return string Escaped HTML.
	 */
	public static function content( WP_User $user, array $state ) {
		$handle   = (string) get_user_meta( $user->ID, Iglr_Keys::META_INSTAGRAM_USERNAME, true );
		$form     = Iglr_Email_Step::url( $state['redirect_to'] );
		$continue = Iglr_Theme_Page::buttons(
			array(
				array(
					'class' => 'iglr-save-email',
					'label' => __( 'Continue', 'ig-login-relay' ),
					'name'  => 'iglr_email_step',
					'value' => 'save',
				),
			),
			true
		);
		ob_start();
		?>
		<div class="iglr-card iglr-email-step">
			<?php self::profile( $user, $handle ); ?>
			<h1 class="wp-block-heading iglr-card__title"><?php esc_html_e( 'Add your email address', 'ig-login-relay' ); ?></h1>
			<p class="iglr-card__lead">
				<?php
				echo esc_html(
					$state['skippable']
						? __( 'Instagram does not share email addresses with shops. Add yours so that we can send your order confirmations and you can reset your password.', 'ig-login-relay' )
						: __( 'Instagram does not share email addresses with shops. Add yours to start using your account: we send your order confirmations there, and you can reset your password with it.', 'ig-login-relay' )
				);
				?>
			</p>
			<?php self::error( $state ); ?>
			<form method="post" action="<?php echo esc_url( $form ); ?>" class="iglr-card__form">
				<p class="iglr-field">
					<label for="iglr-email"><?php esc_html_e( 'Email address', 'ig-login-relay' ); ?></label>
					<input type="email" id="iglr-email" name="iglr_email" value="<?php echo esc_attr( $state['email'] ); ?>" autocomplete="email" required maxlength="<?php echo esc_attr( (string) Iglr_Email_Step::MAX_EMAIL_LENGTH ); ?>"<?php echo '' !== $state['error'] ? ' aria-invalid="true" aria-describedby="iglr-email-error" autofocus' : ''; ?> />
				</p>
				<input type="hidden" name="redirect_to" value="<?php echo esc_url( $state['redirect_to'] ); ?>" />
				<?php wp_nonce_field( Iglr_Email_Step::NONCE_ACTION, Iglr_Email_Step::NONCE_FIELD, false ); ?>
				<?php echo $continue; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Iglr_Theme_Page::buttons(). ?>
			</form>
			<p class="iglr-card__secondary">
				<?php if ( $state['skippable'] ) : ?>
					<a class="iglr-skip" href="<?php echo esc_url( $state['redirect_to'] ); ?>"><?php esc_html_e( 'Skip for now', 'ig-login-relay' ); ?></a>
					<span aria-hidden="true">·</span>
				<?php endif; ?>
				<?php esc_html_e( 'Not you?', 'ig-login-relay' ); ?>
				<a class="iglr-sign-out" href="<?php echo esc_url( wp_logout_url( home_url( '/' ) ) ); ?>"><?php esc_html_e( 'Sign out', 'ig-login-relay' ); ?></a>
			</p>
		</div>
		<?php
		return (string) ob_get_clean();
	}

	/**
	 * The Instagram picture (the copy in the media library) and name.
	 *
	 * @param WP_User $user   The shopper.
	 * @param string  $handle Their Instagram username.
	 */
	private static function profile( WP_User $user, $handle ) {
		$picture = Iglr_Avatar::local_url( $user->ID, 144 );
		?>
		<div class="iglr-card__profile">
			<?php if ( '' !== $picture ) : ?>
				<img class="iglr-card__avatar" src="<?php echo esc_url( $picture ); ?>" width="72" height="72" alt="" />
			<?php else : ?>
				<span class="iglr-card__avatar iglr-card__avatar--initial" aria-hidden="true"><?php echo esc_html( '' !== $handle ? strtoupper( $handle[0] ) : mb_substr( $user->display_name, 0, 1 ) ); ?></span>
			<?php endif; ?>
			<p class="iglr-card__who">
				<strong class="iglr-card__name"><?php echo esc_html( $user->display_name ); ?></strong>
				<?php if ( '' !== $handle ) : ?>
					<span class="iglr-card__handle">@<?php echo esc_html( $handle ); ?></span>
				<?php endif; ?>
			</p>
		</div>
		<?php
	}

	/**
	 * What went wrong with the address, and for a taken one the way forward.
	 *
	 * @param array $state The page's state.
	 */
	private static function error( array $state ) {
		$texts = array(
			'invalid' => __( 'Please enter a valid email address, for example name@example.com.', 'ig-login-relay' ),
			'taken'   => __( 'An account on this store already uses this email address. If it is yours, sign in to it and link Instagram from there: you keep that one account, and this new one is given up. Otherwise, enter another address.', 'ig-login-relay' ),
			'expired' => __( 'This page expired. Please enter your email address again.', 'ig-login-relay' ),
			'failed'  => __( 'The store could not save your email address. Please try again.', 'ig-login-relay' ),
		);
		if ( ! isset( $texts[ $state['error'] ] ) ) {
			return;
		}
		// Outlined: the step's own Continue stays the main way forward.
		$sign_in_instead = Iglr_Theme_Page::buttons(
			array(
				array(
					'class'   => 'iglr-sign-in-instead',
					'label'   => __( 'Sign in to that account', 'ig-login-relay' ),
					'name'    => 'iglr_email_step',
					'value'   => 'handover',
					'outline' => true,
				),
			)
		);
		?>
		<div class="iglr-notice iglr-notice--error" id="iglr-email-error" role="alert">
			<p><?php echo esc_html( $texts[ $state['error'] ] ); ?></p>
			<?php if ( 'taken' === $state['error'] ) : ?>
				<form method="post" action="<?php echo esc_url( Iglr_Email_Step::url( $state['redirect_to'] ) ); ?>" class="iglr-notice__action">
					<?php wp_nonce_field( Iglr_Email_Step::HANDOVER_NONCE_ACTION, Iglr_Email_Step::HANDOVER_NONCE_FIELD, false ); ?>
					<?php echo $sign_in_instead; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Iglr_Theme_Page::buttons(). ?>
				</form>
			<?php endif; ?>
		</div>
		<?php
	}
}
