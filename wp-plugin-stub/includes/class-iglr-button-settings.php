<?php
/**
 * The button's settings: where it shows, its label, its style.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * One option (Iglr_Keys::OPTION_BUTTON) through the Settings API, saved with
 * the settings page's form. Each field has an allow-list, checked when the
 * option is saved and again when it is read, so a value written around the
 * Settings API never reaches a page.
 *
 * The shortcode and the Instagram sign-in block are not placements here:
 * the owner put them where they are, so they always show.
 */
class Iglr_Button_Settings {

	/** Placements the owner can switch off, each on by default. */
	const PLACEMENTS = array( 'my_account_login', 'my_account_register', 'checkout', 'cart', 'wp_login' );

	/** Styles: Instagram's gradient (the default), dark, light, the Instagram glyph alone. */
	const STYLES = array( 'gradient', 'dark', 'light', 'icon' );

	/** The longest label, in characters: a button, not a sentence. */
	const LABEL_MAX = 60;

	/**
	 * Registers the option (admin_init for options.php, rest_api_init for /wp/v2/settings).
	 */
	public function register() {
		register_setting(
			Iglr_Keys::SETTINGS_GROUP,
			Iglr_Keys::OPTION_BUTTON,
			array(
				'type'              => 'object',
				'description'       => __( 'Where the "Continue with Instagram" button shows, its label and its style.', 'ig-login-relay' ),
				'sanitize_callback' => array( $this, 'sanitize' ),
				'default'           => self::defaults(),
				'show_in_rest'      => array( 'schema' => self::schema() ),
			)
		);
	}

	/**
	 * Every placement on, the translated default label, the gradient.
	 *
	 * @return array{placements: array<string,bool>, label: string, style: string}
	 */
	public static function defaults() {
		return array(
			'placements' => array_fill_keys( self::PLACEMENTS, true ),
			'label'      => '', // '' is "Continue with Instagram" in the visitor's language.
			'style'      => 'gradient',
		);
	}

	/**
	 * The REST schema, made from the same allow-lists as the sanitizer.
	 *
	 * @return array
	 */
	private static function schema() {
		$placements = array();
		foreach ( self::PLACEMENTS as $placement ) {
			$placements[ $placement ] = array( 'type' => 'boolean' );
		}
		return array(
			'type'                 => 'object',
			'properties'           => array(
				'placements' => array(
					'type'                 => 'object',
					'properties'           => $placements,
					'additionalProperties' => false,
				),
				'label'      => array(
					'type'      => 'string',
					'maxLength' => self::LABEL_MAX,
				),
				'style'      => array(
					'type' => 'string',
					'enum' => self::STYLES,
				),
			),
			'additionalProperties' => false,
		);
	}

	/**
	 * Sanitizes a submitted value. A field that is missing keeps its saved
	 * value; one that is not allowed keeps it too, and the admin is told.
	 *
	 * @param mixed $input Submitted value (already unslashed by options.php).
	 * @return array{placements: array<string,bool>, label: string, style: string}
	 */
	public function sanitize( $input ) {
		$out = $this->values();
		if ( ! is_array( $input ) ) {
			return $out;
		}

		// The form sends each placement as "0" then, when ticked, "1" (the last one wins).
		$placements = isset( $input['placements'] ) && is_array( $input['placements'] ) ? $input['placements'] : array();
		foreach ( self::PLACEMENTS as $placement ) {
			if ( array_key_exists( $placement, $placements ) ) {
				$out['placements'][ $placement ] = in_array( $placements[ $placement ], array( true, 1, '1' ), true );
			}
		}

		$label = Iglr_Payload::string( $input, 'label' );
		if ( null !== $label ) {
			$label = self::clean_label( $label );
			if ( null === $label ) {
				/* translators: %d: the most characters a label may have. */
				$this->error( 'label', sprintf( __( 'The button label may have at most %d characters. The saved label was kept.', 'ig-login-relay' ), self::LABEL_MAX ) );
			} else {
				$out['label'] = $label;
			}
		}

		if ( isset( $input['style'] ) ) {
			if ( is_string( $input['style'] ) && in_array( $input['style'], self::STYLES, true ) ) {
				$out['style'] = $input['style'];
			} else {
				$this->error( 'style', __( 'That button style does not exist. The saved style was kept.', 'ig-login-relay' ) );
			}
		}
		return $out;
	}

