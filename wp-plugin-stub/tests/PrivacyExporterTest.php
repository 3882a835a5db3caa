<?php
/**
 * Iglr_Privacy_Exporter.
 *
 * @package ig-login-relay
 */

require_once __DIR__ . '/support/trait-iglr-privacy-fixture.php';

/**
 * Tools → Export Personal Data gets, for the user with the request's email,
 * every kind of data the plugin keeps on users, and nothing about others.
 */
class PrivacyExporterTest extends Iglr_Test_Case {

	use Iglr_Privacy_Fixture;

	/**
	 * The exporter as WordPress finds it.
	 *
	 * @return callable
	 */
	private static function exporter() {
		$exporters = apply_filters( 'wp_privacy_personal_data_exporters', array() );
		self::assertArrayHasKey( 'ig-login-relay', $exporters );
		self::assertSame( 'Instagram sign-in', $exporters['ig-login-relay']['exporter_friendly_name'] );
		return $exporters['ig-login-relay']['callback'];
	}

	/**
	 * An export item's fields as name => value.
	 *
	 * @param array $item Export item.
	 * @return array<string,string>
	 */
	private static function fields( array $item ) {
		return array_column( $item['data'], 'value', 'name' );
	}

	public function test_exports_the_link_the_picture_the_offer_the_store_account_and_the_log_lines_naming_the_user() {
		$fixture = self::signed_up_shopper( 'ada@example.com' );
		$user_id = $fixture['user_id'];
		$format  = get_option( 'date_format' ) . ' ' . get_option( 'time_format' );

		$export = call_user_func( self::exporter(), 'ada@example.com', 1 );

		$this->assertTrue( $export['done'] );
		$this->assertSame(
			array( 'iglr-instagram-link', 'iglr-instagram-link-offer', 'iglr-store-account', 'iglr-delivery-log-1', 'iglr-delivery-log-2' ),
			array_column( $export['data'], 'item_id' )
		);
		$this->assertSame( array( 'iglr-instagram', 'iglr-instagram', 'iglr-instagram', 'iglr-delivery-log', 'iglr-delivery-log' ), array_column( $export['data'], 'group_id' ) );
		$this->assertSame(
			array(
				'Instagram user ID'                               => self::INSTAGRAM_USER_ID,
				'Instagram app-scoped user ID'                    => '27640875392278831',
				'Instagram username'                              => '@ada.lovelace',
				'Linked by'                                       => 'Signing up with Instagram (this account was created then)',
				'Linked on'                                       => wp_date( $format, (int) get_user_meta( $user_id, 'iglr_linked_at', true ) ),
				'Profile fields filled from Instagram at sign-up' => 'Username, Nickname, Display name',
				'Profile picture copied from Instagram'           => wp_get_attachment_url( $fixture['avatar_id'] ),
			),
			self::fields( $export['data'][0] )
		);
		$this->assertSame(
			array(
				'Instagram user ID'            => '17841400000000099',
				'Instagram app-scoped user ID' => '27640000000000099',
				'Instagram username'           => '@ada.second',
				'Waits for confirmation until' => wp_date( $format, $fixture['offer_expires_at'] ),
			),
			self::fields( $export['data'][1] )
		);
		$this->assertSame( "Store's Instagram account connected by this user", $export['data'][2]['data'][0]['name'] );
		$this->assertSame( '@lumen.coffee', $export['data'][2]['data'][0]['value'] );
		// Newest first; the entries about other people stay out.
		$this->assertSame( array( 'Date', 'Event', 'Detail' ), array_column( $export['data'][3]['data'], 'name' ) );
		$this->assertSame( array( 'linked', 'user #' . $user_id . ' @ada.second' ), array( self::fields( $export['data'][3] )['Event'], self::fields( $export['data'][3] )['Detail'] ) );
		$this->assertSame( array( 'signed_in', 'user #' . $user_id . ' @ada.lovelace' ), array( self::fields( $export['data'][4] )['Event'], self::fields( $export['data'][4] )['Detail'] ) );
		$this->assertSame( 'Instagram sign-in: delivery log', $export['data'][3]['group_label'] );
	}

	public function test_every_user_meta_key_of_the_plugin_is_exported() {
		// Each key the plugin keeps on a user, and the export field (or item) that shows it.
		$shown_as = array(
			'iglr_instagram_user_id'      => 'Instagram user ID',
			'iglr_app_scoped_id'          => 'Instagram app-scoped user ID',
			'iglr_instagram_username'     => 'Instagram username',
			'iglr_linked_by'              => 'Linked by',
			'iglr_linked_at'              => 'Linked on',
			'iglr_profile_from_instagram' => 'Profile fields filled from Instagram at sign-up',
			'iglr_avatar_id'              => 'Profile picture copied from Instagram',
			'iglr_link_offer'             => 'Waits for confirmation until',
		);
		$this->assertEqualsCanonicalizing( array_keys( $shown_as ), Iglr_Personal_Data::user_meta_keys(), 'a new user meta key needs its place in the export and the eraser' );

		$fixture = self::signed_up_shopper( 'ada@example.com' );
		$names   = array();
		foreach ( call_user_func( self::exporter(), 'ada@example.com', 1 )['data'] as $item ) {
			$names = array_merge( $names, array_column( $item['data'], 'name' ) );
		}
		foreach ( $shown_as as $key => $name ) {
			$this->assertTrue( metadata_exists( 'user', $fixture['user_id'], $key ), $key . ' is set' );
			$this->assertContains( $name, $names, $key );
		}
	}

	public function test_a_user_who_linked_instagram_themselves() {
		$user_id = self::make_user( 'customer', 'grace' );
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data( array( 'app_scoped_id' => null ) ) );
		$export = call_user_func( self::exporter(), 'grace@example.com', 1 );
		$fields = self::fields( $export['data'][0] );
		$this->assertSame( 'The account holder, with "Link Instagram"', $fields['Linked by'] );
		$this->assertArrayNotHasKey( 'Instagram app-scoped user ID', $fields );
		$this->assertArrayNotHasKey( 'Profile fields filled from Instagram at sign-up', $fields );
		$this->assertCount( 1, $export['data'] );
	}

	public function test_nothing_for_an_address_without_an_account_or_an_account_without_instagram() {
		self::make_user( 'customer', 'plain' );
		self::signed_up_shopper( 'ada@example.com' );
		$nothing = array(
			'data' => array(),
			'done' => true,
		);
		$this->assertSame( $nothing, call_user_func( self::exporter(), 'nobody@example.com', 1 ) );
		$this->assertSame( $nothing, call_user_func( self::exporter(), 'plain@example.com', 1 ) );
		$this->assertSame( $nothing, call_user_func( self::exporter(), '', 1 ) );
	}
}
