<?php
/**
 * Iglr_Profile_Pictures and Iglr_Avatar.
 *
 * @package ig-login-relay
 */

/**
 * The Instagram picture as the avatar, from a copy in the media library:
 * downloaded with a short time limit, fetched again only when the picture
 * changed or the copy is a day old, never blocking a sign-in, deleted on
 * unlink and account deletion, and kept out of the media pickers.
 */
class ProfilePicturesTest extends Iglr_Test_Case {

	const CDN = 'https://scontent.cdninstagram.test/v/t51.2885-19/';

	/**
	 * Unix time the copies see.
	 *
	 * @var int
	 */
	private $now;

	/**
	 * What the fake CDN answers for each file name: image bytes, or an HTTP status.
	 *
	 * @var array<string,string|int>
	 */
	private $cdn = array();

	/**
	 * Requests the fake CDN received: url, timeout.
	 *
	 * @var array[]
	 */
	private $downloads = array();

	/**
	 * Users whose copies the test made.
	 *
	 * @var int[]
	 */
	private $users = array();

	protected function setUp(): void {
		parent::setUp();
		$this->configure();
		$this->now = time();
		// After the fake relay (10), which answers every other request.
		add_filter( 'pre_http_request', array( $this, 'fake_cdn' ), 11, 3 );
	}

	protected function tearDown(): void {
		foreach ( $this->users as $user_id ) {
			$this->pictures()->delete_copies( $user_id ); // The files are not in the rolled-back transaction.
		}
		parent::tearDown();
	}

