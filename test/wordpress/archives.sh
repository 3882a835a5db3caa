#!/usr/bin/env bash
# Prints the directory of an unpacked, verified WordPress 6.8.8 or WooCommerce
# 10.0.2 build, unpacking it into a cache the first time (later sites copy it):
#
#   test/wordpress/archives.sh wordpress|woocommerce
#
# The archive is the first of:
#   1. the path in IGLR_WORDPRESS_ARCHIVE / IGLR_WOOCOMMERCE_ARCHIVE;
#   2. ../shared/vendor/ beside the repository (CI and the development machines);
#   3. a download of the same version from wordpress.org.
# 1 and 2 must be the vendored archives: their sha256 is pinned below (from
# vendor/SOURCES.txt). wordpress.org's own packaging differs byte for byte, so
# a download is checked against the checksum wordpress.org publishes beside
# the core archive, and WooCommerce by the version its plugin header states.
# The cache is IGLR_WP_CACHE, else ~/.cache/ig-login-relay.
set -euo pipefail

NAME=${1:?usage: archives.sh wordpress|woocommerce}
HERE=$(cd "$(dirname "$0")" && pwd)
VENDOR=$(cd "$HERE/../../.." && pwd)/shared/vendor
CACHE=${IGLR_WP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ig-login-relay}

case "$NAME" in
  wordpress)
    VERSION=6.8.8
    SHA256=45fc40b337d24f8bc139489a277f0dea4896dc3fd0c58352ce8f2baebfc2b914
    ARCHIVE=${IGLR_WORDPRESS_ARCHIVE:-$VENDOR/wordpress-$VERSION.tar.gz}
    DOWNLOAD=https://wordpress.org/wordpress-$VERSION.tar.gz
    ;;
  woocommerce)
    VERSION=10.0.2
    SHA256=1a731620efc3852e8d4fa412f6c9ef4a45e1b09d1eaed37216ca7f31b142bc89
    ARCHIVE=${IGLR_WOOCOMMERCE_ARCHIVE:-$VENDOR/woocommerce-$VERSION.tar.gz}
    DOWNLOAD=https://downloads.wordpress.org/plugin/woocommerce.$VERSION.zip
    ;;
  *)
    echo "archives.sh: unknown archive '$NAME'" >&2
    exit 2
    ;;
esac

TARGET=$CACHE/$NAME-$VERSION
if [[ -f "$TARGET/.complete" ]]; then
  echo "$TARGET/$NAME"
  exit 0
fi

mkdir -p "$CACHE"
# Test files provision sites in parallel: one unpacks, the others wait for it.
exec 9>"$CACHE/.lock-$NAME"
flock 9
if [[ ! -f "$TARGET/.complete" ]]; then
  WORK=$(mktemp -d "$CACHE/.unpack-$NAME-XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
  if [[ -f "$ARCHIVE" ]]; then
    echo "$SHA256  $ARCHIVE" | sha256sum --check --quiet >&2 ||
      { echo "archives.sh: $ARCHIVE is not the expected $NAME $VERSION (sha256)" >&2; exit 1; }
    tar xzf "$ARCHIVE" -C "$WORK"
  else
    echo "archives.sh: no $ARCHIVE; downloading $NAME $VERSION from wordpress.org" >&2
    curl -fsSL -o "$WORK/download" "$DOWNLOAD"
    if [[ "$NAME" == wordpress ]]; then
      echo "$(curl -fsSL "$DOWNLOAD.sha1")  $WORK/download" | sha1sum --check --quiet >&2
      tar xzf "$WORK/download" -C "$WORK"
    else
      unzip -q "$WORK/download" -d "$WORK"
      grep -q "^ \* Version: $VERSION\$" "$WORK/woocommerce/woocommerce.php" ||
        { echo "archives.sh: the download is not WooCommerce $VERSION" >&2; exit 1; }
    fi
    rm "$WORK/download"
  fi
  [[ -d "$WORK/$NAME" ]] || { echo "archives.sh: $NAME archive has no top folder $NAME/" >&2; exit 1; }
  rm -rf "$TARGET"
  mkdir -p "$TARGET"
  mv "$WORK/$NAME" "$TARGET/$NAME"
  touch "$TARGET/.complete"
fi
echo "$TARGET/$NAME"
