<?php
/**
 * The button's markup for each style.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * The label inside the button, and its classes, for one of
 * Iglr_Button_Settings::STYLES. The look is in assets/button.css:
 * .iglr-button is Instagram's gradient, the other styles add a modifier
 * class, and the Instagram glyph is drawn by the stylesheet, so the markup
 * stays a link with its text. An icon-only button keeps its label as
 * visually hidden text, so screen readers and voice control still name it,
 * and as a tooltip. Used by the button on the store and by the settings
 * page's preview, so the preview is the button.
 */
final class Iglr_Button_Look {

	/**
	 * The inner markup: the label, visually hidden for icon-only.
	 *
	 * @param string $style One of Iglr_Button_Settings::STYLES.
	 * @param string $label Text, unescaped.
	 * @return string
	 */
	public static function inner( $style, $label ) {
		if ( 'icon' === $style ) {
			return sprintf( '<span class="iglr-visually-hidden">%s</span>', esc_html( $label ) );
		}
		return esc_html( $label );
	}

	/**
	 * The button's classes, and a tooltip when the label is hidden.
	 *
	 * @param string $style One of Iglr_Button_Settings::STYLES.
	 * @param string $label Text, unescaped.
	 * @return string
	 */
	public static function attributes( $style, $label ) {
		if ( ! in_array( $style, Iglr_Button_Settings::STYLES, true ) || 'gradient' === $style ) {
			return 'class="iglr-button"';
		}
		$html = sprintf( 'class="iglr-button iglr-button--%s"', esc_attr( $style ) );
		if ( 'icon' === $style ) {
			$html .= sprintf( ' title="%s"', esc_attr( $label ) );
		}
		return $html;
	}
}
