<?php
/**
 * Iglr_Welcome_Email.
 *
 * @package ig-login-relay
 */

/**
 * An account made by Instagram sign-up gets the store's usual new-account
 * email once, and only once it has an address.
 */
class WelcomeEmailTest extends Iglr_Test_Case {

	/**
	 * Mail wp_mail() was asked to send: to, subject.
	 *
	 * @var array[]
	 */
	private $sent = array();

	protected function setUp(): void {
		parent::setUp();
		add_filter(
			'pre_wp_mail',
			function ( $pre, $mail ) {
				$this->sent[] = array( (string) ( is_array( $mail['to'] ) ? implode( ',', $mail['to'] ) : $mail['to'] ), $mail['subject'] );
				return true;
			},
			10,
			2
		);
	}

	private static function give_email( $user_id, $email ) {
		wp_update_user(
			array(
				'ID'         => $user_id,
				'user_email' => $email,
			)
		);
	}

	public function test_without_woocommerce_wordpress_new_user_emails_go_once_the_address_exists() {
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( array(), $this->sent, 'no address yet: nothing sent' );

		update_user_meta( $user->ID, 'description', 'x' );
		wp_update_user(
			array(
				'ID'           => $user->ID,
				'display_name' => 'Lumen',
			)
		);
		$this->assertSame( array(), $this->sent, 'other changes send nothing' );

		self::give_email( $user->ID, 'lumen@example.com' );
		$this->assertCount( 2, $this->sent, "WordPress's registration emails: the site's administrator and the user" );
		$this->assertSame( get_option( 'admin_email' ), $this->sent[0][0] );
		$this->assertStringContainsString( 'New User Registration', $this->sent[0][1] );
		$this->assertSame( 'lumen@example.com', $this->sent[1][0] );
		$this->assertStringContainsString( 'Login Details', $this->sent[1][1] );

		self::give_email( $user->ID, 'lumen2@example.com' );
		$this->assertCount( 3, $this->sent, 'once' );
		$this->assertStringContainsString( 'Email Changed', $this->sent[2][1], "only WordPress's own notice of the change" );
	}

	public function test_with_woocommerce_the_customer_gets_woocommerces_new_account_email() {
		$this->woocommerce( true );
		add_role( 'customer', 'Customer', array( 'read' => true ) );
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		self::give_email( $user->ID, 'lumen@example.com' );
		$this->assertCount( 1, $this->sent, 'to the customer only, as WooCommerce registration does' );
		$this->assertSame( 'lumen@example.com', $this->sent[0][0] );
		$this->assertStringContainsString( 'Your ', $this->sent[0][1] );
		$this->assertStringContainsString( 'account has been created', $this->sent[0][1] );
	}

	public function test_an_account_created_with_an_address_gets_it_right_away() {
		add_filter(
			'iglr_new_user_data',
			function ( $userdata, $instagram ) {
				$userdata['user_email'] = $instagram['username'] . '@example.com';
				return $userdata;
			},
			10,
			2
		);
		$user = ( new Iglr_User_Links() )->create_user( self::authorized_data() );
		$this->assertSame( 'lumen.coffee@example.com', $user->user_email );
		$this->assertCount( 2, $this->sent );
		self::give_email( $user->ID, 'lumen2@example.com' );
		$this->assertCount( 3, $this->sent, 'once: the next change only brings WordPress\'s notice of it' );
	}

	public function test_accounts_not_made_by_instagram_get_nothing_from_the_plugin() {
		$user_id = wp_insert_user(
			array(
				'user_login' => 'plain',
				'user_pass'  => 'x-plain',
			)
		);
		self::give_email( $user_id, 'plain@example.com' );
		$this->assertSame( array(), $this->sent, 'no welcome, and no "email changed" notice to an address that was empty' );
		self::give_email( $user_id, 'plain2@example.com' );
		$this->assertSame( array( array( 'plain@example.com', '[' . wp_specialchars_decode( get_option( 'blogname' ), ENT_QUOTES ) . '] Email Changed' ) ), $this->sent, "WordPress's own notice to a real old address stays" );
	}
}
