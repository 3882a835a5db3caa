#!/usr/bin/env bash
# Installs whichever of the Debian packages named as arguments are not installed
# yet; quick and quiet when none is missing. Installing needs root. When another
# apt or dpkg run holds the package manager's locks, each step waits for it (up to
# 10 minutes) instead of failing.
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
  # apt-get update fails at once when another run holds the package lists' lock
  # (DPkg::Lock::Timeout covers dpkg's locks only, as the install below uses it): try again every 5 s.
  waited=0
  until output=$(LC_ALL=C apt-get update -qq 2>&1); do
    if [[ $output != *"Could not get lock"* ]] || ((waited >= 600)); then
      echo "$output" >&2
      exit 1
    fi
    if ((waited == 0)); then
      echo "waiting for another apt run to finish: ${output%%$'\n'*}"
    fi
    sleep 5
    waited=$((waited + 5))
  done
  if [[ -n $output ]]; then
    echo "$output" >&2
  fi
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi
