<?php
/**
 * The "Button" section of the settings page.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Where the button shows, its label and its style (Iglr_Button_Settings),
 * as a Settings API section of the settings page's form, with a preview of
 * each style rendered by the same code as the store's button. A small script
 * (assets/button-preview.js) shows the chosen style and the label as it is
 * typed; without it the preview shows what is saved.
 */
final class Iglr_Button_Settings_Section {

	const SECTION = 'iglr_button';

	const PREVIEW_SCRIPT = 'ig-login-relay-button-preview';

	const SETTINGS_STYLE = 'ig-login-relay-settings';

	/**
	 * The owner's placements, label and style.
	 *
	 * @var Iglr_Button_Settings
	 */
	private $button_settings;

	/**
	 * Constructor.
	 *
	 * @param Iglr_Button_Settings $button_settings The owner's placements, label and style.
	 */
	public function __construct( Iglr_Button_Settings $button_settings ) {
		$this->button_settings = $button_settings;
	}

	/**
	 * The section and its fields (admin_init, after the relay connection's).
	 */
	public function add_fields() {
		add_settings_section(
			self::SECTION,
			__( 'Button', 'ig-login-relay' ),
			array( $this, 'intro' ),
			Iglr_Keys::ADMIN_PAGE,
			array(
				// The page's form saves every section; this button says it saves this one too.
				'after_section' => sprintf( '<p class="submit"><button type="submit" class="button button-primary">%s</button></p>', esc_html__( 'Save button settings', 'ig-login-relay' ) ),
			)
		);
		add_settings_field( 'iglr_button_placements', __( 'Where it shows', 'ig-login-relay' ), array( $this, 'placements_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION );
		add_settings_field( 'iglr_button_label', __( 'Label', 'ig-login-relay' ), array( $this, 'label_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION, array( 'label_for' => 'iglr_button_label' ) );
		add_settings_field( 'iglr_button_style', __( 'Style', 'ig-login-relay' ), array( $this, 'style_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION );
		add_settings_field( 'iglr_button_preview', __( 'Preview', 'ig-login-relay' ), array( $this, 'preview_field' ), Iglr_Keys::ADMIN_PAGE, self::SECTION );
	}

	/**
	 * The button's stylesheet, the page's own and the preview script, on the settings page only (admin_enqueue_scripts).
	 *
	 * @param string $hook_suffix The admin page.
	 */
	public function enqueue( $hook_suffix ) {
		if ( false === strpos( $hook_suffix, Iglr_Keys::ADMIN_PAGE ) ) {
			return;
		}
		wp_enqueue_style( Iglr_Button::STYLE_HANDLE );
		wp_enqueue_style( self::SETTINGS_STYLE, plugins_url( 'assets/settings.css', IGLR_FILE ), array( Iglr_Button::STYLE_HANDLE ), IGLR_VERSION );
		// The script has no text of its own: the default label comes from the field's placeholder.
		wp_enqueue_script( self::PREVIEW_SCRIPT, plugins_url( 'assets/button-preview.js', IGLR_FILE ), array(), IGLR_VERSION, true );
	}

	/**
	 * Intro of the section.
	 */
	public function intro() {
		echo '<p>' . esc_html__( 'The "Continue with Instagram" button shoppers see. The [ig_login_button] shortcode and the Instagram sign-in block show it wherever you place them.', 'ig-login-relay' ) . '</p>';
	}

	/**
	 * One checkbox per placement. A hidden "0" goes first, so an unticked box is sent too.
	 */
	public function placements_field() {
		$values = $this->button_settings->values();
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'Where the button shows', 'ig-login-relay' ) . '</legend>';
		foreach ( Iglr_Button_Settings::placement_labels() as $placement => $label ) {
			$name = sprintf( '%s[placements][%s]', Iglr_Keys::OPTION_BUTTON, $placement );
			printf(
				'<input type="hidden" name="%1$s" value="0" /><label><input type="checkbox" id="%2$s" name="%1$s" value="1" %3$s /> %4$s</label><br />',
				esc_attr( $name ),
				esc_attr( 'iglr_button_' . $placement ),
				checked( $values['placements'][ $placement ], true, false ),
				esc_html( $label )
			);
		}
		echo '</fieldset>';
	}

	/**
	 * The label: empty for "Continue with Instagram" in each visitor's language.
	 */
	public function label_field() {
		$values = $this->button_settings->values();
		printf(
			'<input type="text" class="regular-text" id="iglr_button_label" name="%1$s[label]" value="%2$s" placeholder="%3$s" maxlength="%4$d" aria-describedby="iglr_button_label_help" />',
			esc_attr( Iglr_Keys::OPTION_BUTTON ),
			esc_attr( $values['label'] ),
			esc_attr( Iglr_Button_Settings::default_label() ),
			(int) Iglr_Button_Settings::LABEL_MAX
		);
		echo '<p class="description" id="iglr_button_label_help">' . esc_html__( 'Leave empty for "Continue with Instagram" in each visitor\'s language. A label set on a shortcode (label="…") or on a block is used there instead.', 'ig-login-relay' ) . '</p>';
	}

	/**
	 * The styles, as radio buttons.
	 */
	public function style_field() {
		$current = $this->button_settings->style();
		echo '<fieldset><legend class="screen-reader-text">' . esc_html__( 'Button style', 'ig-login-relay' ) . '</legend>';
		foreach ( Iglr_Button_Settings::style_labels() as $style => $label ) {
			printf(
				'<label><input type="radio" id="%1$s" name="%2$s[style]" value="%3$s" %4$s /> %5$s</label><br />',
				esc_attr( 'iglr_button_style_' . $style ),
				esc_attr( Iglr_Keys::OPTION_BUTTON ),
				esc_attr( $style ),
				checked( $current, $style, false ),
				esc_html( $label )
			);
		}
		echo '<p class="description">' . esc_html__( 'Icon only shows the Instagram glyph; screen readers still read the label, and it shows as a tooltip.', 'ig-login-relay' ) . '</p>';
		echo '</fieldset>';
	}

	/**
	 * Each style with the saved label, rendered as the store renders it; all
	 * but the saved style hidden until the script shows another.
	 */
	public function preview_field() {
		$current = $this->button_settings->style();
		$label   = $this->button_settings->label();
		echo '<div class="iglr-button-preview" id="iglr-button-preview">';
		foreach ( Iglr_Button_Settings::STYLES as $style ) {
			printf(
				'<p class="iglr-button-wrap" data-iglr-style="%1$s"%2$s><span %3$s>%4$s</span></p>',
				esc_attr( $style ),
				$current === $style ? '' : ' hidden',
				Iglr_Button_Look::attributes( $style, $label ), // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in attributes().
				Iglr_Button_Look::inner( $style, $label ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in inner().
			);
		}
		echo '</div>';
		echo '<p class="description">' . esc_html__( 'How shoppers see the button, on a white page.', 'ig-login-relay' ) . '</p>';
	}
}
