#!/usr/bin/env bash
# The PostgreSQL server the scale-out suites use (test/helpers/postgres.ts):
# PostgreSQL 15 on 127.0.0.1:5432, user postgres without a password.
# Idempotent; run as root (CI does).
set -euo pipefail

ready() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }

if ready; then
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  "$(dirname "$0")/../install-missing-packages.sh" postgresql
  # A fresh cluster asks for passwords over TCP: the test server trusts local connections, as on the dev machines.
  hba=/etc/postgresql/15/main/pg_hba.conf
  sed -i -E 's/^(local|host)(\s+all\s+all\s+.*\s)(peer|scram-sha-256|md5)$/\1\2trust/' "$hba"
  sed -i -E 's/^(local\s+all\s+postgres\s+)peer$/\1trust/' "$hba"
fi

# Debian's policy-rc.d keeps apt from starting services: start the cluster when it does not answer.
echo "starting PostgreSQL 15/main"
pg_ctlcluster --skip-systemctl-redirect 15 main start || true
for _ in $(seq 1 50); do
  ready && exit 0
  sleep 0.2
done
echo "PostgreSQL did not accept connections on 127.0.0.1:5432 within 10 s; see /var/log/postgresql/postgresql-15-main.log" >&2
exit 1
