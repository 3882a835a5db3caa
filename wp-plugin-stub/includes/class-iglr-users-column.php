<?php
/**
 * Who is linked to Instagram, on the Users list.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * An "Instagram" column on Users → All Users with the linked @handle (a link
 * to the profile) or "—", and a "Linked to Instagram" view that lists only
 * the users who have a link. The view is a read-only filter: it changes
 * nothing, so it needs no nonce.
 */
final class Iglr_Users_Column {

	const COLUMN = 'iglr_instagram';

	/** Instagram usernames: letters, digits, "." and "_", at most 30. Anything else is shown, not linked. */
	const USERNAME_PATTERN = '/^[A-Za-z0-9._]{1,30}$/';

	/**
	 * User links.
	 *
	 * @var Iglr_User_Links
	 */
	private $links;

	/**
	 * Constructor.
	 *
	 * @param Iglr_User_Links $links User links.
	 */
	public function __construct( Iglr_User_Links $links ) {
		$this->links = $links;
	}

	/**
	 * Adds the column (manage_users_columns).
	 *
	 * @param array<string,string> $columns Column keys and titles.
	 * @return array<string,string>
	 */
	public function add_column( $columns ) {
		$columns[ self::COLUMN ] = __( 'Instagram', 'ig-login-relay' );
		return $columns;
	}

	/**
	 * The column's cell (manage_users_custom_column).
	 *
	 * @param string $output  What earlier callbacks printed.
	 * @param string $column  Column key.
	 * @param int    $user_id The row's user.
	 * @return string
	 */
	public function cell( $output, $column, $user_id ) {
		if ( self::COLUMN !== $column ) {
			return $output;
		}
		$link = $this->links->link_of( (int) $user_id );
		if ( null === $link ) {
			return sprintf( '<span aria-hidden="true">—</span><span class="screen-reader-text">%s</span>', esc_html__( 'Not linked', 'ig-login-relay' ) );
		}
		$username = $link['username'];
		if ( ! preg_match( self::USERNAME_PATTERN, $username ) ) {
			// Linked, but the handle is not one Instagram would give: shown as text only.
			return '' === $username ? esc_html__( 'Linked', 'ig-login-relay' ) : esc_html( '@' . $username );
		}
		return sprintf(
			'<a href="%1$s" target="_blank" rel="noopener noreferrer">@%2$s<span class="screen-reader-text"> %3$s</span></a>',
			esc_url( 'https://www.instagram.com/' . $username . '/' ),
			esc_html( $username ),
			esc_html__( '(opens in a new tab)', 'ig-login-relay' )
		);
	}

	/**
	 * Adds "Linked to Instagram (N)" to the views above the list (views_users).
	 *
	 * @param array<string,string> $views View links by key.
	 * @return array<string,string>
	 */
	public function add_view( $views ) {
		$count = $this->linked_count();
		if ( 0 === $count && ! self::viewing_linked() ) {
			return $views;
		}
		$current = self::viewing_linked();
		if ( $current && isset( $views['all'] ) ) {
			// WordPress marks "All" as current whenever no role is chosen.
			$views['all'] = str_replace( array( ' class="current"', ' aria-current="page"' ), '', $views['all'] );
		}
		$views[ self::COLUMN ] = sprintf(
			'<a href="%1$s"%2$s>%3$s <span class="count">(%4$s)</span></a>',
			esc_url( add_query_arg( Iglr_Keys::QUERY_LINKED, '1', admin_url( 'users.php' ) ) ),
			$current ? ' class="current" aria-current="page"' : '',
			esc_html__( 'Linked to Instagram', 'ig-login-relay' ),
			esc_html( number_format_i18n( $count ) )
		);
		return $views;
	}

	/**
	 * Narrows the list to linked users while that view is chosen (users_list_table_query_args).
	 *
	 * @param array $args WP_User_Query arguments.
	 * @return array
	 */
	public function filter_query( $args ) {
		if ( ! self::viewing_linked() ) {
			return $args;
		}
		$args['meta_query']   = isset( $args['meta_query'] ) && is_array( $args['meta_query'] ) ? $args['meta_query'] : array(); // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one admin list, on request.
		$args['meta_query'][] = array(
			'key'     => Iglr_Keys::META_INSTAGRAM_USER_ID,
			'compare' => 'EXISTS',
		);
		return $args;
	}

	/**
	 * How many users of this site are linked.
	 *
	 * @return int
	 */
	private function linked_count() {
		$query = new WP_User_Query(
			array(
				'meta_key'     => Iglr_Keys::META_INSTAGRAM_USER_ID, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- one count per Users list.
				'meta_compare' => 'EXISTS',
				'fields'       => 'ID',
				'number'       => 1,
				'count_total'  => true,
			)
		);
		return (int) $query->get_total();
	}

	/**
	 * Whether the "Linked to Instagram" view is chosen (users.php?iglr_linked=1).
	 *
	 * @return bool
	 */
	private static function viewing_linked() {
		return '1' === Iglr_Request::query( Iglr_Keys::QUERY_LINKED, 1 );
	}
}
