#!/usr/bin/env bash
# What the Docker image suite (test/docker) needs from the system, on Debian 12:
# there is no Docker engine, so compose.yaml is validated with Debian's
# docker-compose (v1, needs no engine), the image is built with podman and run
# with buildah (both with --isolation chroot), and the stand-in for the
# node:20-bookworm-slim base is made with debootstrap. Idempotent; run as root (CI does).
set -euo pipefail

PACKAGES=(podman buildah docker-compose debootstrap)
"$(dirname "$0")/../install-missing-packages.sh" "${PACKAGES[@]}"
