<?php
/**
 * The "Instagram sign-in" block.
 *
 * @package ig-login-relay
 */

/**
 * Registered from block.json and rendered on the server.
 */
class SignInBlockTest extends Iglr_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
	}

	public function test_registered_from_block_json_with_its_editor_script() {
		$block = WP_Block_Type_Registry::get_instance()->get_registered( 'ig-login-relay/sign-in' );
		$this->assertInstanceOf( WP_Block_Type::class, $block );
		$this->assertSame( 'Instagram sign-in', $block->title );
		$this->assertSame( array( Iglr_Sign_In_Block::EDITOR_SCRIPT ), $block->editor_script_handles );
		$this->assertTrue( wp_script_is( Iglr_Sign_In_Block::EDITOR_SCRIPT, 'registered' ) );
		$this->assertStringEndsWith( '/blocks/instagram-sign-in/editor.js', wp_scripts()->registered[ Iglr_Sign_In_Block::EDITOR_SCRIPT ]->src );
	}

	public function test_guests_see_the_button_with_its_label() {
		$html = do_blocks( '<!-- wp:ig-login-relay/sign-in {"label":"Sign in with <b>Instagram</b>","align":"right"} /-->' );
		$this->assertMatchesRegularExpression( '#^<div class="iglr-sign-in-block alignright wp-block-ig-login-relay-sign-in"><p class="iglr-button-wrap"><a class="iglr-button" href="[^"]+" rel="nofollow">Sign in with Instagram</a></p></div>$#', $html );
	}

	public function test_signed_in_visitors_see_nothing() {
		wp_set_current_user( self::make_user( 'subscriber', 'signed.in' ) );
		$this->assertSame( '', do_blocks( '<!-- wp:ig-login-relay/sign-in /-->' ) );
	}

	public function test_nothing_until_the_plugin_is_set_up() {
		delete_option( Iglr_Keys::OPTION_SETTINGS );
		$this->assertSame( '', do_blocks( '<!-- wp:ig-login-relay/sign-in /-->' ) );
	}
}
