<?php
/**
 * Iglr_Email_Step, its page and Iglr_Account_Handover.
 *
 * @package ig-login-relay
 */

/**
 * The email address an Instagram sign-up lacks: asked once on a page of its
 * own, required or skippable, saved with wp_update_user() after is_email()
 * and a nonce, never matched to another account; with the step required,
 * the account can use nothing signed in until it has one.
 */
class EmailStepTest extends Iglr_Test_Case {

	/**
	 * Recording browser.
	 *
	 * @var Iglr_Test_Browser
	 */
	private $browser;

	protected function setUp(): void {
		parent::setUp();
		$this->browser          = new Iglr_Test_Browser();
		$_SERVER['REQUEST_URI'] = '/';
		// Signing out makes WooCommerce set a cookie; tests never send headers, nor mail (WelcomeEmailTest).
		add_filter( 'woocommerce_set_cookie_enabled', '__return_false' );
		add_filter( 'pre_wp_mail', '__return_true' );
	}

	private function step( $mode = 'required' ) {
		update_option( Iglr_Keys::OPTION_NEW_ACCOUNTS, array( 'email_step' => $mode ) );
		$links = new Iglr_User_Links();
		return new Iglr_Email_Step( new Iglr_New_Account_Settings(), $links, new Iglr_Account_Handover( $links ), new Iglr_Delivery_Log(), $this->browser );
	}

