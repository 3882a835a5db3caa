<?php
/**
 * Iglr_Link_Offers and the confirmation that names the account.
 *
 * @package ig-login-relay
 */

/**
 * An Instagram account is linked to a signed-in user only when that user
 * confirms a page naming both; offers expire and are pruned.
 */
class LinkOffersTest extends Iglr_Test_Case {

	private $now = 1800000000;

	private function offers() {
		return new Iglr_Link_Offers(
			new Iglr_User_Links(),
			function () {
				return $this->now;
			}
		);
	}

	public function test_an_offer_links_nothing_until_accepted() {
		$user_id = self::make_user( 'subscriber', 'grace' );
		$this->assertTrue( $this->offers()->offer( $user_id, self::authorized_data() ) );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
		$this->assertSame( 0, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ) );

		$linked = $this->offers()->accept( $user_id );
		$this->assertSame( 'lumen.coffee', $linked['username'] );
		$link = ( new Iglr_User_Links() )->link_of( $user_id );
		$this->assertSame( array( self::INSTAGRAM_USER_ID, 'lumen.coffee', 'self' ), array( $link['instagram_user_id'], $link['username'], $link['linked_by'] ) );
		$this->assertSame( 'no_offer', $this->offers()->accept( $user_id )->get_error_code(), 'used once' );
	}

	public function test_an_offer_expires_after_ten_minutes() {
		$user_id = self::make_user( 'subscriber', 'grace' );
		$this->offers()->offer( $user_id, self::authorized_data() );
		$this->now += 600;
		$this->assertNull( $this->offers()->waiting_for( $user_id ) );
		$this->assertSame( 'no_offer', $this->offers()->accept( $user_id )->get_error_code() );
		$this->assertNull( ( new Iglr_User_Links() )->link_of( $user_id ) );
	}

	public function test_an_account_linked_to_someone_else_is_not_offered_nor_linked() {
		$owner = self::make_user( 'subscriber', 'owner' );
		( new Iglr_User_Links() )->link( $owner, self::authorized_data() );
		$user_id = self::make_user( 'subscriber', 'mallory' );
		$this->assertSame( 'linked_elsewhere', $this->offers()->offer( $user_id, self::authorized_data() )->get_error_code() );

		// Linked elsewhere between the offer and the confirmation.
		( new Iglr_User_Links() )->remove_link( $owner );
		$this->offers()->offer( $user_id, self::authorized_data() );
		( new Iglr_User_Links() )->link( $owner, self::authorized_data() );
		$this->assertSame( 'linked_elsewhere', $this->offers()->accept( $user_id )->get_error_code() );
		$this->assertSame( $owner, ( new Iglr_User_Links() )->find_user_id( self::INSTAGRAM_USER_ID ) );
	}

	public function test_prune_removes_expired_offers_only() {
		$old   = self::make_user( 'subscriber', 'old' );
		$fresh = self::make_user( 'subscriber', 'fresh' );
		$this->offers()->offer( $old, self::authorized_data() );
		$this->now += 300;
		$this->offers()->offer( $fresh, self::authorized_data( array( 'instagram_user_id' => '42' ) ) );
		$this->now += 301;
		$this->offers()->prune();
		$this->assertSame( '', get_user_meta( $old, Iglr_Keys::META_LINK_OFFER, true ) );
		$this->assertIsArray( get_user_meta( $fresh, Iglr_Keys::META_LINK_OFFER, true ) );
	}

	public function test_the_confirmation_names_the_account_and_the_handle() {
		$this->configure();
		$user_id = self::make_user( 'subscriber', 'grace' );
		wp_update_user(
			array(
				'ID'           => $user_id,
				'display_name' => 'Grace & Co',
				'user_email'   => 'grace@example.com',
			)
		);
		wp_set_current_user( $user_id );
		( new Iglr_Link_Offers( new Iglr_User_Links() ) )->offer( $user_id, self::authorized_data() );
		$ui = new Iglr_Account_Ui( new Iglr_User_Links(), new Iglr_Link_Offers( new Iglr_User_Links() ), new Iglr_Button( new Iglr_Settings() ), new Iglr_Delivery_Log() );

		ob_start();
		$ui->woocommerce_dashboard();
		$html = ob_get_clean();
		$this->assertStringContainsString( 'Link Instagram @lumen.coffee to this account?', $html );
		$this->assertStringContainsString( 'Grace &amp; Co (username grace, grace@example.com)', $html );
		$this->assertStringContainsString( 'name="action" value="iglr_link_decision"', $html );
		$this->assertMatchesRegularExpression( '/name="iglr_link_decision_nonce" value="[0-9a-f]{10}"/', $html );
		$this->assertStringContainsString( 'name="decision" value="link"', $html );
		$this->assertStringContainsString( 'name="decision" value="cancel"', $html );
		$this->assertStringNotContainsString( 'iglr_unlink', $html, 'not linked yet' );
		$this->assertStringNotContainsString( '>Link Instagram</a>', $html, 'one way forward: the confirmation' );
	}

	public function test_the_link_button_carries_the_user_s_nonce() {
		$this->configure();
		$user_id = self::make_user( 'subscriber', 'grace' );
		wp_set_current_user( $user_id );
		$ui = new Iglr_Account_Ui( new Iglr_User_Links(), new Iglr_Link_Offers( new Iglr_User_Links() ), new Iglr_Button( new Iglr_Settings() ), new Iglr_Delivery_Log() );
		ob_start();
		$ui->woocommerce_dashboard();
		$html = ob_get_clean();
		$this->assertSame( 1, preg_match( '/<a class="iglr-button" href="([^"]+)"[^>]*>Link Instagram<\/a>/', $html, $match ) );
		parse_str( (string) wp_parse_url( html_entity_decode( $match[1] ), PHP_URL_QUERY ), $query );
		$this->assertSame( array( 'start', 'link' ), array( $query['iglr'], $query['purpose'] ) );
		$this->assertSame( 1, wp_verify_nonce( $query['_wpnonce'], Iglr_Keys::ACTION_LINK ) );
	}
}
