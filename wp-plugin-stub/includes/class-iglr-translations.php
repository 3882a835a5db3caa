<?php
/**
 * Where the plugin's translations are.
 *
 * @package ig-login-relay
 */

defined( 'ABSPATH' ) || exit;

/**
 * Translations come from WordPress's language packs
 * (wp-content/languages/plugins/), else from the plugin's own languages/
 * folder, whose ig-login-relay.pot lists every string (PHP, the block's
 * editor script and its block.json) for translators.
 */
final class Iglr_Translations {

	const TEXT_DOMAIN = 'ig-login-relay';

	/**
	 * The plugin's languages/ folder.
	 *
	 * @return string Absolute path, without a trailing slash.
	 */
	public static function directory() {
		return dirname( IGLR_FILE ) . '/languages';
	}

	/**
	 * Makes the plugin's own translations known (init): WordPress's language
	 * packs are found without this, the plugin's folder is not.
	 */
	public static function load() {
		load_plugin_textdomain( self::TEXT_DOMAIN, false, dirname( plugin_basename( IGLR_FILE ) ) . '/languages' );
	}
}
