import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';

/** The server the PostgreSQL suites use (test/postgres/ensure-running.sh starts it in CI). */
export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's maintenance database. */
export async function onPostgresServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database of its own for `t` (dropped when `t` ends, even with
 * connections still open); returns its postgres:// URL.
 */
export async function freshPostgresDatabase(t: Test): Promise<string> {
  const name = `iglr_test_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(`CREATE DATABASE ${name}`);
  t.teardown(() => onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}