	/**
	 * The fake picture CDN: writes the picture where download_url() streams it.
	 *
	 * @param false|array|WP_Error $pre  Earlier answer.
	 * @param array                $args Request arguments.
	 * @param string               $url  URL.
	 * @return false|array|WP_Error
	 */
	public function fake_cdn( $pre, $args, $url ) {
		if ( 0 !== strpos( $url, self::CDN ) ) {
			return $pre;
		}
		$this->downloads[] = array(
			'url'     => $url,
			'timeout' => $args['timeout'],
		);
		$file   = basename( (string) wp_parse_url( $url, PHP_URL_PATH ) );
		$answer = isset( $this->cdn[ $file ] ) ? $this->cdn[ $file ] : 404;
		if ( is_int( $answer ) ) {
			return 0 === $answer ? new WP_Error( 'http_request_failed', 'cURL error 28: Operation timed out after 3001 milliseconds' ) : self::response( $answer, '' );
		}
		if ( ! empty( $args['stream'] ) ) {
			file_put_contents( $args['filename'], $answer ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
		}
		return self::response( 200, $answer );
	}

	private static function response( $status, $body ) {
		return array(
			'headers'  => array( 'content-type' => 'image/png' ),
			'body'     => $body,
			'response' => array(
				'code'    => $status,
				'message' => '',
			),
			'cookies'  => array(),
			'filename' => null,
		);
	}

	/** A real PNG of one colour. */
	private static function png( $red, $green, $blue ) {
		$image = imagecreatetruecolor( 150, 150 );
		imagefill( $image, 0, 0, imagecolorallocate( $image, $red, $green, $blue ) );
		ob_start();
		imagepng( $image );
		return ob_get_clean();
	}

	private function pictures() {
		return new Iglr_Profile_Pictures(
			function () {
				return $this->now;
			}
		);
	}

	private function user_with_link() {
		$user_id       = self::make_user( 'subscriber', 'marta' . count( $this->users ) );
		$this->users[] = $user_id;
		( new Iglr_User_Links() )->link( $user_id, self::authorized_data() );
		return $user_id;
	}

	private static function instagram( $file, $query = '?stp=dst-jpg_s150x150&oh=00_AYA&oe=67A1B2C3' ) {
		return Iglr_Instagram_Profile::from_event( self::authorized_data( array( 'profile_picture_url' => self::CDN . $file . $query ) ) );
	}

	public function test_the_picture_is_copied_to_the_media_library_and_becomes_the_avatar() {
		$this->cdn['marta_n.png'] = self::png( 200, 40, 120 );
		$user_id                  = $this->user_with_link();
		$this->assertSame( 'saved', $this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png' ) ) );

		$attachment_id = Iglr_Profile_Pictures::attachment_of( $user_id );
		$this->assertGreaterThan( 0, $attachment_id );
		$this->assertSame( $attachment_id, (int) get_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID, true ) );
		$attachment = get_post( $attachment_id );
		$this->assertSame( array( 'attachment', 0, (string) $user_id, 'image/png' ), array( $attachment->post_type, $attachment->post_parent, $attachment->post_author, $attachment->post_mime_type ), 'attached to no post, owned by the user' );
		$this->assertSame( (string) $user_id, get_post_meta( $attachment_id, Iglr_Keys::POST_META_PICTURE_OF, true ), 'recognisably the plugin\'s' );
		$this->assertSame( self::CDN . 'marta_n.png', get_post_meta( $attachment_id, Iglr_Profile_Pictures::META_SOURCE, true ), 'without the signed query' );
		$this->assertMatchesRegularExpression( '#/instagram-profile-picture(-\d+)?\.png$#', get_attached_file( $attachment_id ), 'no handle in the public file name' );
		$this->assertFileExists( get_attached_file( $attachment_id ) );
		$this->assertSame( array( 3 ), array_column( $this->downloads, 'timeout' ), 'a short time limit' );

		$uploads = wp_get_upload_dir()['baseurl'];
		$this->assertStringStartsWith( $uploads . '/', get_avatar_url( $user_id ) );
		$this->assertStringStartsWith( $uploads . '/', get_avatar_url( get_userdata( $user_id ) ) );
		$this->assertStringStartsWith( $uploads . '/', get_avatar_url( get_userdata( $user_id )->user_email ) );
		$this->assertMatchesRegularExpression( '/-(9[6-9]|1[0-4][0-9])x\1\.png$/', get_avatar_url( $user_id, array( 'size' => 96 ) ), 'a square of about the size asked for' );
		$this->assertStringContainsString( 'gravatar.com', get_avatar_url( $user_id, array( 'force_default' => true ) ) );
		$this->assertStringContainsString( 'gravatar.com', get_avatar_url( self::make_user( 'subscriber', 'no-picture' ) ), 'everyone else keeps Gravatar' );
		$this->assertStringStartsWith( 'Your Instagram profile picture.', apply_filters( 'user_profile_picture_description', 'Gravatar', get_userdata( $user_id ) ), 'the profile page says where it comes from' );
		$this->assertSame( 'Gravatar', apply_filters( 'user_profile_picture_description', 'Gravatar', get_userdata( self::make_user( 'subscriber', 'plain' ) ) ) );
	}

	public function test_it_is_fetched_again_only_when_the_picture_changed_or_after_a_day() {
		$this->cdn['marta_n.png']  = self::png( 200, 40, 120 );
		$this->cdn['marta2_n.png'] = self::png( 20, 140, 220 );
		$user_id                   = $this->user_with_link();
		$this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png' ) );
		$first = Iglr_Profile_Pictures::attachment_of( $user_id );

		$this->now += 3600;
		$this->assertSame( 'current', $this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png', '?oe=67FFFFFF' ) ), 'a new signature, the same picture' );
		$this->assertCount( 1, $this->downloads, 'not downloaded again' );

		$this->now += DAY_IN_SECONDS;
		$this->assertSame( 'current', $this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png' ) ) );
		$this->assertCount( 2, $this->downloads, 'a day old: fetched again' );
		$this->assertSame( $first, Iglr_Profile_Pictures::attachment_of( $user_id ), 'the same bytes keep the same copy' );
		$this->assertSame( (string) $this->now, get_post_meta( $first, Iglr_Profile_Pictures::META_FETCHED_AT, true ) );

		$old_file = get_attached_file( $first );
		$this->assertSame( 'saved', $this->pictures()->refresh( $user_id, self::instagram( 'marta2_n.png' ) ) );
		$second = Iglr_Profile_Pictures::attachment_of( $user_id );
		$this->assertNotSame( $first, $second );
		$this->assertNull( get_post( $first ), 'the old copy is deleted' );
		$this->assertFileDoesNotExist( $old_file );
		$this->assertSame( array( $second ), Iglr_Profile_Pictures::copies_of( $user_id ) );
	}

	public function test_a_failed_download_keeps_the_old_copy_and_never_fails_the_sign_in() {
		$this->cdn['marta_n.png'] = self::png( 200, 40, 120 );
		$this->cdn['slow_n.png']  = 0;
		$this->cdn['gone_n.png']  = 403;
		$this->cdn['page_n.png']  = '<html>Not an image</html>';
		$user_id                  = $this->user_with_link();
		$this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png' ) );
		$copy = Iglr_Profile_Pictures::attachment_of( $user_id );

		$this->assertSame( 'http_request_failed', $this->pictures()->refresh( $user_id, self::instagram( 'slow_n.png' ) )->get_error_code() );
		$forbidden = $this->pictures()->refresh( $user_id, self::instagram( 'gone_n.png' ) );
		$this->assertSame( array( 'http_404', array( 'code' => 403 ) ), array( $forbidden->get_error_code(), array( 'code' => $forbidden->get_error_data()['code'] ) ), "download_url()'s code for any status but 200" );
		$this->assertSame( 'not_an_image', $this->pictures()->refresh( $user_id, self::instagram( 'page_n.png' ) )->get_error_code() );
		$this->assertSame( $copy, Iglr_Profile_Pictures::attachment_of( $user_id ) );
		$this->assertSame( 'none', $this->pictures()->refresh( $user_id, array( 'profile_picture_url' => '' ) ) );
		$this->assertSame( array(), ( new Iglr_Delivery_Log() )->entries(), 'the sign-in log is for sign-ins' );

		// Through the sign-in itself: a CDN timing out still signs the shopper in.
		$started = ( new Iglr_Pending_Sign_Ins() )->create( 'login', home_url( '/shop/' ), 0 );
		$data    = self::authorized_data(
			array(
				'state'               => $started['state'],
				'profile_picture_url' => self::CDN . 'slow_n.png',
			)
		);
		self::deliver( 'instagram.authorized', $data, 'msg_slow_cdn' );
		$browser = new Iglr_Test_Browser();
		self::sign_in_return( $browser )->complete(
			array(
				'igr_login' => $data['login_id'],
				'igr_state' => $started['state'],
			),
			array( Iglr_Pending_Sign_Ins::cookie_name( $started['state'] ) => $started['cookie'] )
		);
		$this->assertSame( $user_id, get_current_user_id() );
		$this->assertSame( array( home_url( '/shop/' ) ), $browser->redirects );
	}

	public function test_signing_in_and_linking_refresh_it_unlinking_and_deleting_the_account_remove_it() {
		$this->cdn['marta_n.png'] = self::png( 200, 40, 120 );
		$user_id                  = self::make_user( 'subscriber', 'grace' );
		$this->users[]            = $user_id;
		$offers                   = new Iglr_Link_Offers( new Iglr_User_Links() );
		$offers->offer( $user_id, self::authorized_data( array( 'profile_picture_url' => self::CDN . 'marta_n.png?oe=1' ) ) );
		$offers->accept( $user_id ); // iglr_linked.
		$copy = Iglr_Profile_Pictures::attachment_of( $user_id );
		$this->assertGreaterThan( 0, $copy, 'linking copies the picture' );
		$file = get_attached_file( $copy );

		$this->assertTrue( ( new Iglr_User_Links() )->unlink( $user_id ) ); // iglr_unlinked.
		$this->assertNull( get_post( $copy ) );
		$this->assertFileDoesNotExist( $file );
		$this->assertSame( '', get_user_meta( $user_id, Iglr_Keys::META_AVATAR_ID, true ) );
		$this->assertStringContainsString( 'gravatar.com', get_avatar_url( $user_id ) );

		$shopper = ( new Iglr_User_Links() )->create_user( self::authorized_data( array( 'instagram_user_id' => '99' ) ) );
		do_action( 'iglr_signed_in', $shopper, self::instagram( 'marta_n.png' ) );
		$copy = Iglr_Profile_Pictures::attachment_of( $shopper->ID );
		$this->assertGreaterThan( 0, $copy, 'signing in copies the picture' );
		require_once ABSPATH . 'wp-admin/includes/user.php';
		wp_delete_user( $shopper->ID, self::make_user( 'administrator', 'boss' ) );
		$this->assertNull( get_post( $copy ), 'not handed to the user the posts go to' );
	}

	public function test_copies_stay_out_of_the_media_pickers_and_the_public_media_route() {
		$this->cdn['marta_n.png'] = self::png( 200, 40, 120 );
		$user_id                  = $this->user_with_link();
		$this->pictures()->refresh( $user_id, self::instagram( 'marta_n.png' ) );
		$copy  = Iglr_Profile_Pictures::attachment_of( $user_id );
		$other = wp_insert_attachment(
			array(
				'post_title'     => 'A product photo',
				'post_mime_type' => 'image/png',
				'post_status'    => 'inherit',
			)
		);
		$query = Iglr_Profile_Pictures::exclude_from_media_queries(
			array(
				'post_type'   => 'attachment',
				'post_status' => 'inherit',
				'fields'      => 'ids',
			)
		);
		$found = get_posts( $query );
		$this->assertContains( $other, $found );
		$this->assertNotContains( $copy, $found );

		$response = rest_do_request( new WP_REST_Request( 'GET', '/wp/v2/media' ) );
		$this->assertNotContains( $copy, array_column( $response->get_data(), 'id' ) );
	}
}
