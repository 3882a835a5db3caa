#!/usr/bin/env bash
# What the WordPress and browser suites need from the system, on Debian 12:
# PHP with MySQL (and the extensions WooCommerce uses), Debian's WordPress
# (the minimum leg), phpunit, Chromium, curl and unzip (test/wordpress/archives.sh
# downloads WordPress and WooCommerce when no archive is at hand), and a running
# MariaDB that root reaches over its unix socket. Idempotent; run as root (CI does).
# For the plugin's own build: zip (the release zip the test sites install),
# gettext (xgettext writes its .pot) and php-zip (ZipArchive, which WordPress
# needs to write a personal data export).
set -euo pipefail

PACKAGES=(php-cli php-mysql php-mbstring php-xml php-curl php-gd wordpress phpunit chromium mariadb-server curl unzip zip gettext php-zip)
"$(dirname "$0")/../install-missing-packages.sh" "${PACKAGES[@]}"

# Debian's policy-rc.d keeps apt from starting services: start MariaDB when it does not answer.
if ! mariadb-admin ping --silent >/dev/null 2>&1; then
  echo "starting MariaDB"
  install -d -o mysql -g mysql /run/mysqld
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  for _ in $(seq 1 50); do
    mariadb-admin ping --silent >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb-admin ping --silent
fi
