<?php
/**
 * uninstall.php.
 *
 * @package ig-login-relay
 */

/**
 * Uses every feature that stores something, runs WordPress's own
 * uninstall_plugin(), and looks for anything left under the plugin's prefix.
 * DROP TABLE ends the test's transaction, so this runs in its own process
 * and puts the tables back afterwards.
 *
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
class UninstallTest extends Iglr_Test_Case {

	/**
	 * Users the test made.
	 *
	 * @var int[]
	 */
	private $users = array();

	protected function tearDown(): void {
		global $wpdb;
		// What was not committed by uninstall's DROP TABLE (the test stopped before it) goes first.
		$wpdb->query( 'ROLLBACK' );
		wp_cache_flush();
		require_once ABSPATH . 'wp-admin/includes/user.php';
		foreach ( $this->users as $user_id ) {
			if ( get_userdata( $user_id ) ) {
				wp_delete_user( $user_id );
			}
		}
		Iglr_Installer::install(); // Its CREATE TABLE commits the clean-up.
		$wpdb->query( 'COMMIT' );
		parent::tearDown();
	}

	/**
	 * Everything under the plugin's prefix.
	 *
	 * @return array<string,string[]>
	 */
	private static function leftovers() {
		global $wpdb;
		$like = $wpdb->esc_like( 'iglr_' ) . '%';
		// phpcs:disable WordPress.DB
		return array(
			'options' => $wpdb->get_col(
				$wpdb->prepare(
					"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
					$like,
					$wpdb->esc_like( '_transient_iglr_' ) . '%',
					$wpdb->esc_like( '_transient_timeout_iglr_' ) . '%'
				)
			),
			'usermeta' => $wpdb->get_col( $wpdb->prepare( "SELECT meta_key FROM {$wpdb->usermeta} WHERE meta_key LIKE %s", $like ) ),
			'tables'   => $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'iglr_' ) . '%' ) ),
			'cron'     => array_values(
				array_filter(
					array_unique( array_merge( array(), ...array_map( 'array_keys', array_values( (array) _get_cron_array() ) ) ) ),
					function ( $hook ) {
						return 0 === strpos( $hook, 'iglr_' );
					}
				)
			),
		);
		// phpcs:enable
	}

	public function test_uninstall_removes_everything_the_plugin_stored() {
		Iglr_Installer::install();
		$this->configure();
		$links         = new Iglr_User_Links();
		$shopper       = $links->create_user( self::authorized_data() );
		$this->users[] = $shopper->ID;
		$linked        = self::make_user( 'subscriber', 'uninstall-linked' );
		$this->users[] = $linked;
		$links->link( $linked, self::authorized_data( array( 'instagram_user_id' => '42' ) ) );
		( new Iglr_Store_Account() )->connect( self::authorized_data(), 1 );
		( new Iglr_Delivery_Log() )->add( 'webhook_stored' );
		( new Iglr_Relay_Health( new Iglr_Relay_Client( new Iglr_Settings() ), new Iglr_Delivery_Log() ) )->check();
		( new Iglr_Webhook_Reachability() )->claim_delivered();
		( new Iglr_Webhook_Silence( new Iglr_Webhook_Reachability(), new Iglr_Pending_Sign_Ins() ) )->sign_in_returned();
		( new Iglr_Webhook_Reachability() )->webhook_arrived();
		update_user_meta( $linked, Iglr_Keys::META_LINK_OFFER, array( 'username' => 'x' ) );
		update_user_meta( $shopper->ID, Iglr_Keys::META_LINK_OFFER, array( 'username' => 'x' ) );
		( new Iglr_Received_Events() )->record_authorized( 'msg_uninstall', self::authorized_data() );
		set_transient( Iglr_Keys::TRANSIENT_ADMIN_RESULT_PREFIX . '1', array( 'x' ), 300 );
		update_option( Iglr_Keys::OPTION_BUTTON, array( 'style' => 'dark' ) );
		( new Iglr_Sign_In_Counts() )->record();
		( new Iglr_Sign_In_History( new Iglr_Relay_Client( new Iglr_Settings() ), new Iglr_Sign_In_Counts() ) )->last_days();
		( new Iglr_New_Account_Settings() )->store_unless_saved();
		$pictures = array();
		foreach ( array( $shopper->ID, $linked ) as $user_id ) {
			$pictures[] = wp_insert_attachment(
				array(
					'post_title'     => 'Instagram profile picture',
					'post_mime_type' => 'image/png',
					'post_author'    => $user_id,
				)
			);
			update_post_meta( end( $pictures ), Iglr_Keys::POST_META_PICTURE_OF, $user_id );
			update_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID, end( $pictures ) );
		}

		$before = self::leftovers();
		$this->assertEqualsCanonicalizing( array_merge( Iglr_Keys::options(), array( '_transient_iglr_admin_result_1', '_transient_timeout_iglr_admin_result_1', '_transient_iglr_relay_sign_ins', '_transient_timeout_iglr_relay_sign_ins' ) ), $before['options'] );
		// Both users have every key, but the record of what sign-up copied from Instagram: only the shopper sign-up made has it.
		$this->assertEqualsCanonicalizing( array_merge( Iglr_Keys::user_meta(), array_diff( Iglr_Keys::user_meta(), array( Iglr_Keys::META_PROFILE_FROM_INSTAGRAM ) ) ), $before['usermeta'] );
		$this->assertEqualsCanonicalizing( array_map( array( 'Iglr_Keys', 'table' ), Iglr_Keys::tables() ), $before['tables'] );
		$this->assertEqualsCanonicalizing( Iglr_Keys::cron_hooks(), $before['cron'] );

		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/file.php';
		uninstall_plugin( 'ig-login-relay/ig-login-relay.php' );

		$this->assertSame(
			array(
				'options'  => array(),
				'usermeta' => array(),
				'tables'   => array(),
				'cron'     => array(),
			),
			self::leftovers()
		);
		$this->assertTrue( get_userdata( $shopper->ID ) instanceof WP_User, 'accounts stay; only their link goes' );
		$this->assertSame( array( null, null ), array_map( 'get_post', $pictures ), 'the copies of Instagram pictures go' );
	}
}
