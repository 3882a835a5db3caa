<?php
/**
 * Iglr_Users_Column.
 *
 * @package ig-login-relay
 */

/**
 * The "Instagram" column and the "Linked to Instagram" view, through
 * WordPress's own Users list table.
 */
class UsersColumnTest extends Iglr_Test_Case {

	/**
	 * A user linked by Instagram sign-up.
	 *
	 * @var int
	 */
	private $linked;

	/**
	 * A user without a link.
	 *
	 * @var int
	 */
	private $unlinked;

	protected function setUp(): void {
		parent::setUp();
		require_once ABSPATH . 'wp-admin/includes/admin.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-list-table.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-users-list-table.php';
		wp_set_current_user( self::make_user( 'administrator', 'boss' ) );
		set_current_screen( 'users' );
		$this->linked   = ( new Iglr_User_Links() )->create_user( self::authorized_data() )->ID;
		$this->unlinked = self::make_user( 'subscriber', 'no.instagram' );
	}

	protected function tearDown(): void {
		$GLOBALS['current_screen'] = null;
		parent::tearDown();
	}

	/**
	 * The Users list as WordPress prints it.
	 *
	 * @return array{0: WP_Users_List_Table, 1: string, 2: string} The table, its views, its rows.
	 */
	private static function users_list() {
		$table = new WP_Users_List_Table( array( 'screen' => 'users' ) );
		$table->prepare_items();
		ob_start();
		$table->views();
		$views = (string) ob_get_clean();
		ob_start();
		$table->display_rows();
		return array( $table, $views, (string) ob_get_clean() );
	}

	/**
	 * One user's Instagram cell.
	 *
	 * @param string $rows    The table's rows.
	 * @param int    $user_id The user.
	 * @return string
	 */
	private static function cell( $rows, $user_id ) {
		preg_match( "#<tr id='user-" . $user_id . "'>.*?<td class='iglr_instagram column-iglr_instagram' data-colname=\"Instagram\">(.*?)</td>#s", $rows, $match );
		return isset( $match[1] ) ? $match[1] : 'no cell';
	}

	public function test_the_column_shows_the_linked_handle_as_a_link_to_the_profile() {
		list( $table, , $rows ) = self::users_list();
		$this->assertSame( 'Instagram', get_column_headers( $table->screen )['iglr_instagram'] );
		$this->assertSame(
			'<a href="https://www.instagram.com/lumen.coffee/" target="_blank" rel="noopener noreferrer">@lumen.coffee<span class="screen-reader-text"> (opens in a new tab)</span></a>',
			self::cell( $rows, $this->linked )
		);
		$this->assertSame( '<span aria-hidden="true">—</span><span class="screen-reader-text">Not linked</span>', self::cell( $rows, $this->unlinked ) );
	}

	public function test_a_handle_instagram_would_not_give_is_shown_escaped_and_not_linked() {
		update_user_meta( $this->linked, Iglr_Keys::META_INSTAGRAM_USERNAME, '<b>bad</b>"name' );
		list( , , $rows ) = self::users_list();
		$this->assertSame( '@&lt;b&gt;bad&lt;/b&gt;&quot;name', self::cell( $rows, $this->linked ) );
	}

	public function test_the_linked_view_counts_and_lists_only_linked_users() {
		list( $table, $views ) = self::users_list();
		$this->assertStringContainsString( '<a href="' . esc_url( admin_url( 'users.php?iglr_linked=1' ) ) . '">Linked to Instagram <span class="count">(1)</span></a>', $views );
		$this->assertGreaterThan( 1, count( $table->items ), 'all users without the view' );

		$_GET['iglr_linked']    = '1';
		$_REQUEST['iglr_linked'] = '1';
		list( $table, $views )   = self::users_list();
		$this->assertSame( array( $this->linked ), array_map( 'intval', array_keys( $table->items ) ) );
		$this->assertStringContainsString( '<a href="' . esc_url( admin_url( 'users.php?iglr_linked=1' ) ) . '" class="current" aria-current="page">Linked to Instagram', $views );
		$this->assertDoesNotMatchRegularExpression( '#<a href=[^>]*class="current"[^>]*>All#', $views, 'only one view is current' );
	}

	public function test_the_view_parameter_is_read_by_allow_list() {
		foreach ( array( 'yes', '0', array( '1' ) ) as $value ) {
			$_GET['iglr_linked'] = $value;
			list( $table )       = self::users_list();
			$this->assertGreaterThan( 1, count( $table->items ), wp_json_encode( $value ) );
		}
	}

	public function test_no_view_while_nobody_is_linked() {
		( new Iglr_User_Links() )->remove_link( $this->linked );
		list( , $views ) = self::users_list();
		$this->assertStringNotContainsString( 'Linked to Instagram', $views );
	}
}
