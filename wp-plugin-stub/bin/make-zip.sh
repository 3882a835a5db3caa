#!/usr/bin/env bash
# Builds the plugin's release zip, as WordPress installs it from Plugins → Add
# New → Upload Plugin: one top folder ig-login-relay/ holding the runtime files
# only (no tests, no development tools or their configuration).
#
#   wp-plugin-stub/bin/make-zip.sh [--reuse] [OUTPUT_DIR]     (npm run plugin:zip)
#
# Writes OUTPUT_DIR/ig-login-relay-<version>.zip (default: dist/ at the
# repository's root) and prints its path. With --reuse, a zip built from the
# same files (by content) is kept as it is: test/wordpress/provision.sh asks
# for the zip for every test site, and it is built once per change.
set -euo pipefail

REUSE=false
if [[ "${1:-}" == --reuse ]]; then
  REUSE=true
  shift
fi
PLUGIN=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(realpath -m "${1:-$PLUGIN/../dist}")
VERSION=$(sed -n 's/^ \* Version: *//p' "$PLUGIN/ig-login-relay.php")
[[ "$VERSION" =~ ^[0-9A-Za-z.+-]+$ ]] || { echo "make-zip.sh: no Version in the plugin header" >&2; exit 1; }
ZIP=$OUT/ig-login-relay-$VERSION.zip

# What ships, relative to the plugin folder, in a stable order.
runtime_files() {
  (cd "$PLUGIN" && find . -type f \
    -not -path './tests/*' -not -path './bin/*' -not -name 'phpunit.xml.dist' -not -name 'phpcs.xml.dist' -not -name '.*' |
    sed 's|^\./||' | LC_ALL=C sort)
}

mkdir -p "$OUT"
# Test files provision sites in parallel: one builds, the others wait for it and reuse its zip.
exec 9>"$OUT/.ig-login-relay-zip.lock"
flock 9

FILES=$(runtime_files)
# Paths and contents: any change to what ships changes it.
FINGERPRINT=$(cd "$PLUGIN" && printf '%s\n' "$FILES" | xargs -d '\n' sha256sum | sha256sum | cut -d' ' -f1)
STAMP=$OUT/.ig-login-relay-$VERSION.zip.sources
if $REUSE && [[ -f "$ZIP" && -f "$STAMP" && "$(cat "$STAMP")" == "$FINGERPRINT" ]]; then
  echo "$ZIP"
  exit 0
fi

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir "$STAGE/ig-login-relay"
printf '%s\n' "$FILES" | tar -C "$PLUGIN" -cf - --files-from=- | tar -C "$STAGE/ig-login-relay" -xf -
# -X: no extra (uid/gid) fields; the entries are the same on any machine but for their times.
(cd "$STAGE" && zip -qrX ig-login-relay.zip ig-login-relay)
mv "$STAGE/ig-login-relay.zip" "$ZIP"
echo "$FINGERPRINT" >"$STAMP"
echo "$ZIP"