	/** A shopper Instagram just signed up, signed in. */
	private static function new_shopper() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		wp_set_current_user( $user->ID );
		return $user;
	}

	/**
	 * The form, posted.
	 *
	 * @param array  $fields       Fields besides the nonce.
	 * @param string $nonce_action The nonce's action.
	 * @param string $nonce_field  The field that carries it.
	 */
	private static function post( array $fields, $nonce_action = Iglr_Email_Step::NONCE_ACTION, $nonce_field = Iglr_Email_Step::NONCE_FIELD ) {
		$_POST = array_merge(
			array(
				'iglr_email_step' => 'save',
				$nonce_field      => wp_create_nonce( $nonce_action ),
				'redirect_to'     => home_url( '/checkout/' ),
			),
			$fields
		);
	}

	public function test_the_step_is_shown_to_an_instagram_sign_up_without_email_only() {
		$shopper = self::new_shopper();
		$_GET    = array( 'redirect_to' => home_url( '/checkout/' ) );
		$state   = $this->step()->respond();
		$this->assertSame(
			array(
				'redirect_to' => home_url( '/checkout/' ),
				'email'       => '',
				'error'       => '',
				'skippable'   => false,
			),
			$state
		);
		$this->assertTrue( $this->step( 'optional' )->respond()['skippable'] );

		wp_set_current_user( self::make_user( 'subscriber', 'has-email' ) );
		$this->assertNull( $this->step()->respond() );
		$this->assertSame( array( home_url( '/checkout/' ) ), $this->browser->redirects, 'nothing to ask: on to where they were going' );

		wp_set_current_user( 0 );
		$_GET = array( 'redirect_to' => 'https://elsewhere.example/' );
		$this->step()->respond();
		$this->assertSame( admin_url( 'profile.php' ), $this->browser->redirects[1], 'never off-site' );
		$this->assertSame( '', get_userdata( $shopper->ID )->user_email );
	}

	public function test_a_valid_address_is_saved_and_the_shopper_continues() {
		$this->woocommerce( true );
		$shopper = self::new_shopper();
		self::post( array( 'iglr_email' => '  marta@example.com ' ) );
		$this->assertNull( $this->step()->respond() );
		$this->assertSame( array( home_url( '/checkout/' ) ), $this->browser->redirects );
		$this->assertSame( 'marta@example.com', get_userdata( $shopper->ID )->user_email );
		$this->assertSame( 'marta@example.com', get_user_meta( $shopper->ID, 'billing_email', true ), "WooCommerce's checkout starts with it" );
		$this->assertFalse( $this->step()->needs_email( $shopper->ID ) );
		$this->assertSame( self::INSTAGRAM_USER_ID, ( new Iglr_User_Links() )->link_of( $shopper->ID )['instagram_user_id'], 'still linked' );
	}

	public function test_an_invalid_address_or_an_expired_form_is_shown_again_with_what_was_typed() {
		$shopper = self::new_shopper();
		foreach ( array( 'not-an-address', '', str_repeat( 'a', 95 ) . '@example.com' ) as $typed ) {
			self::post( array( 'iglr_email' => $typed ) );
			$state = $this->step()->respond();
			$this->assertSame( array( 'invalid', $typed ), array( $state['error'], $state['email'] ), $typed );
		}
		self::post( array( 'iglr_email' => 'marta@example.com' ), 'another_action' );
		$this->assertSame( 'expired', $this->step()->respond()['error'] );
		$this->assertSame( array(), $this->browser->redirects );
		$this->assertSame( '', get_userdata( $shopper->ID )->user_email );
	}

	public function test_an_address_another_account_uses_is_refused_and_never_matched() {
		$existing = self::make_user( 'subscriber', 'marta' );
		$shopper  = self::new_shopper();
		self::post( array( 'iglr_email' => 'MARTA@example.com' ) );
		$state = $this->step()->respond();
		$this->assertSame( 'taken', $state['error'] );
		$this->assertSame( '', get_userdata( $shopper->ID )->user_email );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $existing ), 'nothing moved to the existing account' );
		$this->assertSame( $shopper->ID, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ) );

		$html = Iglr_Email_Step_Page::content( $shopper, $state );
		$this->assertStringContainsString( 'An account on this store already uses this email address. If it is yours, sign in to it and link Instagram from there', $html );
		$this->assertMatchesRegularExpression( '/<div class="wp-block-button is-style-outline[^"]*"><button type="submit" class="[^"]*iglr-sign-in-instead[^"]*" name="iglr_email_step" value="handover">Sign in to that account<\/button>/', $html );
		$this->assertSame( 1, substr_count( $html, 'id="iglr_handover_nonce"' ) );
		$this->assertSame( 1, substr_count( $html, 'id="iglr_email_step_nonce"' ), 'each form its own nonce field' );
		$this->assertStringContainsString( 'value="MARTA@example.com"', $html, 'what was typed stays in the field' );
	}

	public function test_sign_in_to_that_account_gives_a_fresh_account_up_and_sends_the_shopper_to_sign_in() {
		$existing = self::make_user( 'subscriber', 'marta' );
		$shopper  = self::new_shopper();
		$unlinked = array();
		add_action(
			'iglr_unlinked',
			function ( $user_id, $instagram_user_id ) use ( &$unlinked ) {
				$unlinked[] = array( $user_id, $instagram_user_id );
			},
			10,
			2
		);
		self::post( array( 'iglr_email_step' => 'handover' ), Iglr_Email_Step::HANDOVER_NONCE_ACTION, Iglr_Email_Step::HANDOVER_NONCE_FIELD );
		$this->assertNull( $this->step()->respond() );

		$this->assertSame( 0, get_current_user_id(), 'signed out' );
		$this->assertFalse( get_userdata( $shopper->ID ), 'the account it made seconds ago, with nothing in it, is gone' );
		$this->assertSame( array( array( $shopper->ID, self::INSTAGRAM_USER_ID ) ), $unlinked );
		$this->assertSame( 0, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ), 'free to be linked from the account they had' );
		$this->assertSame( array( wp_login_url( admin_url( 'profile.php' ) ) . '&iglr_notice=sign_in_to_link' ), $this->browser->redirects );
		$this->assertSame( array( 'signup_handed_over', 'user #' . $shopper->ID . ' deleted @lumen.coffee' ), array( ( new Iglr_Delivery_Log() )->entries()[0]['code'], ( new Iglr_Delivery_Log() )->entries()[0]['detail'] ) );
		$this->assertTrue( get_userdata( $existing ) instanceof WP_User );
	}

	public function test_an_account_with_orders_only_gives_its_link_up() {
		$this->woocommerce( true );
		$shopper = self::new_shopper();
		wc_create_order( array( 'customer_id' => $shopper->ID ) );
		$this->assertSame( 'unlinked', ( new Iglr_Account_Handover( new Iglr_User_Links() ) )->release( $shopper->ID ) );
		$this->assertTrue( get_userdata( $shopper->ID ) instanceof WP_User, 'its orders stay with it' );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $shopper->ID ) );
		$this->assertSame( 'not_instagram_only', ( new Iglr_Account_Handover( new Iglr_User_Links() ) )->release( self::make_user( 'subscriber', 'other' ) )->get_error_code() );
	}

	public function test_handing_over_needs_its_own_nonce() {
		$shopper = self::new_shopper();
		self::post( array( 'iglr_email_step' => 'handover' ), Iglr_Email_Step::NONCE_ACTION, Iglr_Email_Step::HANDOVER_NONCE_FIELD ); // The email form's nonce.
		$this->step()->respond();
		$this->assertSame( $shopper->ID, get_current_user_id() );
		$this->assertTrue( get_userdata( $shopper->ID ) instanceof WP_User );
		$this->assertSame( array( Iglr_Email_Step::url( admin_url( 'profile.php' ) ) ), $this->browser->redirects );
	}

	public function test_with_the_step_required_every_page_waits_for_the_address_but_signing_out() {
		$shopper                = self::new_shopper();
		$_SERVER['REQUEST_URI'] = '/my-account/orders/';
		$this->step()->require_email();
		$this->assertSame( array( Iglr_Email_Step::url( home_url( '/my-account/orders/' ) ) ), $this->browser->redirects );

		$_GET = array( 'iglr' => 'complete-account' );
		$this->step()->require_email();
		$this->assertCount( 1, $this->browser->redirects, "the plugin's own pages stay open" );
		$_GET = array();

		$_SERVER['REQUEST_URI'] = '/?q=' . str_repeat( '%5C', 3000 );
		$this->step()->require_email();
		$this->assertSame( Iglr_Email_Step::url( admin_url( 'profile.php' ) ), $this->browser->redirects[1], 'an address too long to carry back is not' );
		$this->browser->redirects = array_slice( $this->browser->redirects, 0, 1 );

		$this->step( 'optional' )->require_email();
		$this->assertCount( 1, $this->browser->redirects, 'optional: nothing waits' );

		update_user_meta( $shopper->ID, 'first_name', 'x' );
		wp_update_user(
			array(
				'ID'         => $shopper->ID,
				'user_email' => 'marta@example.com',
			)
		);
		$this->step()->require_email();
		$this->assertCount( 1, $this->browser->redirects, 'with an address: nothing waits' );
	}

	public function test_wp_admin_waits_too_but_forms_and_scripts_do_not() {
		global $pagenow;
		self::new_shopper();
		$pagenow = 'profile.php'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		$this->step()->require_email_in_admin();
		$this->assertSame( array( Iglr_Email_Step::url( admin_url( 'profile.php' ) ) ), $this->browser->redirects );
		$pagenow = 'admin-post.php'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
		$this->step()->require_email_in_admin();
		$this->assertCount( 1, $this->browser->redirects );
		$pagenow = 'index.php'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited
	}

	public function test_the_page_names_the_instagram_account_and_offers_skip_only_when_optional() {
		$shopper = self::new_shopper();
		$state   = array(
			'redirect_to' => home_url( '/checkout/' ),
			'email'       => '',
			'error'       => '',
			'skippable'   => false,
		);
		$html    = Iglr_Email_Step_Page::content( $shopper, $state );
		$this->assertStringContainsString( '<strong class="iglr-card__name">Lumen Coffee Roasters</strong>', $html );
		$this->assertStringContainsString( '<span class="iglr-card__handle">@lumen.coffee</span>', $html );
		$this->assertStringContainsString( '<span class="iglr-card__avatar iglr-card__avatar--initial" aria-hidden="true">L</span>', $html, 'no picture copied yet: the initial' );
		$this->assertMatchesRegularExpression( '/<input type="email" id="iglr-email" name="iglr_email" value="" autocomplete="email" required/', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_email_step_nonce" value="[0-9a-f]{10}"/', $html );
		$this->assertStringContainsString( 'action="' . esc_url( Iglr_Email_Step::url( home_url( '/checkout/' ) ) ) . '"', $html );
		$this->assertMatchesRegularExpression( '/<div class="wp-block-button has-custom-width wp-block-button__width-100"><button type="submit" class="wp-block-button__link wp-element-button button iglr-save-email iglr-primary" name="iglr_email_step" value="save">Continue<\/button><\/div>/', $html, "the theme's own Buttons block, full width" );
		$this->assertStringContainsString( 'Sign out</a>', $html );
		$this->assertStringNotContainsString( 'Skip for now', $html );

		$state['skippable'] = true;
		$this->assertStringContainsString( '<a class="iglr-skip" href="' . esc_url( home_url( '/checkout/' ) ) . '">Skip for now</a>', Iglr_Email_Step_Page::content( $shopper, $state ) );
	}

	public function test_the_page_is_drawn_in_the_block_themes_header_and_footer() {
		$this->assertTrue( wp_is_block_theme(), 'the test site runs Twenty Twenty-Five' );
		$html = Iglr_Theme_Page::html( 'Add your email address', '<p class="marker">step</p>', 'iglr-email-step-page' );
		$this->assertStringStartsWith( '<!DOCTYPE html>', $html );
		$this->assertMatchesRegularExpression( '/<header class="wp-block-template-part">.*<\/header>/s', $html );
		$this->assertMatchesRegularExpression( '/<main class="wp-block-group iglr-page__main[^"]*is-layout-constrained[^"]*"[^>]*>\s*<p class="marker">step<\/p>\s*<\/main>/', $html );
		$this->assertMatchesRegularExpression( '/<footer class="wp-block-template-part">/', $html );
		$this->assertSame( 'Add your email address &#8211; ' . get_bloginfo( 'name', 'display' ), wp_get_document_title() );
		$this->assertStringContainsString( "<meta name='robots' content='noindex, nofollow' />", $html );
		$this->assertMatchesRegularExpression( '/<body class="[^"]*iglr-page iglr-email-step-page/', $html );
		$this->assertStringContainsString( 'assets/pages.css', $html );
	}
}
