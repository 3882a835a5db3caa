<?php
/**
 * Iglr_Button_Settings.
 *
 * @package ig-login-relay
 */

/**
 * The button's placements, label and style through the Settings API and
 * the REST API: each field allow-listed when saved and when read.
 */
class ButtonSettingsTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/template.php';
	}

	private static function save( $input ) {
		update_option( Iglr_Keys::OPTION_BUTTON, $input );
		return get_option( Iglr_Keys::OPTION_BUTTON );
	}

	public function test_registered_in_the_settings_pages_group_with_type_default_sanitizer_and_rest_schema() {
		$registered = get_registered_settings()[ Iglr_Keys::OPTION_BUTTON ];
		$this->assertSame( Iglr_Keys::SETTINGS_GROUP, $registered['group'] );
		$this->assertSame( 'object', $registered['type'] );
		$this->assertSame(
			array(
				'placements' => array(
					'my_account_login'    => true,
					'my_account_register' => true,
					'checkout'            => true,
					'cart'                => true,
					'wp_login'            => true,
				),
				'label'      => '',
				'style'      => 'gradient',
			),
			$registered['default']
		);
		$schema = $registered['show_in_rest']['schema'];
		$this->assertSame( array( 'gradient', 'dark', 'light', 'icon' ), $schema['properties']['style']['enum'] );
		$this->assertSame( Iglr_Button_Settings::PLACEMENTS, array_keys( $schema['properties']['placements']['properties'] ) );
		$this->assertSame( 60, $schema['properties']['label']['maxLength'] );
	}

	public function test_the_forms_fields_are_saved() {
		$saved = self::save(
			array(
				// What the form posts: "0" for every box, then "1" for the ticked ones (PHP keeps the last).
				'placements' => array(
					'my_account_login'    => '1',
					'my_account_register' => '0',
					'checkout'            => '1',
					'cart'                => '0',
					'wp_login'            => '0',
				),
				'label'      => '  Sign in with <b>Instagram</b>  ',
				'style'      => 'dark',
			)
		);
		$this->assertSame(
			array(
				'placements' => array(
					'my_account_login'    => true,
					'my_account_register' => false,
					'checkout'            => true,
					'cart'                => false,
					'wp_login'            => false,
				),
				'label'      => 'Sign in with Instagram',
				'style'      => 'dark',
			),
			$saved
		);
		$settings = new Iglr_Button_Settings();
		$this->assertTrue( $settings->shows_at( 'my_account_login' ) );
		$this->assertFalse( $settings->shows_at( 'cart' ) );
		$this->assertTrue( $settings->shows_at( 'shortcode' ), 'placed by the owner: always shown' );
		$this->assertTrue( $settings->shows_at( 'block' ), 'placed by the owner: always shown' );
		$this->assertSame( 'Sign in with Instagram', $settings->label() );
		$this->assertSame( 'dark', $settings->style() );
	}

	public function test_missing_fields_keep_their_saved_values() {
		self::save(
			array(
				'placements' => array( 'cart' => '0' ),
				'label'      => 'Mit Instagram anmelden',
				'style'      => 'light',
			)
		);
		$saved = self::save( array( 'placements' => array( 'wp_login' => '0' ) ) );
		$this->assertFalse( $saved['placements']['cart'], 'not sent: kept' );
		$this->assertFalse( $saved['placements']['wp_login'] );
		$this->assertTrue( $saved['placements']['checkout'] );
		$this->assertSame( 'Mit Instagram anmelden', $saved['label'] );
		$this->assertSame( 'light', $saved['style'] );
		$this->assertSame( $saved, self::save( 'not an array' ) );
	}

	public function test_values_outside_the_allow_lists_are_refused_and_the_admin_told() {
		self::save(
			array(
				'label' => 'Instagram',
				'style' => 'light',
			)
		);
		$saved = self::save(
			array(
				'placements' => array(
					'footer'   => '1',
					'cart'     => array( '1' ),
					'wp_login' => 'yes',
				),
				'label'      => str_repeat( 'x', 61 ),
				'style'      => 'neon',
			)
		);
		$this->assertSame( array( 'my_account_login', 'my_account_register', 'checkout', 'cart', 'wp_login' ), array_keys( $saved['placements'] ), 'no unknown placement' );
		$this->assertFalse( $saved['placements']['cart'], 'only "1" switches a placement on' );
		$this->assertFalse( $saved['placements']['wp_login'] );
		$this->assertSame( 'Instagram', $saved['label'], 'a label over 60 characters keeps the saved one' );
		$this->assertSame( 'light', $saved['style'] );
		$this->assertSame(
			array( 'iglr_button_label', 'iglr_button_style' ),
			array_column( get_settings_errors( Iglr_Keys::OPTION_BUTTON ), 'code' )
		);
		$this->assertSame( str_repeat( 'é', 60 ), self::save( array( 'label' => str_repeat( 'é', 60 ) ) )['label'], '60 characters, not bytes' );
	}

	public function test_an_empty_label_is_the_default_in_the_visitors_language() {
		self::save( array( 'label' => '' ) );
		$this->assertSame( 'Continue with Instagram', ( new Iglr_Button_Settings() )->label() );
		add_filter(
			'gettext',
			function ( $translation, $text, $domain ) {
				return 'ig-login-relay' === $domain && 'Continue with Instagram' === $text ? 'Weiter mit Instagram' : $translation;
			},
			10,
			3
		);
		$this->assertSame( 'Weiter mit Instagram', ( new Iglr_Button_Settings() )->label() );
		self::save( array( 'label' => 'Continue with Instagram' ) );
		$this->assertSame( 'Continue with Instagram', ( new Iglr_Button_Settings() )->label(), "the owner's text as given, untranslated" );
	}

	public function test_stored_values_are_checked_again_when_read() {
		// Written around the Settings API, as another plugin or a database edit could.
		remove_all_filters( 'sanitize_option_' . Iglr_Keys::OPTION_BUTTON );
		update_option(
			Iglr_Keys::OPTION_BUTTON,
			array(
				'placements' => array(
					'cart'     => 'no',
					'checkout' => false,
				),
				'label'      => array( 'x' ),
				'style'      => '<script>',
			),
			false
		);
		$values = ( new Iglr_Button_Settings() )->values();
		$this->assertTrue( $values['placements']['cart'], 'not a boolean: the default' );
		$this->assertFalse( $values['placements']['checkout'] );
		$this->assertSame( '', $values['label'] );
		$this->assertSame( 'gradient', $values['style'] );

		update_option( Iglr_Keys::OPTION_BUTTON, 'garbage' );
		$this->assertSame( Iglr_Button_Settings::defaults(), ( new Iglr_Button_Settings() )->values() );
	}

	public function test_the_rest_settings_route_reads_and_writes_it_for_administrators_only() {
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		$request = new WP_REST_Request( 'POST', '/wp/v2/settings' );
		$request->set_body_params(
			array(
				Iglr_Keys::OPTION_BUTTON => array(
					'placements' => array(
						'cart'     => false,
						'wp_login' => true,
					),
					'label'      => 'Instagram',
					'style'      => 'icon',
				),
			)
		);
		$response = rest_do_request( $request );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'icon', $response->get_data()[ Iglr_Keys::OPTION_BUTTON ]['style'] );
		$this->assertFalse( get_option( Iglr_Keys::OPTION_BUTTON )['placements']['cart'] );

		$request->set_body_params( array( Iglr_Keys::OPTION_BUTTON => array( 'style' => 'neon' ) ) );
		$this->assertSame( 400, rest_do_request( $request )->get_status(), 'the schema refuses a style that does not exist' );
		$this->assertSame( 'icon', get_option( Iglr_Keys::OPTION_BUTTON )['style'] );

		wp_set_current_user( self::make_user( 'editor', 'ed' ) );
		$this->assertSame( 403, rest_do_request( new WP_REST_Request( 'GET', '/wp/v2/settings' ) )->get_status() );
	}
}
