#!/usr/bin/env bash
# Everything the suites need from the system, on Debian 12 (`npm test` runs it
# first; CI too): PHP, WordPress, phpunit, Chromium and MariaDB for the
# WordPress suites, a running PostgreSQL for the scale-out ones, podman, buildah
# and docker-compose for the image suite. Each step is idempotent and quick when
# nothing is missing; installing needs root once.
set -euo pipefail
cd "$(dirname "$0")"
wordpress/system-setup.sh
postgres/ensure-running.sh
docker/system-setup.sh
