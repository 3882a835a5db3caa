<?php
/**
 * Behaviour with WooCommerce active.
 *
 * @package ig-login-relay
 */

/**
 * The provisioned site runs WooCommerce; Iglr_Test_Case switches the
 * plugin's view of it off by default (iglr_woocommerce_active),
 * these tests switch it back on.
 */
class WooCommerceTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->woocommerce( true );
		if ( null === get_role( 'customer' ) ) {
			add_role( 'customer', 'Customer', array( 'read' => true ) );
		}
		$this->configure();
	}

	public function test_new_users_are_customers() {
		$this->assertTrue( Iglr_Woocommerce_Compatibility::woocommerce_active() );
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( array( 'customer' ), $user->roles );
		$this->assertSame( 'lumen.coffee', $user->user_login );
		$this->assertSame( '', $user->user_email );
	}

	public function test_a_shopper_signing_in_becomes_a_customer() {
		$started = ( new Iglr_Pending_Sign_Ins() )->create( 'login', home_url( '/checkout/' ), 0 );
		$data    = self::authorized_data( array( 'state' => $started['state'] ) );
		$this->assertSame( 200, self::deliver( 'instagram.authorized', $data, 'msg_woo_1' )->get_status() );
		$browser = new Iglr_Test_Browser();
		self::sign_in_return( $browser )->complete(
			array(
				'igr_login' => $data['login_id'],
				'igr_state' => $started['state'],
			),
			array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] )
		);
		$this->assertSame( array( Iglr_Email_Step::url( home_url( '/checkout/' ) ) ), $browser->redirects, 'the email step, then on to the checkout' );
		$this->assertSame( array( 'customer' ), wp_get_current_user()->roles );
	}

	public function test_the_customer_role_alone_is_not_enough() {
		$this->woocommerce( false );
		$this->assertSame( get_option( 'default_role' ), Iglr_User_Links::new_user_role(), 'a leftover role without WooCommerce active' );
	}

	public function test_errors_go_back_to_the_page_the_shopper_was_on() {
		$this->assertSame( home_url( '/checkout/?iglr_error=refused' ), Iglr_Messages::error_url( home_url( '/checkout/' ), 'refused' ) );
		$this->assertStringStartsWith( wp_login_url(), Iglr_Messages::error_url( admin_url( 'profile.php' ), 'refused' ), 'wp-admin cannot show it to a visitor' );
	}

	public function test_messages_become_woocommerce_notices_for_known_codes_only() {
		$_GET = array( 'iglr_error' => 'cancelled' );
		$this->assertSame( array( array( 'You cancelled signing in with Instagram. Nothing was shared with the store.', 'error' ) ), Iglr_Messages::woocommerce_notices() );
		$_GET = array( 'iglr_notice' => 'linked' );
		$this->assertSame( array( array( 'Your Instagram account is now linked. You can use it to sign in next time.', 'success' ) ), Iglr_Messages::woocommerce_notices() );
		$_GET = array( 'iglr_error' => 'Your account is closed, call +1 555' );
		$this->assertSame( array(), Iglr_Messages::woocommerce_notices() );
	}

	public function test_the_dashboard_asks_for_an_email_and_offers_unlink() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		wp_set_current_user( $user->ID );
		$ui = new Iglr_Account_Ui( new Iglr_User_Links(), new Iglr_Link_Offers( new Iglr_User_Links() ), new Iglr_Button( new Iglr_Settings() ), new Iglr_Delivery_Log() );
		ob_start();
		$ui->woocommerce_dashboard();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'Add an email address', $html );
		$this->assertStringContainsString( 'Linked to Instagram account @lumen.coffee.', $html );
		$this->assertStringContainsString( 'name="action" value="iglr_unlink"', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_unlink_nonce" value="[0-9a-f]{10}"/', $html );
	}

	public function test_the_dashboard_offers_linking_to_users_without_a_link() {
		wp_set_current_user( self::make_user( 'customer', 'linkless' ) );
		$ui = new Iglr_Account_Ui( new Iglr_User_Links(), new Iglr_Link_Offers( new Iglr_User_Links() ), new Iglr_Button( new Iglr_Settings() ), new Iglr_Delivery_Log() );
		ob_start();
		$ui->woocommerce_dashboard();
		$html = ob_get_clean();
		$this->assertStringNotContainsString( 'Add an email address', $html );
		$this->assertStringContainsString( '>Link Instagram</a>', $html );
	}
}
