<?php
/**
 * The "Instagram sign-in" block.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * A server-rendered block (blocks/instagram-sign-in/block.json), so a store
 * with a block theme can put the button anywhere from the Site Editor: the
 * header, a page, beside the mini-cart. Visitors who are signed in see
 * nothing; the editor shows a preview.
 */
final class Iglr_Sign_In_Block {

	/**
	 * The button.
	 *
	 * @var Iglr_Button
	 */
	private $button;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Button $button The button.
	 */
	public function __construct( Iglr_Button $button ) {
		$this->button = $button;
	}

	/** The editor script's handle, named in block.json. */
	const EDITOR_SCRIPT = 'ig-login-relay-sign-in-editor';

	/**
	 * Registers the editor script, then the block from its block.json (init).
	 * The script is a plain file using the wp.* globals, so its dependencies
	 * are listed here rather than in a generated asset file.
	 */
	public function register() {
		wp_register_script(
			self::EDITOR_SCRIPT,
			plugins_url( 'blocks/instagram-sign-in/editor.js', IGLR_FILE ),
			array( 'wp-block-editor', 'wp-blocks', 'wp-components', 'wp-element', 'wp-i18n', 'wp-server-side-render' ),
			IGLR_VERSION,
			true
		);
		wp_set_script_translations( self::EDITOR_SCRIPT, 'ig-login-relay', Iglr_Translations::directory() );
		register_block_type( dirname( IGLR_FILE ) . '/blocks/instagram-sign-in', array( 'render_callback' => array( $this, 'render' ) ) );
	}

	/**
	 * The block's HTML.
	 *
	 * @param array $attributes The block's attributes (label).
	 * @return string
	 */
	public function render( $attributes ) {
		$label = Iglr_Payload::string( $attributes, 'label' );
		$label = null === $label ? '' : sanitize_text_field( $label );
		if ( self::is_editor_preview() ) {
			return $this->preview( $label );
		}
		if ( is_user_logged_in() ) {
			return '';
		}
		$button = $this->button->render( 'block', Iglr_Return_Target::current_page(), $label );
		return '' === $button ? '' : self::wrap( $button );
	}

	/**
	 * The editor's preview, for the editor who is signed in: the button, or
	 * why visitors do not see it yet.
	 *
	 * @param string $label The button's label.
	 * @return string
	 */
	private function preview( $label ) {
		$button = $this->button->render( 'block', home_url( '/' ), $label );
		if ( '' !== $button ) {
			return self::wrap( $button );
		}
		return self::wrap(
			sprintf(
				'<p class="iglr-sign-in-block__note">%s</p>',
				esc_html__( 'Instagram sign-in is not set up yet: visitors see no button until the relay connection is saved on the plugin’s settings page.', 'ig-login-relay' )
			)
		);
	}

	/**
	 * The block's wrapper (alignment, margin and classes from the editor).
	 *
	 * @param string $inner Escaped HTML.
	 * @return string
	 */
	private static function wrap( $inner ) {
		return sprintf( '<div %1$s>%2$s</div>', get_block_wrapper_attributes( array( 'class' => 'iglr-sign-in-block' ) ), $inner );
	}

	/**
	 * Whether this is the editor's server-side render request (ServerSideRender
	 * asks /wp/v2/block-renderer, which only users who can edit posts may call).
	 *
	 * @return bool
	 */
	private static function is_editor_preview() {
		return defined( 'REST_REQUEST' ) && REST_REQUEST && current_user_can( 'edit_posts' );
	}
}
