<?php
/**
 * Iglr_Sign_In_Problems and Iglr_Registration.
 *
 * @package ig-login-relay
 */

/**
 * Every refusal has a page saying what happened and the way forward, and
 * offers the store's registration, with the @handle filled in only when the
 * plugin knows it and only when this site signed it.
 */
class SignInProblemsTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		$this->woocommerce( true );
		update_option( 'woocommerce_enable_myaccount_registration', 'yes' );
		update_option( 'woocommerce_registration_generate_username', 'yes' );
	}

	private static function page( $problem, $purpose = 'login', $handle = '' ) {
		return Iglr_Sign_In_Problems::page( $problem, home_url( '/shop/' ), $purpose, $handle );
	}

	/**
	 * The page's buttons, in order: class, text, href.
	 *
	 * @param string $html The page.
	 * @return array[]
	 */
	private static function buttons( $html ) {
		preg_match_all( '/<a class="wp-block-button__link wp-element-button button (iglr-[a-z-]+) (iglr-primary|iglr-secondary)" href="([^"]*)" rel="nofollow">([^<]*)<\/a>/', $html, $matches, PREG_SET_ORDER );
		return array_map(
			function ( $match ) {
				return array( $match[1], $match[4], html_entity_decode( $match[3] ) );
			},
			$matches
		);
	}

	public function test_a_personal_account_is_shown_how_to_switch_and_can_try_again() {
		$page = self::page( Iglr_Messages::NOT_PROFESSIONAL );
		$this->assertSame( 'Instagram sign-in needs a professional account', $page['title'] );
		$this->assertStringContainsString( 'Your Instagram account is a personal account.', $page['content'] );
		$this->assertStringContainsString( 'Switching is free and takes about a minute', $page['content'] );
		$this->assertMatchesRegularExpression( '/<ol class="iglr-card__steps">\s*(<li>[^<]+<\/li>\s*){4}<\/ol>/', $page['content'] );
		$this->assertStringContainsString( 'Switch to professional account', $page['content'] );
		$this->assertSame(
			array(
				array( 'iglr-try-again', 'Try again', Iglr_Urls::start_url( home_url( '/shop/' ) ) ),
				array( 'iglr-register', 'Create an account with your email', wc_get_page_permalink( 'myaccount' ) ),
			),
			self::buttons( $page['content'] )
		);
		$this->assertStringContainsString( '<a class="iglr-continue" href="' . esc_url( home_url( '/shop/' ) ) . '">Continue without Instagram</a>', $page['content'] );
	}

	public function test_someone_who_is_not_a_tester_is_sent_to_the_normal_registration() {
		$page = self::page( Iglr_Messages::NOT_TESTER );
		$this->assertSame( 'Instagram sign-in is not open to everyone yet', $page['title'] );
		$this->assertStringContainsString( 'This store&#039;s Instagram sign-in is still being tested', $page['content'] );
		$this->assertStringContainsString( 'Please use the store&#039;s normal registration instead', $page['content'] );
		$this->assertSame( array( array( 'iglr-register', 'Create an account with your email', wc_get_page_permalink( 'myaccount' ) ) ), self::buttons( $page['content'] ), 'trying again cannot work' );

		update_option( 'woocommerce_enable_myaccount_registration', 'no' );
		$closed = self::page( Iglr_Messages::NOT_TESTER );
		$this->assertSame( array( array( 'iglr-continue', 'Continue without Instagram', home_url( '/shop/' ) ) ), self::buttons( $closed['content'] ), 'no registration: going on is the way forward' );
		$this->assertStringContainsString( 'You can keep shopping and signing in as you do now.', $closed['content'] );
	}

	public function test_a_cancel_says_nothing_was_shared() {
		$page = self::page( Iglr_Messages::CANCELLED );
		$this->assertSame( 'You cancelled signing in with Instagram', $page['title'] );
		$this->assertStringContainsString( 'Nothing was shared with the store, and no account was made.', $page['content'] );
		$this->assertSame( array( 'iglr-try-again', 'iglr-register' ), array_column( self::buttons( $page['content'] ), 0 ) );
		$this->assertStringContainsString( '>Continue without Instagram</a>', $page['content'] );
	}

	public function test_a_shopper_linking_instagram_tries_the_link_again_and_is_offered_no_registration() {
		wp_set_current_user( self::make_user( 'subscriber', 'grace' ) );
		$page    = self::page( Iglr_Messages::CANCELLED, 'link' );
		$buttons = self::buttons( $page['content'] );
		$this->assertCount( 1, $buttons );
		$this->assertSame( array( 'iglr-try-again', 'Try again' ), array_slice( $buttons[0], 0, 2 ) );
		$this->assertStringContainsString( 'purpose=link', $buttons[0][2] );
		$this->assertMatchesRegularExpression( '/_wpnonce=[0-9a-f]{10}/', $buttons[0][2] );
		$this->assertStringContainsString( 'Nothing was shared with the store and nothing was linked.', $page['content'] );
		$this->assertStringContainsString( '>Back to your account</a>', $page['content'] );
	}

	public function test_when_the_store_could_not_create_the_account_the_registration_gets_the_handle() {
		update_option( 'woocommerce_registration_generate_username', 'no' );
		$page = self::page( Iglr_Messages::ACCOUNT_NOT_CREATED, 'login', 'marta.makes' );
		$this->assertSame( 'We could not create your account', $page['title'] );
		$this->assertStringContainsString( 'Instagram confirmed you as @marta.makes, but the store could not create an account for you.', $page['content'] );
		$this->assertStringContainsString( 'your username @marta.makes is filled in for you', $page['content'] );
		$register = self::buttons( $page['content'] )[0];
		$this->assertSame( 'iglr-register', $register[0] );
		parse_str( (string) wp_parse_url( $register[2], PHP_URL_QUERY ), $query );
		$this->assertSame( 'marta.makes', $query['iglr_handle'] );

		$_GET = $query;
		$this->assertSame( 'marta.makes', Iglr_Registration::requested_handle() );
		ob_start();
		Iglr_Registration::prefill_username();
		$script = ob_get_clean();
		$this->assertStringContainsString( 'document.getElementById("reg_username")', $script );
		$this->assertStringContainsString( 'f.value="marta.makes";', $script );

		update_option( 'woocommerce_registration_generate_username', 'yes' );
		$this->assertStringNotContainsString( 'filled in', self::page( Iglr_Messages::ACCOUNT_NOT_CREATED, 'login', 'marta.makes' )['content'], 'no username field: nothing promised' );
	}

	public function test_only_a_handle_this_site_signed_is_shown_or_filled_in() {
		$signed = Iglr_Registration::signed_handle( 'marta.makes' );
		foreach ( array(
			array( 'iglr_handle' => 'mallory' ) + $signed,
			array( 'iglr_handle' => 'marta.makes' ),
			array(
				'iglr_handle'     => '<b>x</b>',
				'iglr_handle_sig' => $signed['iglr_handle_sig'],
			),
		) as $query ) {
			$_GET = $query;
			$this->assertSame( '', Iglr_Registration::requested_handle() );
			ob_start();
			Iglr_Registration::prefill_username();
			$this->assertSame( '', ob_get_clean() );
		}
		$this->assertSame( array(), Iglr_Registration::signed_handle( 'not a handle' ) );
	}

	public function test_the_registration_is_where_the_store_takes_registrations() {
		$this->assertSame( wc_get_page_permalink( 'myaccount' ), Iglr_Registration::url() );
		update_option( 'woocommerce_enable_myaccount_registration', 'no' );
		update_option( 'users_can_register', 0 );
		$this->assertSame( '', Iglr_Registration::url() );
		update_option( 'users_can_register', 1 );
		$this->assertSame( wp_registration_url(), Iglr_Registration::url() );
		$this->assertTrue( Iglr_Registration::asks_username(), "wp-login.php's form asks for one" );
	}

	public function test_the_page_address_carries_codes_only() {
		$this->assertTrue( Iglr_Sign_In_Problems::has_page( 'not_professional' ) );
		$this->assertFalse( Iglr_Sign_In_Problems::has_page( 'failed' ), 'other failures stay notices' );
		parse_str( (string) wp_parse_url( Iglr_Sign_In_Problems::url( 'not_tester', home_url( '/cart/' ), 'link' ), PHP_URL_QUERY ), $query );
		$this->assertSame(
			array(
				'iglr'        => 'sign-in-problem',
				'problem'     => 'not_tester',
				'purpose'     => 'link',
				'redirect_to' => home_url( '/cart/' ),
			),
			$query
		);
	}
}
