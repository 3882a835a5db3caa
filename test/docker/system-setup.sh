#!/usr/bin/env bash
# What the Docker image suite (test/docker) needs from the system, on Debian 12:
# there is no Docker engine, so compose.yaml is validated with Debian's
# docker-compose (v1, needs no engine), the image is built with podman and run
# with buildah (both with --isolation chroot), and the stand-in for the
# node:20-bookworm-slim base is made with debootstrap. Idempotent; run as root (CI does).
set -euo pipefail

PACKAGES=(podman buildah docker-compose debootstrap)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if ((EUID != 0)); then
    echo "missing Debian packages: ${missing[*]}; install them once as root: sudo test/system-setup.sh" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
