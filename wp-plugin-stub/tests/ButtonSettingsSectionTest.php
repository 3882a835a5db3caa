<?php
/**
 * Iglr_Button_Settings_Section.
 *
 * @package ig-login-relay
 */

/**
 * The "Button" section of the settings page, rendered by the real page with
 * the plugin's own wiring, and its assets.
 */
class ButtonSettingsSectionTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/template.php';
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		$GLOBALS['wp_settings_sections'] = array();
		$GLOBALS['wp_settings_fields']   = array();
	}

	/**
	 * The settings page's form and sections, as admin_init builds them.
	 *
	 * @return string
	 */
	private function page() {
		$settings = new Iglr_Settings();
		$relay    = new Iglr_Relay_Client( $settings );
		$page     = new Iglr_Settings_Page( $settings, $relay, new Iglr_Store_Account(), new Iglr_Delivery_Status_View( new Iglr_Delivery_Log() ), new Iglr_Login_Delivery_Mode( $relay ), new Iglr_Webhook_Warning( $settings, new Iglr_Webhook_Reachability() ) );
		$page->add_fields();
		( new Iglr_Button_Settings_Section( new Iglr_Button_Settings() ) )->add_fields();
		ob_start();
		$page->render();
		return (string) ob_get_clean();
	}

	public function test_the_section_follows_the_relay_connection_in_the_same_settings_form() {
		$html = $this->page();
		$this->assertMatchesRegularExpression( '#<form method="post" action="[^"]*options\.php">.*<h2>Relay connection</h2>.*<h2>Button</h2>.*<button type="submit" class="button button-primary">Save button settings</button>.*</form>#s', $html );
		$this->assertStringContainsString( "name='option_page' value='iglr'", $html, 'saved by options.php with the group it is registered in' );
	}

	public function test_placements_are_checkboxes_that_send_an_unticked_box_too() {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'placements' => array( 'cart' => '0' ) ) );
		$html = $this->page();
		foreach ( Iglr_Button_Settings::placement_labels() as $placement => $label ) {
			$name = 'iglr_button[placements][' . $placement . ']';
			$this->assertMatchesRegularExpression(
				'#<input type="hidden" name="' . preg_quote( $name, '#' ) . '" value="0" /><label><input type="checkbox" id="iglr_button_' . $placement . '" name="' . preg_quote( $name, '#' ) . '" value="1" ' . ( 'cart' === $placement ? '' : " checked='checked'" ) . ' /> ' . preg_quote( esc_html( $label ), '#' ) . '</label>#',
				$html,
				$placement
			);
		}
	}

	public function test_the_label_field_shows_the_saved_text_and_the_default_as_placeholder() {
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'label' => 'Tom & "Jerry"' ) );
		$html = $this->page();
		$this->assertStringContainsString( '<input type="text" class="regular-text" id="iglr_button_label" name="iglr_button[label]" value="Tom &amp; &quot;Jerry&quot;" placeholder="Continue with Instagram" maxlength="60" aria-describedby="iglr_button_label_help" />', $html );
		$this->assertStringContainsString( '<label for="iglr_button_label">Label</label>', $html );
	}

	public function test_the_saved_style_is_ticked_and_previewed_with_the_saved_label() {
		update_option(
			Iglr_Keys::OPTION_BUTTON,
			array(
				'style' => 'light',
				'label' => 'Instagram',
			)
		);
		$html = $this->page();
		$this->assertStringContainsString( '<input type="radio" id="iglr_button_style_light" name="iglr_button[style]" value="light"  checked=\'checked\' /> Light', $html );
		$this->assertStringContainsString( '<input type="radio" id="iglr_button_style_dark" name="iglr_button[style]" value="dark"  /> Dark', $html );
		$this->assertSame( 4, preg_match_all( '#<p class="iglr-button-wrap" data-iglr-style="(\w+)"( hidden)?>#', $html, $samples ) );
		$this->assertSame( array( 'gradient', 'dark', 'light', 'icon' ), $samples[1] );
		$this->assertSame( array( ' hidden', ' hidden', '', ' hidden' ), $samples[2], 'only the saved style shows until another is ticked' );
		$this->assertStringContainsString( '<p class="iglr-button-wrap" data-iglr-style="light"><span class="iglr-button iglr-button--light">Instagram</span></p>', $html );
		$this->assertStringContainsString( '<span class="iglr-button iglr-button--icon" title="Instagram"><span class="iglr-visually-hidden">Instagram</span></span>', $html );
		$this->assertStringNotContainsString( 'iglr=start', $html, 'the preview links nowhere' );
	}

	public function test_the_preview_shows_before_the_relay_connection_is_set_up() {
		$this->assertStringContainsString( '<span class="iglr-button">Continue with Instagram</span>', $this->page() );
	}

	public function test_assets_load_on_the_settings_page_only() {
		$section = new Iglr_Button_Settings_Section( new Iglr_Button_Settings() );
		$section->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( Iglr_Button_Settings_Section::PREVIEW_SCRIPT ) );
		$section->enqueue( 'woocommerce_page_' . Iglr_Keys::ADMIN_PAGE );
		$this->assertTrue( wp_script_is( Iglr_Button_Settings_Section::PREVIEW_SCRIPT ) );
		$this->assertTrue( wp_style_is( Iglr_Button::STYLE_HANDLE ), "the store's button stylesheet, for the preview" );
		$this->assertTrue( wp_style_is( Iglr_Button_Settings_Section::SETTINGS_STYLE ) );
		$this->assertStringEndsWith( '/assets/button-preview.js', wp_scripts()->registered[ Iglr_Button_Settings_Section::PREVIEW_SCRIPT ]->src );
		$this->assertSame( array(), wp_scripts()->registered[ Iglr_Button_Settings_Section::PREVIEW_SCRIPT ]->deps, 'plain script, no build' );
	}
}
