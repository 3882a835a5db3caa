<?php
/**
 * The button at each placement, with the owner's label and style, and the iglr_button_html filter.
 *
 * @package ig-login-relay
 */

/**
 * Rendered through the hooks WordPress and WooCommerce fire, with the
 * plugin's own wiring: what each placement shows once the owner switches it
 * off or on, the label and style everywhere, and the filter's placement names.
 */
class ButtonPlacementsTest extends Iglr_Test_Case {

	const CONTACT = '<!-- wp:woocommerce/checkout-contact-information-block --><div class="wp-block-woocommerce-checkout-contact-information-block"></div><!-- /wp:woocommerce/checkout-contact-information-block -->';

	const PROCEED = '<!-- wp:woocommerce/proceed-to-checkout-block --><div class="wp-block-woocommerce-proceed-to-checkout-block"></div><!-- /wp:woocommerce/proceed-to-checkout-block -->';

	/**
	 * Placements the iglr_button_html filter was called with, in order.
	 *
	 * @var string[]
	 */
	private $filtered = array();

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		$_SERVER['REQUEST_URI'] = '/my-account/';
		add_filter(
			'iglr_button_html',
			function ( $html, $placement ) {
				$this->filtered[] = $placement;
				return $html;
			},
			10,
			2
		);
	}

	protected function tearDown(): void {
		$_SERVER['REQUEST_URI'] = '/';
		parent::tearDown();
	}

	/**
	 * What an action prints.
	 *
	 * @param string $hook The action.
	 * @return string
	 */
	private static function printed( $hook ) {
		ob_start();
		do_action( $hook );
		return (string) ob_get_clean();
	}

	/**
	 * What every placement shows, by placement. WooCommerce is active on the
	 * test site, so the classic checkout's hook also prints WooCommerce's own
	 * login and coupon forms; the login form's button belongs to the checkout.
	 *
	 * @return array<string,string>
	 */
	private function every_placement() {
		$shown = array(
			'my_account_login'    => self::printed( 'woocommerce_login_form_end' ),
			'my_account_register' => self::printed( 'woocommerce_register_form_end' ),
			'checkout_block'      => do_blocks( self::CONTACT ),
			'cart'                => do_blocks( self::PROCEED ),
			'wp_login'            => self::printed( 'login_form' ),
			'shortcode'           => do_shortcode( '[ig_login_button]' ),
			'block'               => do_blocks( '<!-- wp:ig-login-relay/sign-in /-->' ),
		);
		add_filter( 'woocommerce_is_checkout', '__return_true' );
		$shown['classic_checkout'] = self::printed( 'woocommerce_before_checkout_form' );
		remove_filter( 'woocommerce_is_checkout', '__return_true' );
		return $shown;
	}

	/**
	 * How many of the plugin's buttons some HTML holds.
	 *
	 * @param string $html HTML.
	 * @return int
	 */
	private static function buttons( $html ) {
		return substr_count( $html, '<a class="iglr-button" href="' );
	}

	/**
	 * Saves the placements through the settings' sanitizer, as the form does.
	 *
	 * @param array<string,string> $placements "0" or "1" by placement.
	 */
	private static function set_placements( array $placements ) {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'placements' => $placements ) );
	}

	public function test_every_placement_shows_the_button_by_default_and_the_filter_names_each() {
		$shown = $this->every_placement();
		foreach ( $shown as $where => $html ) {
			// The classic checkout: the button above the form, and one in WooCommerce's login form there.
			$this->assertSame( 'classic_checkout' === $where ? 2 : 1, self::buttons( $html ), $where );
		}
		$this->assertSame(
			array( 'my_account_login', 'my_account_register', 'checkout', 'cart', 'wp_login', 'shortcode', 'block', 'checkout', 'checkout' ),
			$this->filtered
		);
	}

	public function test_a_placement_switched_off_shows_nothing_there_and_the_others_stay() {
		$cases = array(
			'my_account_login'    => array( 'my_account_login' ),
			'my_account_register' => array( 'my_account_register' ),
			'checkout'            => array( 'classic_checkout', 'checkout_block' ),
			'cart'                => array( 'cart' ),
			'wp_login'            => array( 'wp_login' ),
		);
		foreach ( $cases as $placement => $gone ) {
			self::set_placements( array_merge( array_fill_keys( Iglr_Button_Settings::PLACEMENTS, '1' ), array( $placement => '0' ) ) );
			foreach ( $this->every_placement() as $where => $html ) {
				if ( in_array( $where, $gone, true ) ) {
					$this->assertStringNotContainsString( 'class="iglr-', $html, "$placement off: nothing at $where, not even the offer's text" );
				} else {
					$this->assertGreaterThan( 0, self::buttons( $html ), "$placement off: $where stays" );
				}
			}
		}
	}

	public function test_with_every_placement_off_the_shortcode_and_the_block_still_show() {
		self::set_placements( array_fill_keys( Iglr_Button_Settings::PLACEMENTS, '0' ) );
		$shown = array_filter(
			$this->every_placement(),
			function ( $html ) {
				return false !== strpos( $html, 'class="iglr-' );
			}
		);
		$this->assertSame( array( 'shortcode', 'block' ), array_keys( $shown ) );

		self::set_placements( array( 'cart' => '1' ) );
		$this->assertStringContainsString( 'iglr-offer--cart', do_blocks( self::PROCEED ), 'on again' );
	}

	public function test_the_owners_label_everywhere_unless_the_shortcode_or_the_block_sets_one() {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'label' => 'Sign in with Instagram' ) );
		foreach ( $this->every_placement() as $where => $html ) {
			$this->assertStringContainsString( 'rel="nofollow">Sign in with Instagram</a>', $html, $where );
		}
		$this->assertStringContainsString( 'rel="nofollow">Use my Instagram</a>', do_shortcode( '[ig_login_button label="Use my Instagram"]' ) );
		$this->assertStringContainsString( 'rel="nofollow">Insta login</a>', do_blocks( '<!-- wp:ig-login-relay/sign-in {"label":"Insta login"} /-->' ) );
	}

	public function test_the_label_is_escaped() {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'label' => 'Tom & Jerry\'s "Instagram"' ) );
		$html = do_shortcode( '[ig_login_button]' );
		$this->assertStringContainsString( '>Tom &amp; Jerry&#039;s &quot;Instagram&quot;</a>', $html );
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'style' => 'icon' ) );
		$this->assertStringContainsString( 'title="Tom &amp; Jerry&#039;s &quot;Instagram&quot;"', do_shortcode( '[ig_login_button]' ) );
	}

	public function test_each_style_has_its_class_and_icon_only_keeps_its_label_for_assistive_technology() {
		$expected = array(
			'gradient' => '<p class="iglr-button-wrap"><a class="iglr-button" href="%s" rel="nofollow">Continue with Instagram</a></p>',
			'dark'     => '<p class="iglr-button-wrap"><a class="iglr-button iglr-button--dark" href="%s" rel="nofollow">Continue with Instagram</a></p>',
			'light'    => '<p class="iglr-button-wrap"><a class="iglr-button iglr-button--light" href="%s" rel="nofollow">Continue with Instagram</a></p>',
			'icon'     => '<p class="iglr-button-wrap"><a class="iglr-button iglr-button--icon" title="Continue with Instagram" href="%s" rel="nofollow"><span class="iglr-visually-hidden">Continue with Instagram</span></a></p>',
		);
		$href     = esc_url( Iglr_Urls::start_url( home_url( '/my-account/' ) ) );
		foreach ( $expected as $style => $html ) {
			update_option( Iglr_Keys::OPTION_BUTTON, array( 'style' => $style ) );
			$this->assertSame( sprintf( $html, $href ), self::printed( 'woocommerce_login_form_end' ), $style );
		}
	}

	public function test_the_link_instagram_button_keeps_its_text_in_the_icon_only_style() {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'style' => 'dark' ) );
		$button = new Iglr_Button( new Iglr_Settings() );
		$this->assertStringStartsWith( '<p class="iglr-button-wrap"><a class="iglr-button iglr-button--dark" href="https://example.com/"', $button->link( 'https://example.com/', 'Link Instagram' ) );
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'style' => 'icon' ) );
		$this->assertSame(
			'<p class="iglr-button-wrap"><a class="iglr-button" href="https://example.com/" rel="nofollow">Link Instagram</a></p>',
			$button->link( 'https://example.com/', 'Link Instagram' )
		);
		$this->assertSame( array(), $this->filtered, 'linking is not a sign-in placement' );
	}

	public function test_the_filter_can_change_or_remove_a_placements_button() {
		add_filter(
			'iglr_button_html',
			function ( $html, $placement ) {
				if ( 'cart' === $placement ) {
					return '';
				}
				return 'wp_login' === $placement ? '<p class="my-theme-button">Instagram</p>' : $html;
			},
			20,
			2
		);
		$this->assertSame( do_blocks( self::PROCEED ), '<div data-block-name="woocommerce/proceed-to-checkout-block" class="wp-block-woocommerce-proceed-to-checkout-block"></div>', 'no offer without its button' );
		$this->assertSame( '<p class="my-theme-button">Instagram</p>', self::printed( 'login_form' ) );
		$this->assertStringContainsString( 'iglr-button', self::printed( 'woocommerce_login_form_end' ) );
	}

	public function test_the_filter_is_not_asked_while_the_plugin_is_not_set_up_or_the_placement_is_off() {
		self::set_placements( array( 'wp_login' => '0' ) );
		self::printed( 'login_form' );
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		self::printed( 'woocommerce_login_form_end' );
		$this->assertSame( array(), $this->filtered );
	}

	public function test_the_stylesheet_comes_with_the_button() {
		wp_dequeue_style( Iglr_Button::STYLE_HANDLE );
		self::set_placements( array( 'wp_login' => '0' ) );
		self::printed( 'login_form' );
		$this->assertFalse( wp_style_is( Iglr_Button::STYLE_HANDLE ), 'no button, no stylesheet' );
		self::printed( 'woocommerce_login_form_end' );
		$this->assertTrue( wp_style_is( Iglr_Button::STYLE_HANDLE ) );
	}
}
