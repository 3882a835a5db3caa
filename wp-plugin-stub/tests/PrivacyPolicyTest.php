<?php
/**
 * Iglr_Privacy_Policy.
 *
 * @package ig-login-relay
 */

/**
 * Settings → Privacy → Policy guide offers the plugin's suggested text, which
 * says what goes where, what the site keeps and for how long, and what
 * Instagram does not allow.
 */
class PrivacyPolicyTest extends Iglr_Test_Case {

	public function test_the_policy_guide_gets_the_suggested_text() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-privacy-policy-content.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		set_current_screen( 'options-privacy' ); // In wp-admin, as WordPress requires.
		// WordPress takes policy text only while admin_init runs; the test runs that hook with the plugin's callback alone.
		remove_all_actions( 'admin_init' );
		add_action( 'admin_init', array( new Iglr_Privacy_Policy(), 'add' ) );
		do_action( 'admin_init' );

		$suggested = array_column( WP_Privacy_Policy_Content::get_suggested_policy_text(), 'policy_text', 'plugin_name' );
		unset( $GLOBALS['current_screen'] );
		$this->assertArrayHasKey( 'Instagram Login Relay', $suggested );
		$this->assertSame( wp_kses_post( ( new Iglr_Privacy_Policy() )->text() ), $suggested['Instagram Login Relay'] );
	}

	public function test_the_text_says_what_goes_where_what_is_kept_and_the_limits() {
		$text = wp_strip_all_tags( ( new Iglr_Privacy_Policy() )->text() );
		foreach ( array(
			'Only Instagram Business and Creator accounts can do this',
			'Instagram never shares your email address or your password.',
			'which is run by Meta',
			'Instagram gives our Instagram sign-in relay your Instagram account ID, your username, your name, your account type (Business or Creator) and the address of your profile picture.',
			'neither the relay nor this site keeps it once your sign-in is complete',
			'We keep your Instagram account ID, your username, and when and how your Instagram account was linked',
			'a copy of your Instagram profile picture',
			'until you unlink Instagram from your account',
			'forgotten after ten minutes',
			'last 50 sign-in events',
			'Name the relay operator below',
		) as $fact ) {
			$this->assertStringContainsString( $fact, $text );
		}
		$this->assertStringContainsString( '<strong class="privacy-policy-tutorial">Suggested text: </strong>', ( new Iglr_Privacy_Policy() )->text() );
	}
}
