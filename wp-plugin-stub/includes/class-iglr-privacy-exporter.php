<?php
/**
 * The plugin's part of Tools → Export Personal Data.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A personal data exporter (wp_privacy_personal_data_exporters): for the
 * user with the request's email, the Instagram link, the offer waiting for
 * confirmation, the profile picture copied from Instagram, the store
 * account they connected, and the delivery log entries that name them
 * (Iglr_Personal_Data says what counts).
 */
class Iglr_Privacy_Exporter {

	/** The exporter's key among WordPress's exporters. */
	const EXPORTER = 'ig-login-relay';

	/**
	 * What the plugin keeps about a person.
	 *
	 * @var Iglr_Personal_Data
	 */
	private $data;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Personal_Data $data What the plugin keeps about a person.
	 */
	public function __construct( Iglr_Personal_Data $data ) {
		$this->data = $data;
	}

	/**
	 * Adds the exporter (wp_privacy_personal_data_exporters).
	 *
	 * @param array $exporters Exporters by key.
	 * @return array
	 */
	public function register( $exporters ) {
		$exporters                   = is_array( $exporters ) ? $exporters : array();
		$exporters[ self::EXPORTER ] = array(
			'exporter_friendly_name' => __( 'Instagram sign-in', 'ig-login-relay' ),
			'callback'               => array( $this, 'export' ),
		);
		return $exporters;
	}

	/**
	 * Exports everything in one page.
	 *
	 * @param string $email The request's email address.
	 * @param int    $page  Page, from 1 (there is only one).
	 * @return array data (export items), done.
	 */
	public function export( $email, $page = 1 ) {
		unset( $page ); // Everything fits in one page: a user has one link, one offer and at most 50 log entries.
		$user = $this->data->user_by_email( $email );
		if ( null === $user ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}
		$items = array_merge(
			$this->link_items( $user->ID ),
			$this->offer_items( $user->ID ),
			$this->store_account_items( $user->ID ),
			$this->log_items( $user->ID )
		);
		return array(
			'data' => $items,
			'done' => true,
		);
	}

	/**
	 * The Instagram link and the picture copied from Instagram.
	 *
	 * @param int $user_id The user.
	 * @return array[]
	 */
	private function link_items( $user_id ) {
		$link   = $this->data->link( $user_id );
		$avatar = $this->data->avatar_id( $user_id );
		$fields = array();
		if ( null !== $link ) {
			$fields[] = self::field( __( 'Instagram user ID', 'ig-login-relay' ), $link['instagram_user_id'] );
			if ( '' !== $link['app_scoped_id'] ) {
				$fields[] = self::field( __( 'Instagram app-scoped user ID', 'ig-login-relay' ), $link['app_scoped_id'] );
			}
			$fields[] = self::field( __( 'Instagram username', 'ig-login-relay' ), '@' . $link['username'] );
			$fields[] = self::field(
				__( 'Linked by', 'ig-login-relay' ),
				Iglr_Keys::LINKED_BY_SIGNUP === $link['linked_by']
					? __( 'Signing up with Instagram (this account was created then)', 'ig-login-relay' )
					: __( 'The account holder, with "Link Instagram"', 'ig-login-relay' )
			);
			if ( $link['linked_at'] > 0 ) {
				$fields[] = self::field( __( 'Linked on', 'ig-login-relay' ), self::when( $link['linked_at'] ) );
			}
			$copied = $this->data->fields_copied_at_sign_up( $user_id );
			if ( ! empty( $copied ) ) {
				$fields[] = self::field( __( 'Profile fields filled from Instagram at sign-up', 'ig-login-relay' ), implode( ', ', array_map( array( __CLASS__, 'profile_field_label' ), $copied ) ) );
			}
		}
		if ( $avatar > 0 ) {
			$fields[] = self::field( __( 'Profile picture copied from Instagram', 'ig-login-relay' ), (string) wp_get_attachment_url( $avatar ) );
		}
		if ( empty( $fields ) ) {
			return array();
		}
		return array(
			self::item( 'iglr-instagram-link', $fields ),
		);
	}

