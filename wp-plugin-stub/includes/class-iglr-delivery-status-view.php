<?php
/**
 * Delivery status on the settings page.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The relay's recent deliveries and failed sign-ins (GET /v1/store, with its
 * advice for the admin) and this site's own delivery log. Everything the
 * relay sends is printed escaped.
 */
class Iglr_Delivery_Status_View {

	/**
	 * Delivery log.
	 *
	 * @var Iglr_Delivery_Log
	 */
	private $log;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Delivery_Log $log Delivery log.
	 */
	public function __construct( Iglr_Delivery_Log $log ) {
		$this->log = $log;
	}

	/**
	 * The relay's view of deliveries and failed sign-ins.
	 *
	 * @param array|null $status GET /v1/store.
	 */
	public function render_relay_status( $status ) {
		if ( null === $status ) {
			return;
		}
		$deliveries = isset( $status['deliveries'] ) && is_array( $status['deliveries'] ) ? $status['deliveries'] : array();
		$failures   = isset( $status['recent_failures'] ) && is_array( $status['recent_failures'] ) ? $status['recent_failures'] : array();
		?>
		<h2><?php esc_html_e( 'Recent failed sign-ins (from the relay)', 'ig-login-relay' ); ?></h2>
		<?php if ( empty( $failures ) ) : ?>
			<p><?php esc_html_e( 'None.', 'ig-login-relay' ); ?></p>
		<?php else : ?>
			<table class="widefat striped">
				<thead><tr><th><?php esc_html_e( 'When', 'ig-login-relay' ); ?></th><th><?php esc_html_e( 'What', 'ig-login-relay' ); ?></th><th><?php esc_html_e( 'Advice', 'ig-login-relay' ); ?></th></tr></thead>
				<tbody>
				<?php foreach ( $failures as $failure ) : ?>
					<tr>
						<td><?php echo esc_html( self::field( $failure, 'at' ) ); ?></td>
						<td><code><?php echo esc_html( self::field( $failure, 'kind' ) ); ?></code></td>
						<td><?php echo esc_html( self::field( $failure, 'advice' ) ); ?></td>
					</tr>
				<?php endforeach; ?>
				</tbody>
			</table>
		<?php endif; ?>
		<h2><?php esc_html_e( 'Webhook deliveries (from the relay)', 'ig-login-relay' ); ?></h2>
		<?php if ( empty( $deliveries ) ) : ?>
			<p><?php esc_html_e( 'None yet.', 'ig-login-relay' ); ?></p>
		<?php else : ?>
			<table class="widefat striped">
				<thead><tr>
					<th><?php esc_html_e( 'Created', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Event', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Status', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Attempts', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Last answer', 'ig-login-relay' ); ?></th>
				</tr></thead>
				<tbody>
				<?php foreach ( $deliveries as $delivery ) : ?>
					<tr>
						<td><?php echo esc_html( self::field( $delivery, 'created_at' ) ); ?></td>
						<td><code><?php echo esc_html( self::field( $delivery, 'type' ) ); ?></code> <small><?php echo esc_html( self::field( $delivery, 'id' ) ); ?></small></td>
						<td><?php echo esc_html( self::status( $delivery ) ); ?></td>
						<td><?php echo esc_html( self::field( $delivery, 'attempts' ) ); ?></td>
						<td><?php echo esc_html( trim( self::field( $delivery, 'last_status' ) . ' ' . self::field( $delivery, 'last_error' ) ) ); ?></td>
					</tr>
				<?php endforeach; ?>
				</tbody>
			</table>
		<?php endif; ?>
		<?php
	}

	/**
	 * This site's own delivery log.
	 */
	public function render_log() {
		$entries = $this->log->entries();
		?>
		<h2><?php esc_html_e( 'Delivery log (this site)', 'ig-login-relay' ); ?></h2>
		<?php if ( empty( $entries ) ) : ?>
			<p><?php esc_html_e( 'Nothing yet.', 'ig-login-relay' ); ?></p>
		<?php else : ?>
			<table class="widefat striped">
				<thead><tr>
					<th><?php esc_html_e( 'When', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'What', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Event', 'ig-login-relay' ); ?></th>
					<th><?php esc_html_e( 'Details', 'ig-login-relay' ); ?></th>
				</tr></thead>
				<tbody>
				<?php foreach ( $entries as $entry ) : ?>
					<tr>
						<td><?php echo esc_html( wp_date( 'Y-m-d H:i:s', (int) $entry['at'] ) ); ?></td>
						<td><code><?php echo esc_html( $entry['code'] ); ?></code></td>
						<td><?php echo esc_html( trim( self::field( $entry, 'type' ) . ' ' . self::field( $entry, 'webhook_id' ) ) ); ?></td>
						<td><?php echo esc_html( self::field( $entry, 'detail' ) ); ?></td>
					</tr>
				<?php endforeach; ?>
				</tbody>
			</table>
		<?php endif; ?>
		<?php
	}

	/**
	 * A delivery's status; a sign-in this site claimed from the relay says so,
	 * since its webhook attempts (Last answer) may all have been refused.
	 *
	 * @param mixed $delivery One of GET /v1/store → deliveries.
	 * @return string
	 */
	private static function status( $delivery ) {
		if ( 'claim' === self::field( $delivery, 'delivered_via' ) ) {
			return __( 'delivered by claim', 'ig-login-relay' );
		}
		return self::field( $delivery, 'status' );
	}

	/**
	 * A scalar field of a relay answer, as text.
	 *
	 * @param mixed  $row   Row.
	 * @param string $field Field.
	 * @return string
	 */
	private static function field( $row, $field ) {
		return is_array( $row ) && isset( $row[ $field ] ) && is_scalar( $row[ $field ] ) ? (string) $row[ $field ] : '';
	}
}
