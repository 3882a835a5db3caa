#!/usr/bin/env bash
# Writes the plugin's translation template, languages/ig-login-relay.pot, from
# its source: every translatable string of the PHP code (WordPress's gettext
# functions, with the translators' comments), of the JavaScript (wp.i18n), of
# blocks' block.json (title, description, keywords) and of the plugin header
# (name, description, author), as WordPress translates them.
#
#   wp-plugin-stub/bin/make-pot.sh [OUTPUT]     (npm run plugin:pot)
#
# Needs GNU gettext (xgettext, msgcat) and php-cli. References name files
# without line numbers, so the template changes only when strings do.
set -euo pipefail

PLUGIN=$(cd "$(dirname "$0")/.." && pwd)
OUTPUT=$(realpath -m "${1:-$PLUGIN/languages/ig-login-relay.pot}")
DOMAIN=ig-login-relay
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$PLUGIN"

VERSION=$(sed -n 's/^ \* Version: *//p' ig-login-relay.php)
COMMON=(--from-code=UTF-8 --add-comments=translators: --add-location=file --no-wrap --sort-by-file
  --package-name="Instagram Login Relay" --package-version="$VERSION" --msgid-bugs-address="https://wordpress.org/support/plugin/$DOMAIN")

# Everything that ships (the release zip's files), not the tests or these tools.
find . -name '*.php' -not -path './tests/*' -not -path './bin/*' | sort >"$WORK/php-files"
find . -name '*.js' -not -path './tests/*' -not -path './bin/*' | sort >"$WORK/js-files"

xgettext "${COMMON[@]}" --language=PHP --files-from="$WORK/php-files" --output="$WORK/php.pot" \
  --keyword --keyword=__ --keyword=_e --keyword=_x:1,2c --keyword=_ex:1,2c --keyword=_n:1,2 --keyword=_nx:1,2,4c \
  --keyword=esc_html__ --keyword=esc_html_e --keyword=esc_attr__ --keyword=esc_attr_e \
  --keyword=esc_html_x:1,2c --keyword=esc_attr_x:1,2c --keyword=_n_noop:1,2 --keyword=_nx_noop:1,2,3c
xgettext "${COMMON[@]}" --language=JavaScript --files-from="$WORK/js-files" --output="$WORK/js.pot" \
  --keyword --keyword=__ --keyword=_x:1,2c --keyword=_n:1,2 --keyword=_nx:1,2,4c

# block.json and the plugin header: xgettext reads neither, WordPress translates both.
php -r '
$po = function ($value) { return "\"" . addcslashes($value, "\\\"\n\t") . "\""; };
$entry = function ($comment, $reference, $context, $msgid) use ($po) {
    return ($comment === "" ? "" : "#. $comment\n") . "#: $reference\n" . ($context === "" ? "" : "msgctxt " . $po($context) . "\n") . "msgid " . $po($msgid) . "\nmsgstr \"\"\n\n";
};
$out = "";
$header = file_get_contents("ig-login-relay.php");
foreach (["Plugin Name", "Description", "Author"] as $field) {
    if (preg_match("/^ \\* " . preg_quote($field, "/") . ":\\s*(.+)$/m", $header, $m)) {
        $out .= $entry("$field of the plugin", "ig-login-relay.php", "", trim($m[1]));
    }
}
foreach (glob("blocks/*/block.json") as $file) {
    $block = json_decode(file_get_contents($file), true);
    foreach (["title" => "block title", "description" => "block description"] as $key => $context) {
        if (!empty($block[$key])) { $out .= $entry("", $file, $context, $block[$key]); }
    }
    foreach ($block["keywords"] ?? [] as $keyword) { $out .= $entry("", $file, "block keyword", $keyword); }
}
file_put_contents($argv[1], $out);
' "$WORK/metadata.entries"

# One header for all three, so that msgcat merges the entries (references and comments) and not the headers.
sed -n '1,/^$/p' "$WORK/php.pot" >"$WORK/header"
{ cat "$WORK/header"; sed '1,/^$/d' "$WORK/js.pot"; } >"$WORK/js-entries.pot"
cat "$WORK/header" "$WORK/metadata.entries" >"$WORK/metadata.pot"

mkdir -p "$(dirname "$OUTPUT")"
{
  echo "# Copyright (C) $(date -u +%Y) ig-login-relay"
  echo "# This file is distributed under the MIT license, as the Instagram Login Relay plugin is."
  # xgettext's header without its placeholder comment lines, with the charset and the text domain; and
  # without the file-name lines msgcat puts between two files' comments on one string.
  msgcat --no-wrap --sort-by-file "$WORK/php.pot" "$WORK/js-entries.pot" "$WORK/metadata.pot" |
    sed -e '1,/^$/{/^# /d;/^#$/d;s/charset=CHARSET/charset=UTF-8/;s/^\("Language: .*\)$/\1\n"X-Domain: '"$DOMAIN"'\\n"/;}' \
      -e '/^#\. #-#-#-#-#/d'
} >"$WORK/all.pot"
mv "$WORK/all.pot" "$OUTPUT"
echo "$OUTPUT: $(grep -c '^msgid ' "$OUTPUT") entries (the header included)"
