<?php
/**
 * Where the button settings, the Users column and the sign-ins report hook in.
 *
 * @package ig-login-relay
 */

/**
 * The hooks iglr_add_hooks() adds for them, and in which order.
 */
class StoreOwnerHooksTest extends Iglr_Test_Case {

	/**
	 * The callbacks on a hook as "Class::method" at "priority", in the order they run.
	 *
	 * @param string $hook Hook.
	 * @return string[]
	 */
	private static function callbacks( $hook ) {
		global $wp_filter;
		$names = array();
		if ( ! isset( $wp_filter[ $hook ] ) ) {
			return $names;
		}
		foreach ( $wp_filter[ $hook ]->callbacks as $priority => $callbacks ) {
			foreach ( $callbacks as $callback ) {
				$function = $callback['function'];
				if ( is_array( $function ) ) {
					$names[] = ( is_object( $function[0] ) ? get_class( $function[0] ) : $function[0] ) . '::' . $function[1] . '@' . $priority . '/' . $callback['accepted_args'];
				}
			}
		}
		return $names;
	}

	public function test_the_settings_register_where_the_settings_page_and_rest_need_them() {
		$this->assertContains( 'Iglr_Button_Settings::register@10/1', self::callbacks( 'admin_init' ) );
		$this->assertContains( 'Iglr_Button_Settings::register@10/1', self::callbacks( 'rest_api_init' ) );
	}

	public function test_the_button_section_comes_after_the_relay_connection() {
		$admin_init = self::callbacks( 'admin_init' );
		$relay      = array_search( 'Iglr_Settings_Page::add_fields@10/1', $admin_init, true );
		$button     = array_search( 'Iglr_Button_Settings_Section::add_fields@10/1', $admin_init, true );
		$this->assertNotFalse( $relay );
		$this->assertGreaterThan( $relay, $button );
		$this->assertContains( 'Iglr_Button_Settings_Section::enqueue@10/1', self::callbacks( 'admin_enqueue_scripts' ) );
	}

	public function test_the_users_list_hooks() {
		$this->assertContains( 'Iglr_Users_Column::add_column@10/1', self::callbacks( 'manage_users_columns' ) );
		$this->assertContains( 'Iglr_Users_Column::cell@10/3', self::callbacks( 'manage_users_custom_column' ) );
		$this->assertContains( 'Iglr_Users_Column::add_view@10/1', self::callbacks( 'views_users' ) );
		$this->assertContains( 'Iglr_Users_Column::filter_query@10/1', self::callbacks( 'users_list_table_query_args' ) );
	}

	public function test_the_report_hooks() {
		$this->assertContains( 'Iglr_Sign_In_Counts::record@10/1', self::callbacks( 'iglr_signed_in' ) );
		$this->assertContains( 'Iglr_Sign_In_Report::render@10/1', self::callbacks( 'iglr_settings_page_reports' ) );
		$this->assertContains( 'Iglr_Sign_In_Report::refresh@10/1', self::callbacks( 'admin_post_iglr_refresh_sign_ins' ) );
		$this->assertSame( array(), self::callbacks( 'admin_post_nopriv_iglr_refresh_sign_ins' ), 'signed-in admins only' );
	}
}
