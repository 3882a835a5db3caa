#!/usr/bin/env bash
# Installs whichever of the Debian packages named as arguments are not installed
# yet; quick when none is missing. Installing needs root.
set -euo pipefail

missing=()
for package in "$@"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if ((EUID != 0)); then
    echo "missing Debian packages: ${missing[*]}; install them once as root: sudo test/system-setup.sh" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  # Wait for another install to finish rather than fail on its lock.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi
