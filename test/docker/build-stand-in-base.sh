#!/usr/bin/env bash
# Builds a local stand-in for the node:20-bookworm-slim base image, for
# machines that cannot pull from a registry (test/docker/docker.test.ts):
# a Debian 12 minbase root file system from debootstrap, plus this machine's
# Node.js and npm where the official image keeps them (/usr/local), its C++
# headers (so better-sqlite3 compiles without downloading them) and the
# `node` user (uid/gid 1000). Usage: build-stand-in-base.sh IMAGE-NAME. Run as root.
set -euo pipefail

image=${1:?usage: build-stand-in-base.sh IMAGE-NAME}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
mirror=${mirror:-http://deb.debian.org/debian}
if ! debootstrap --variant=minbase --include=libstdc++6 bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  exit 1
fi

node=$(readlink -f "$(command -v node)")
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
headers=$(dirname "$(dirname "$node")")/include/node
[[ -f $headers/node_version.h ]] || {
  echo "no Node.js headers at $headers" >&2
  exit 1
}
install -m 0755 "$node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
cp -a "$headers" "$rootfs/usr/local/include/node"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/log/*.log

# npm_config_nodedir: the official image's node-gyp downloads the headers from nodejs.org; here they are local.
tar -C "$rootfs" -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$("$node" --version | cut -c2-)" \
  --change 'ENV npm_config_nodedir=/usr/local' \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
echo "built $image ($(podman image inspect --format '{{.Size}}' "$image") bytes)"
