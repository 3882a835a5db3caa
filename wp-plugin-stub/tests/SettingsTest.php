<?php
/**
 * Iglr_Settings.
 *
 * @package ig-login-relay
 */

/**
 * The relay connection through the Settings API: allow-listed values, the
 * store secret sealed and never given back.
 */
class SettingsTest extends Iglr_Test_Case {

	private static function save( array $input ) {
		update_option( Iglr_Keys::OPTION_SETTINGS, $input );
		return get_option( Iglr_Keys::OPTION_SETTINGS );
	}

	public function test_the_setting_is_registered_with_type_default_and_sanitizer() {
		$registered = get_registered_settings()[ Iglr_Keys::OPTION_SETTINGS ];
		$this->assertSame( 'object', $registered['type'] );
		$this->assertSame( Iglr_Settings::defaults(), $registered['default'] );
		$this->assertFalse( $registered['show_in_rest'] );
		$this->assertSame( Iglr_Keys::SETTINGS_GROUP, $registered['group'] );
	}

	public function test_a_new_secret_is_sealed_and_usable() {
		$saved = self::save(
			array(
				'relay_url'        => ' https://relay.example.com/ ',
				'store_id'         => 'shop-1',
				'new_store_secret' => self::STORE_SECRET,
			)
		);
		$this->assertSame( array( 'relay_url', 'store_id', 'store_secret' ), array_keys( $saved ) );
		$this->assertSame( 'https://relay.example.com', $saved['relay_url'] );
		$this->assertStringStartsWith( 'v1.', $saved['store_secret'] );
		$this->assertStringNotContainsString( 'AQIDBAUG', $saved['store_secret'] );
		$settings = new Iglr_Settings();
		$this->assertSame( Iglr_Store_Secret::key( self::STORE_SECRET ), $settings->store_key() );
		$this->assertTrue( $settings->is_configured() );
	}

	public function test_an_empty_secret_field_keeps_the_saved_one() {
		$this->configure();
		$before = get_option( Iglr_Keys::OPTION_SETTINGS )['store_secret'];
		$saved  = self::save(
			array(
				'relay_url'        => self::RELAY_URL,
				'store_id'         => 'shop-2',
				'new_store_secret' => '',
			)
		);
		$this->assertSame( 'shop-2', $saved['store_id'] );
		$this->assertSame( $before, $saved['store_secret'] );
	}

	public function test_rejected_values_are_not_saved() {
		require_once ABSPATH . 'wp-admin/includes/template.php';
		$this->configure();
		$before = get_option( Iglr_Keys::OPTION_SETTINGS )['store_secret'];
		$saved  = self::save(
			array(
				'relay_url'        => 'ftp://relay.example.com',
				'store_id'         => 'shop 1; DROP',
				'new_store_secret' => 'not-a-secret',
			)
		);
		$this->assertSame( '', $saved['relay_url'] );
		$this->assertSame( '', $saved['store_id'] );
		$this->assertSame( $before, $saved['store_secret'], 'a bad secret keeps the old one' );
		$this->assertSame( array( 'iglr_relay_url', 'iglr_store_id', 'iglr_store_secret' ), array_column( get_settings_errors( Iglr_Keys::OPTION_SETTINGS ), 'code' ) );
		$this->assertSame( '', Iglr_Settings::clean_relay_url( 'https://relay.example.com/?x=1' ) );
		$this->assertSame( '', Iglr_Settings::clean_relay_url( 'https://user:pw@relay.example.com' ) );
		$this->assertSame( 'http://127.0.0.1:3000/relay', Iglr_Settings::clean_relay_url( 'http://127.0.0.1:3000/relay/' ) );
	}

	public function test_values_written_around_the_settings_api_are_checked_when_read() {
		global $wpdb;
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		// Straight into the table, as another plugin or a database import could.
		$wpdb->insert( // phpcs:ignore WordPress.DB
			$wpdb->options,
			array(
				'option_name'  => Iglr_Keys::OPTION_SETTINGS,
				'option_value' => serialize(
					array(
						'relay_url'    => 'javascript:alert(1)',
						'store_id'     => '<script>',
						'store_secret' => 'whsec_plain-text-never-sealed',
					)
				),
				'autoload'     => 'yes',
			)
		);
		wp_cache_flush();
		$settings = new Iglr_Settings();
		$this->assertSame( '', $settings->relay_url() );
		$this->assertSame( '', $settings->store_id() );
		$this->assertNull( $settings->store_key() );
		$this->assertTrue( $settings->secret_unreadable() );
		$this->assertFalse( $settings->is_configured() );
	}

	public function test_the_secret_is_never_printed() {
		$this->configure();
		$page = new Iglr_Settings_Page( new Iglr_Settings(), new Iglr_Relay_Client( new Iglr_Settings() ), new Iglr_Store_Account(), new Iglr_Delivery_Status_View( new Iglr_Delivery_Log() ), new Iglr_Login_Delivery_Mode( new Iglr_Relay_Client( new Iglr_Settings() ) ), new Iglr_Webhook_Warning( new Iglr_Settings(), new Iglr_Webhook_Reachability() ) );
		ob_start();
		$page->store_secret_field();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'value=""', $html );
		$this->assertStringContainsString( 'Saved (encrypted)', $html );
		$this->assertStringNotContainsString( 'AQIDBAUG', $html );
		$this->assertStringNotContainsString( 'v1.', $html );
	}
}