	/**
	 * An Instagram account offered for linking and not yet confirmed.
	 *
	 * @param int $user_id The user.
	 * @return array[]
	 */
	private function offer_items( $user_id ) {
		$offer = $this->data->link_offer( $user_id );
		if ( null === $offer ) {
			return array();
		}
		$fields        = array( self::field( __( 'Instagram user ID', 'ig-login-relay' ), (string) $offer['instagram_user_id'] ) );
		$app_scoped_id = Iglr_Payload::string( $offer, 'app_scoped_id' ) ?? '';
		if ( '' !== $app_scoped_id ) {
			$fields[] = self::field( __( 'Instagram app-scoped user ID', 'ig-login-relay' ), $app_scoped_id );
		}
		if ( isset( $offer['username'] ) ) {
			$fields[] = self::field( __( 'Instagram username', 'ig-login-relay' ), '@' . $offer['username'] );
		}
		if ( isset( $offer['expires_at'] ) ) {
			$fields[] = self::field( __( 'Waits for confirmation until', 'ig-login-relay' ), self::when( (int) $offer['expires_at'] ) );
		}
		return array(
			self::item( 'iglr-instagram-link-offer', $fields ),
		);
	}

	/**
	 * The store's own Instagram account, when this user connected it.
	 *
	 * @param int $user_id The user.
	 * @return array[]
	 */
	private function store_account_items( $user_id ) {
		$account = $this->data->store_account_connected_by( $user_id );
		if ( null === $account ) {
			return array();
		}
		$fields = array( self::field( __( "Store's Instagram account connected by this user", 'ig-login-relay' ), '@' . $account['username'] ) );
		if ( $account['connected_at'] > 0 ) {
			$fields[] = self::field( __( 'Connected on', 'ig-login-relay' ), self::when( $account['connected_at'] ) );
		}
		return array(
			self::item( 'iglr-store-account', $fields ),
		);
	}

	/**
	 * The delivery log entries that name the user.
	 *
	 * @param int $user_id The user.
	 * @return array[]
	 */
	private function log_items( $user_id ) {
		$items = array();
		foreach ( $this->data->log_entries( $user_id ) as $index => $entry ) {
			$items[] = array(
				'group_id'          => 'iglr-delivery-log',
				'group_label'       => __( 'Instagram sign-in: delivery log', 'ig-login-relay' ),
				'group_description' => __( "Entries of the Instagram sign-in plugin's log (its last 50 events, for the site's administrators) that name this user or their Instagram username.", 'ig-login-relay' ),
				'item_id'           => 'iglr-delivery-log-' . ( $index + 1 ),
				'data'              => array(
					self::field( __( 'Date', 'ig-login-relay' ), self::when( (int) $entry['at'] ) ),
					self::field( __( 'Event', 'ig-login-relay' ), (string) $entry['code'] ),
					self::field( __( 'Detail', 'ig-login-relay' ), (string) $entry['detail'] ),
				),
			);
		}
		return $items;
	}

	/**
	 * An item of the "Instagram sign-in" group.
	 *
	 * @param string  $item_id Item ID.
	 * @param array[] $fields  Name/value pairs.
	 * @return array
	 */
	private static function item( $item_id, array $fields ) {
		return array(
			'group_id'          => 'iglr-instagram',
			'group_label'       => __( 'Instagram sign-in', 'ig-login-relay' ),
			'group_description' => __( 'The Instagram account linked to this account (its owner can sign in with it), an Instagram account waiting for its owner to confirm linking it (kept ten minutes), and the store\'s own Instagram account when this user connected it.', 'ig-login-relay' ),
			'item_id'           => $item_id,
			'data'              => $fields,
		);
	}

	/**
	 * One name/value pair.
	 *
	 * @param string $name  Name.
	 * @param string $value Value.
	 * @return array
	 */
	private static function field( $name, $value ) {
		return array(
			'name'  => $name,
			'value' => $value,
		);
	}

	/**
	 * A profile field's name for people.
	 *
	 * @param string $field user_login, nickname or display_name.
	 * @return string
	 */
	private static function profile_field_label( $field ) {
		$labels = array(
			'user_login'   => __( 'Username', 'ig-login-relay' ),
			'nickname'     => __( 'Nickname', 'ig-login-relay' ),
			'display_name' => __( 'Display name', 'ig-login-relay' ),
		);
		return isset( $labels[ $field ] ) ? $labels[ $field ] : $field;
	}

	/**
	 * A date and time in the site's format.
	 *
	 * @param int $timestamp Unix seconds.
	 * @return string
	 */
	private static function when( $timestamp ) {
		return (string) wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $timestamp );
	}
}
