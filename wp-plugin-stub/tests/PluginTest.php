<?php
/**
 * The main file: header and hooks.
 *
 * @package ig-login-relay
 */

/**
 * What WordPress reads from the plugin, and where it hooks in.
 */
class PluginTest extends Iglr_Test_Case {

	public function test_header() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$data = get_plugin_data( IGLR_FILE, false, false );
		$this->assertSame( 'Instagram Login Relay', $data['Name'] );
		$this->assertSame( IGLR_VERSION, $data['Version'] );
		$this->assertSame( '6.1', $data['RequiresWP'] );
		$this->assertSame( '7.4', $data['RequiresPHP'] );
		$this->assertSame( 'ig-login-relay', $data['TextDomain'] );
		$this->assertNotSame( '', $data['Description'] );
	}

	/**
	 * The priority a method is hooked at.
	 *
	 * @param string $hook   Hook.
	 * @param string $class  Class of the callback.
	 * @param string $method Method.
	 * @return int|false
	 */
	private static function priority( $hook, $class, $method ) {
		global $wp_filter;
		if ( ! isset( $wp_filter[ $hook ] ) ) {
			return false;
		}
		foreach ( $wp_filter[ $hook ]->callbacks as $priority => $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$function = $callback['function'];
				if ( is_array( $function ) && ( is_object( $function[0] ) ? get_class( $function[0] ) : $function[0] ) === $class && $method === $function[1] ) {
					return $priority;
				}
			}
		}
		return false;
	}

	public function test_hooks() {
		$this->assertSame( 1, self::priority( 'template_redirect', 'Iglr_Sign_In_Start', 'maybe_handle' ) );
		$this->assertSame( 1, self::priority( 'template_redirect', 'Iglr_Sign_In_Return', 'maybe_handle' ) );
		$this->assertSame( 5, self::priority( 'template_redirect', 'Iglr_Messages', 'add_woocommerce_notice' ) );
		$this->assertSame( 10, self::priority( 'woocommerce_login_form_end', 'Iglr_Button', 'woocommerce_form' ) );
		$this->assertSame( 10, self::priority( 'woocommerce_register_form_end', 'Iglr_Button', 'woocommerce_form' ) );
		$this->assertSame( 10, self::priority( 'woocommerce_before_checkout_form', 'Iglr_Button', 'checkout' ) );
		$this->assertSame( 10, self::priority( 'login_form', 'Iglr_Button', 'wp_login_form' ) );
		$this->assertSame( 10, self::priority( 'woocommerce_account_dashboard', 'Iglr_Account_Ui', 'woocommerce_dashboard' ) );
		$this->assertSame( 10, self::priority( 'show_user_profile', 'Iglr_Account_Ui', 'profile_section' ) );
		$this->assertSame( 10, self::priority( 'admin_post_iglr_unlink', 'Iglr_Account_Ui', 'handle_unlink_post' ) );
		$this->assertFalse( self::priority( 'admin_post_nopriv_iglr_unlink', 'Iglr_Account_Ui', 'handle_unlink_post' ), 'signed-in users only' );
		foreach ( array( 'save_instagram_app', 'test_connection', 'connect_account', 'disconnect_account' ) as $method ) {
			$this->assertSame( 10, self::priority( 'admin_post_iglr_' . $method, 'Iglr_Admin_Actions', $method ), $method );
			$this->assertFalse( self::priority( 'admin_post_nopriv_iglr_' . $method, 'Iglr_Admin_Actions', $method ) );
		}
		$this->assertTrue( shortcode_exists( 'ig_login_button' ) );
		$this->assertSame( 10, self::priority( 'plugins_loaded', 'Iglr_Installer', 'maybe_upgrade' ) );
		$this->assertSame( 10, self::priority( 'site_status_tests', 'Iglr_Webhook_Warning', 'add_site_health_test' ) );
		$this->assertSame( 10, self::priority( 'site_status_tests', 'Iglr_Relay_Health_Test', 'add_site_health_test' ) );
		$this->assertSame( 10, self::priority( 'site_status_tests', 'Iglr_Store_Token_Test', 'add_site_health_test' ) );
		$this->assertSame( 10, self::priority( 'wp_privacy_personal_data_exporters', 'Iglr_Privacy_Exporter', 'register' ) );
		$this->assertSame( 10, self::priority( 'wp_privacy_personal_data_erasers', 'Iglr_Privacy_Eraser', 'register' ) );
		$this->assertSame( 10, self::priority( 'admin_init', 'Iglr_Privacy_Policy', 'add' ) );
		$this->assertSame( 0, self::priority( 'init', 'Iglr_Translations', 'load' ) );
		$this->assertSame( 0, self::priority( 'template_redirect', 'Iglr_Webhook_Silence', 'observe_return' ) );
	}

	public function test_every_class_loads_from_its_file_in_includes() {
		$files = glob( dirname( __DIR__ ) . '/includes/class-*.php' );
		$this->assertGreaterThan( 25, count( $files ) );
		foreach ( $files as $file ) {
			$this->assertSame( 1, preg_match( '/^(?:final |abstract )?class (Iglr_\w+)/m', (string) file_get_contents( $file ), $match ), $file );
			$this->assertSame( 'class-' . strtolower( str_replace( '_', '-', $match[1] ) ) . '.php', basename( $file ), 'named after its class' );
			$this->assertTrue( class_exists( $match[1] ), $match[1] );
			$this->assertSame( realpath( $file ), realpath( ( new ReflectionClass( $match[1] ) )->getFileName() ) );
		}
		$this->assertFalse( class_exists( 'Iglr_No_Such_Class' ) );
	}

	public function test_translations_come_from_the_languages_folder_for_php_and_the_block_editor_script() {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		$this->assertSame( '/languages', get_plugin_data( IGLR_FILE, false, false )['DomainPath'] );
		$this->assertFileExists( Iglr_Translations::directory() . '/ig-login-relay.pot' );
		$script = wp_scripts()->registered[ Iglr_Sign_In_Block::EDITOR_SCRIPT ];
		$this->assertSame( array( 'ig-login-relay', Iglr_Translations::directory() ), array( $script->textdomain, $script->translations_path ) );
	}

	public function test_the_shortcode_renders_the_button_for_visitors() {
		$this->configure();
		$html = do_shortcode( '[ig_login_button label="Sign in with Instagram" redirect_to="/basket/"]' );
		$this->assertStringContainsString( '>Sign in with Instagram</a>', $html );
		$this->assertStringContainsString( 'redirect_to=' . rawurlencode( '/basket/' ), html_entity_decode( $html ) );
	}
}