	/**
	 * The stored settings, each value checked again.
	 *
	 * @return array{placements: array<string,bool>, label: string, style: string}
	 */
	public function values() {
		$stored = get_option( Iglr_Keys::OPTION_BUTTON, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$values = self::defaults();

		$placements = isset( $stored['placements'] ) && is_array( $stored['placements'] ) ? $stored['placements'] : array();
		foreach ( self::PLACEMENTS as $placement ) {
			if ( isset( $placements[ $placement ] ) && is_bool( $placements[ $placement ] ) ) {
				$values['placements'][ $placement ] = $placements[ $placement ];
			}
		}
		$label = Iglr_Payload::string( $stored, 'label' );
		$label = null === $label ? null : self::clean_label( $label );
		if ( null !== $label ) {
			$values['label'] = $label;
		}
		if ( isset( $stored['style'] ) && in_array( $stored['style'], self::STYLES, true ) ) {
			$values['style'] = $stored['style'];
		}
		return $values;
	}

	/**
	 * Whether the button shows at a placement. The shortcode and the block always do.
	 *
	 * @param string $placement One of PLACEMENTS, or shortcode, or block.
	 * @return bool
	 */
	public function shows_at( $placement ) {
		if ( ! in_array( $placement, self::PLACEMENTS, true ) ) {
			return true;
		}
		$values = $this->values();
		return $values['placements'][ $placement ];
	}

	/**
	 * The label the owner chose, or the default in the visitor's language.
	 *
	 * @return string
	 */
	public function label() {
		$values = $this->values();
		return '' !== $values['label'] ? $values['label'] : self::default_label();
	}

	/**
	 * The style the owner chose.
	 *
	 * @return string One of STYLES.
	 */
	public function style() {
		$values = $this->values();
		return $values['style'];
	}

	/**
	 * "Continue with Instagram", translated.
	 *
	 * @return string
	 */
	public static function default_label() {
		return __( 'Continue with Instagram', 'ig-login-relay' );
	}

	/**
	 * Human names of the placements, for the settings page.
	 *
	 * @return array<string,string>
	 */
	public static function placement_labels() {
		return array(
			'my_account_login'    => __( 'My Account login form', 'ig-login-relay' ),
			'my_account_register' => __( 'My Account registration form', 'ig-login-relay' ),
			'checkout'            => __( 'Checkout, for guests (the Checkout block and the classic checkout)', 'ig-login-relay' ),
			'cart'                => __( 'Cart block, for guests (under "Proceed to Checkout")', 'ig-login-relay' ),
			'wp_login'            => __( 'WordPress login page (wp-login.php)', 'ig-login-relay' ),
		);
	}

	/**
	 * Human names of the styles, for the settings page.
	 *
	 * @return array<string,string>
	 */
	public static function style_labels() {
		return array(
			'gradient' => __( 'Instagram gradient', 'ig-login-relay' ),
			'dark'     => __( 'Dark', 'ig-login-relay' ),
			'light'    => __( 'Light', 'ig-login-relay' ),
			'icon'     => __( 'Icon only', 'ig-login-relay' ),
		);
	}

	/**
	 * A label as the owner typed it, without tags or line breaks.
	 *
	 * @param string $label Candidate.
	 * @return string|null Null when it is too long.
	 */
	private static function clean_label( $label ) {
		$label = sanitize_text_field( $label );
		$long  = function_exists( 'mb_strlen' ) ? mb_strlen( $label, 'UTF-8' ) : strlen( $label );
		return $long > self::LABEL_MAX ? null : $label;
	}

	/**
	 * Reports a rejected field once, even though WordPress may sanitize twice.
	 *
	 * @param string $field   Field name.
	 * @param string $message Message for the admin.
	 */
	private function error( $field, $message ) {
		if ( ! function_exists( 'add_settings_error' ) ) {
			return;
		}
		foreach ( get_settings_errors( Iglr_Keys::OPTION_BUTTON ) as $existing ) {
			if ( 'iglr_button_' . $field === $existing['code'] ) {
				return;
			}
		}
		add_settings_error( Iglr_Keys::OPTION_BUTTON, 'iglr_button_' . $field, $message );
	}
}
