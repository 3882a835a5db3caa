#!/usr/bin/env bash
# Provisions a real WordPress for the plugin's tests: its own MariaDB database,
# this repository's plugin and the must-use plugins in test/wordpress/mu-plugins/,
# installed and activated without interaction. One of three legs:
#
#   main     WordPress 6.8.8 + WooCommerce 10.0.2, Twenty Twenty-Five, the store
#            pages WooCommerce creates (Cart and Checkout blocks), HPOS on
#   classic  the same, with the [woocommerce_cart] / [woocommerce_checkout] shortcodes
#   minimum  Debian's WordPress 6.1 (the plugin's stated minimum), no WooCommerce
#
#   test/wordpress/provision.sh WP_DIR DB_NAME SITE_URL [main|classic|minimum] [zip|working-tree|none]
#
# The plugin, installed and active:
#   zip           (default) unpacked from the release zip, as a store installs it; the zip is
#                 built by wp-plugin-stub/bin/make-zip.sh once per change of the plugin's files
#   working-tree  wp-plugin-stub/ itself, symlinked (the PHPUnit suite tests the source and needs
#                 its tests/, which the zip leaves out)
#   none          not installed (the suite that uploads the zip through the admin)
#
# WordPress 6.8.8 and WooCommerce come from test/wordpress/archives.sh (vendored,
# verified archives, unpacked once into a cache). Needs php-cli (with mysql), the
# wordpress package for the minimum leg, and a running MariaDB that root can
# reach over its unix socket. Serve it afterwards with
#   PHP_CLI_SERVER_WORKERS=4 php -S 127.0.0.1:PORT -t WP_DIR WP_DIR/router.php
set -euo pipefail

USAGE="usage: provision.sh WP_DIR DB_NAME SITE_URL [main|classic|minimum] [zip|working-tree|none]"
WP_DIR=${1:?$USAGE}
DB_NAME=${2:?$USAGE}
SITE_URL=${3:?$USAGE}
LEG=${4:-main}
PLUGIN=${5:-zip}
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DB_USER=iglr
DB_PASSWORD=iglr-test-password

[[ "$DB_NAME" =~ ^[A-Za-z0-9_]+$ ]] || { echo "provision.sh: DB_NAME must be [A-Za-z0-9_]+" >&2; exit 2; }
[[ "$LEG" =~ ^(main|classic|minimum)$ ]] || { echo "provision.sh: unknown leg '$LEG'; $USAGE" >&2; exit 2; }
[[ "$PLUGIN" =~ ^(zip|working-tree|none)$ ]] || { echo "provision.sh: unknown plugin source '$PLUGIN'; $USAGE" >&2; exit 2; }

mariadb -e "DROP DATABASE IF EXISTS \`$DB_NAME\`; CREATE DATABASE \`$DB_NAME\` CHARACTER SET utf8mb4;
  CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASSWORD';
  CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
  GRANT ALL ON \`$DB_NAME\`.* TO '$DB_USER'@'127.0.0.1';
  GRANT ALL ON \`$DB_NAME\`.* TO '$DB_USER'@'localhost';"

rm -rf "$WP_DIR"
if [[ "$LEG" == minimum ]]; then
  # -L: Debian's tree links its bundled libraries relatively; a copy must resolve them.
  cp -rL /usr/share/wordpress "$WP_DIR"
else
  cp -r "$("$HERE/archives.sh" wordpress)" "$WP_DIR"
  cp -r "$("$HERE/archives.sh" woocommerce)" "$WP_DIR/wp-content/plugins/woocommerce"
fi
rm -f "$WP_DIR/.htaccess" "$WP_DIR/wp-config.php"
mkdir -p "$WP_DIR/wp-content/plugins" "$WP_DIR/wp-content/mu-plugins" "$WP_DIR/wp-content/uploads"
if [[ "$PLUGIN" == zip ]]; then
  ZIP=$("$REPO/wp-plugin-stub/bin/make-zip.sh" --reuse)
  unzip -q "$ZIP" -d "$WP_DIR/wp-content/plugins"
elif [[ "$PLUGIN" == working-tree ]]; then
  ln -s "$REPO/wp-plugin-stub" "$WP_DIR/wp-content/plugins/ig-login-relay"
fi
# Names the plugin in debug.log when a notice raised elsewhere came through its code.
cp "$HERE"/mu-plugins/*.php "$WP_DIR/wp-content/mu-plugins/"

SALT=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')
cat > "$WP_DIR/wp-config.php" <<PHP
<?php
define('DB_NAME', '$DB_NAME');
define('DB_USER', '$DB_USER');
define('DB_PASSWORD', '$DB_PASSWORD');
define('DB_HOST', '127.0.0.1');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
foreach (['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'] as \$name) {
    define(\$name, '$SALT' . \$name);
}
\$table_prefix = 'wp_';
define('WP_HOME', '$SITE_URL');
define('WP_SITEURL', '$SITE_URL');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('WP_HTTP_BLOCK_EXTERNAL', true); // no internet here
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1'); // the relay under test listens there
define('WP_DEBUG', true);
define('WP_DEBUG_DISPLAY', false);
define('WP_DEBUG_LOG', __DIR__ . '/debug.log');
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) {
    define('ABSPATH', __DIR__ . '/');
}
require_once ABSPATH . 'wp-settings.php';
PHP

cat > "$WP_DIR/router.php" <<'PHP'
<?php
// php -S router: real files are served as they are; everything else goes to WordPress (pretty permalinks, /wp-json/).
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
// What can sit in front of a store (edge-rules.json, written by the tests): a firewall that refuses POSTs to
// the plugin's REST routes, or a slow host, applied before WordPress sees the request.
$rules = is_file(__DIR__ . '/edge-rules.json') ? json_decode(file_get_contents(__DIR__ . '/edge-rules.json'), true) : null;
if (is_array($rules) && $_SERVER['REQUEST_METHOD'] === 'POST' && strpos($path, '/wp-json/ig-login-relay/') === 0) {
    if (!empty($rules['delay_ms'])) {
        usleep(1000 * (int) $rules['delay_ms']);
    }
    if (!empty($rules['status'])) {
        http_response_code((int) $rules['status']);
        header('Content-Type: text/html');
        echo '<html><body><h1>Request blocked</h1><p>This request was blocked by the site firewall.</p></body></html>';
        return true;
    }
}
if ($path !== '/' && (is_file(__DIR__ . $path) || is_dir(__DIR__ . $path))) {
    return false;
}
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';
require __DIR__ . '/index.php';
PHP

php "$HERE/install.php" "$WP_DIR" "$SITE_URL" "$LEG" "$PLUGIN"
if [[ "$LEG" != minimum ]]; then
  # A process of its own: WooCommerce sets itself up on hooks that ran before it was activated above.
  php "$HERE/install-woocommerce.php" "$WP_DIR" "$SITE_URL" "$LEG"
fi
