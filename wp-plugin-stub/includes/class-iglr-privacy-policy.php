<?php
/**
 * Suggested text for the site's privacy policy.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * What a store using Instagram sign-in should tell its customers, offered in
 * Settings → Privacy → Policy guide (wp_add_privacy_policy_content): what
 * goes to the relay and to Instagram (Meta), what this site keeps and for
 * how long, and what Instagram does not allow.
 */
class Iglr_Privacy_Policy {

	/**
	 * Offers the text to the policy guide (admin_init).
	 */
	public function add() {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		wp_add_privacy_policy_content( __( 'Instagram Login Relay', 'ig-login-relay' ), wp_kses_post( $this->text() ) );
	}

	/**
	 * The suggested text, as HTML: notes for the administrator are marked
	 * privacy-policy-tutorial, as WordPress's own guide marks them.
	 *
	 * @return string
	 */
	public function text() {
		$suggested  = '<strong class="privacy-policy-tutorial">' . esc_html__( 'Suggested text:', 'ig-login-relay' ) . ' </strong>';
		$paragraphs = array(
			'<p class="privacy-policy-tutorial">' . esc_html__( 'This plugin lets customers sign in with Instagram through an Instagram sign-in relay, a service run by you or by your relay operator. Name the relay operator below, and say how long they keep their records (by default, a record of each webhook delivery for 30 days).', 'ig-login-relay' ) . '</p>',
			'<h3>' . esc_html__( 'Signing in with Instagram', 'ig-login-relay' ) . '</h3>',
			'<p>' . $suggested . esc_html__( 'You can sign in to this store with your Instagram account. Only Instagram Business and Creator accounts can do this: Instagram does not offer sign-in for personal accounts. When you choose "Continue with Instagram", you sign in on Instagram, which is run by Meta, and Instagram asks you whether to share your profile with this store. Meta\'s own privacy policy applies to what you do on Instagram; Meta learns that you used this store\'s Instagram app.', 'ig-login-relay' ) . '</p>',
			'<p>' . esc_html__( 'If you agree, Instagram gives our Instagram sign-in relay your Instagram account ID, your username, your name, your account type (Business or Creator) and the address of your profile picture. Instagram never shares your email address or your password. The relay passes this on to this site in a signed message. Instagram also issues an access token for your sign-in; neither the relay nor this site keeps it once your sign-in is complete. During the sign-in your browser visits the relay and Instagram, which therefore see your IP address and browser details, as any website does.', 'ig-login-relay' ) . '</p>',
			'<h3>' . esc_html__( 'What this site keeps', 'ig-login-relay' ) . '</h3>',
			'<p>' . esc_html__( 'We keep your Instagram account ID, your username, and when and how your Instagram account was linked to your account here, so that you can sign in with it again. If your account was created by signing in with Instagram, its username and display name start as your Instagram username and name, and it has no email address until you add one. We may also keep a copy of your Instagram profile picture as your picture here.', 'ig-login-relay' ) . '</p>',
			'<p>' . esc_html__( 'We keep these until you unlink Instagram from your account, remove this store\'s app in your Instagram settings, ask Instagram to have your data deleted, or ask us to erase your personal data. Your account itself, with your email address and orders, stays until you ask us to delete it.', 'ig-login-relay' ) . '</p>',
			'<p>' . esc_html__( 'A sign-in you start and do not finish is forgotten after ten minutes. Our administrators\' log of the last 50 sign-in events may name your account and your Instagram username until newer events replace them or your data is erased.', 'ig-login-relay' ) . '</p>',
		);
		return implode( "\n", $paragraphs );
	}
}
