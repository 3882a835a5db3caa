<?php
/**
 * A page of the plugin's own, in the store's theme.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Shows the plugin's shopper pages (the email address step, what happened
 * when Instagram sign-in did not work) between the theme's own header and
 * footer, rendered on the server: a block theme's header and footer template
 * parts and a constrained main group, as its page template has them; a
 * classic theme's get_header() and get_footer(). Nothing is stored: the pages
 * exist only while they are shown, and search engines are told to skip them.
 */
final class Iglr_Theme_Page {

	const STYLE_HANDLE = 'ig-login-relay-pages';

	/**
	 * Registers the pages' stylesheet; enqueued only when one is shown (init).
	 */
	public static function register_style() {
		wp_register_style( self::STYLE_HANDLE, plugins_url( 'assets/pages.css', IGLR_FILE ), array(), IGLR_VERSION );
	}

	/**
	 * Sends the page and stops.
	 *
	 * @param string $title      The document title (plain text).
	 * @param string $content    The page's content, escaped HTML.
	 * @param string $page_class A body class naming the page.
	 */
	public static function render( $title, $content, $page_class ) {
		echo self::html( $title, $content, $page_class ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts in html().
		exit;
	}

	/**
	 * The whole document.
	 *
	 * @param string $title      The document title (plain text).
	 * @param string $content    The page's content, escaped HTML.
	 * @param string $page_class A body class naming the page.
	 * @return string
	 */
	public static function html( $title, $content, $page_class ) {
		status_header( 200 );
		nocache_headers();
		add_filter( 'wp_robots', 'wp_robots_no_robots' );
		add_filter(
			'document_title_parts',
			function ( $parts ) use ( $title ) {
				$parts['title'] = $title;
				unset( $parts['tagline'] );
				return $parts;
			}
		);
		add_filter(
			'body_class',
			function ( $classes ) use ( $page_class ) {
				// The request is the home URL; the page is not the home page.
				$classes   = array_diff( $classes, array( 'home', 'blog' ) );
				$classes[] = 'iglr-page';
				$classes[] = sanitize_html_class( $page_class );
				return $classes;
			}
		);
		wp_enqueue_style( self::STYLE_HANDLE );
		return wp_is_block_theme() ? self::block_theme_document( $content ) : self::classic_theme_document( $content );
	}

	/**
	 * Buttons as the Buttons block renders them (the first filled, the others
	 * outlined), so a block theme shows its own buttons and loads their styles;
	 * a classic theme gets the same markup, with its own "button" class.
	 *
	 * @param array[] $buttons    Each: label, class; url for a link, or name and value for a form's submit
	 *                            button; outline to choose the style (default: all but the first).
	 * @param bool    $full_width Whether each button takes the whole width (a form's one action).
	 * @return string Escaped HTML.
	 */
	public static function buttons( array $buttons, $full_width = false ) {
		$markup = '';
		foreach ( array_values( $buttons ) as $index => $button ) {
			$attributes = array();
			$classes    = array( 'wp-block-button' );
			$outline    = isset( $button['outline'] ) ? (bool) $button['outline'] : 0 !== $index;
			if ( $outline ) {
				$attributes['className'] = 'is-style-outline';
				$classes[]               = 'is-style-outline';
			}
			if ( $full_width ) {
				$attributes['width'] = 100;
				$classes[]           = 'has-custom-width wp-block-button__width-100';
			}
			$link_classes = 'wp-block-button__link wp-element-button button ' . $button['class'] . ( $outline ? ' iglr-secondary' : ' iglr-primary' );
			if ( isset( $button['url'] ) ) {
				$attributes = array_merge( array( 'tagName' => 'a' ), $attributes );
				$element    = sprintf( '<a class="%1$s" href="%2$s" rel="nofollow">%3$s</a>', esc_attr( $link_classes ), esc_url( $button['url'] ), esc_html( $button['label'] ) );
			} else {
				$attributes = array_merge( array( 'tagName' => 'button' ), $attributes );
				$element    = sprintf( '<button type="submit" class="%1$s" name="%2$s" value="%3$s">%4$s</button>', esc_attr( $link_classes ), esc_attr( $button['name'] ), esc_attr( $button['value'] ), esc_html( $button['label'] ) );
			}
			$markup .= '<!-- wp:button ' . wp_json_encode( $attributes ) . ' --><div class="' . esc_attr( implode( ' ', $classes ) ) . '">' . $element . '</div><!-- /wp:button -->';
		}
		return do_blocks( '<!-- wp:buttons --><div class="wp-block-buttons iglr-card__actions">' . $markup . '</div><!-- /wp:buttons -->' );
	}

	/**
	 * A block theme: its header and footer template parts around a main group,
	 * rendered before wp_head() so the blocks' styles are printed in the head,
	 * as WordPress's template canvas does.
	 *
	 * @param string $content Escaped HTML.
	 * @return string
	 */
	private static function block_theme_document( $content ) {
		$theme  = get_stylesheet();
		$markup = '<!-- wp:template-part ' . wp_json_encode(
			array(
				'slug'    => 'header',
				'theme'   => $theme,
				'tagName' => 'header',
			)
		) . ' /-->'
			. '<!-- wp:group {"tagName":"main","style":{"spacing":{"padding":{"top":"var:preset|spacing|60","bottom":"var:preset|spacing|60"}}},"layout":{"type":"constrained"}} -->'
			. '<main class="wp-block-group iglr-page__main" style="padding-top:var(--wp--preset--spacing--60);padding-bottom:var(--wp--preset--spacing--60)">'
			. $content
			. '</main><!-- /wp:group -->'
			. '<!-- wp:template-part ' . wp_json_encode(
				array(
					'slug'    => 'footer',
					'theme'   => $theme,
					'tagName' => 'footer',
				)
			) . ' /-->';
		$blocks = do_blocks( $markup );

		ob_start();
		?>
		<!DOCTYPE html>
		<html <?php language_attributes(); ?>>
		<head>
			<meta charset="<?php bloginfo( 'charset' ); ?>" />
			<meta name="viewport" content="width=device-width, initial-scale=1" />
			<?php if ( ! current_theme_supports( 'title-tag' ) ) : // Block themes get theirs from the template loader, which these pages do without. ?>
				<title><?php echo esc_html( wp_get_document_title() ); ?></title>
			<?php endif; ?>
			<?php wp_head(); ?>
		</head>
		<body <?php body_class(); ?>>
			<?php wp_body_open(); ?>
			<div class="wp-site-blocks">
				<?php echo $blocks; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- the theme's blocks and the caller's escaped HTML. ?>
			</div>
			<?php wp_footer(); ?>
		</body>
		</html>
		<?php
		return ltrim( (string) ob_get_clean() );
	}

	/**
	 * A classic theme: its header.php and footer.php around the content.
	 *
	 * @param string $content Escaped HTML.
	 * @return string
	 */
	private static function classic_theme_document( $content ) {
		ob_start();
		get_header();
		echo '<main id="primary" class="site-main iglr-page__main">' . $content . '</main>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- the caller's escaped HTML.
		get_footer();
		return (string) ob_get_clean();
	}
}
