<?php
/**
 * Where a shopper comes back to.
 *
 * @package ig-login-relay
 */

/**
 * The redirect_to a page was given, else the page itself.
 */
class ReturnTargetTest extends Iglr_Test_Case {

	protected function tearDown(): void {
		$_SERVER['REQUEST_URI'] = '/';
		parent::tearDown();
	}

	public function test_the_redirect_to_a_page_was_given_when_it_stays_on_this_site() {
		$_SERVER['REQUEST_URI'] = '/my-account/';
		$_GET['redirect_to']    = home_url( '/checkout/' );
		$this->assertSame( home_url( '/checkout/' ), Iglr_Return_Target::requested_or_current() );
	}

	public function test_another_site_is_never_the_target() {
		$_SERVER['REQUEST_URI'] = '/my-account/';
		$_GET['redirect_to']    = 'https://evil.example/checkout/';
		$this->assertSame( home_url( '/my-account/' ), Iglr_Return_Target::requested_or_current() );
	}

	public function test_pages_that_are_not_posts_keep_their_address() {
		$_SERVER['REQUEST_URI'] = '/shop/?orderby=price';
		$this->assertSame( home_url( '/shop/?orderby=price' ), Iglr_Return_Target::current_page() );
	}

	public function test_a_site_in_a_folder_is_not_doubled() {
		$host = untrailingslashit( home_url() );
		add_filter(
			'home_url',
			function ( $url ) use ( $host ) {
				return $host . '/store' . substr( $url, strlen( $host ) );
			}
		);
		$_SERVER['REQUEST_URI'] = '/store/cart/';
		$this->assertSame( $host . '/store/cart/', Iglr_Return_Target::current_page() );
	}

	public function test_the_fragment_cleanup_is_one_inline_script() {
		ob_start();
		Iglr_Address_Bar::print_fragment_cleanup();
		$html = ob_get_clean();
		$this->assertStringContainsString( "if(location.hash==='#_'){history.replaceState(", $html );
		$this->assertSame( 1, substr_count( $html, '<script' ) );
		foreach ( array( 'wp_head', 'login_head', 'admin_head' ) as $hook ) {
			$this->assertSame( 1, has_action( $hook, array( 'Iglr_Address_Bar', 'print_fragment_cleanup' ) ), "first thing in $hook" );
		}
	}
}
