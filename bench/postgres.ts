import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Throw-away PostgreSQL databases for the bench, on the local server the
 * PostgreSQL test suites use (test/helpers/postgres.ts does the same for tap
 * tests). BENCH_POSTGRES_URL, else TEST_POSTGRES_URL, names the server's
 * maintenance database.
 */
export const POSTGRES_SERVER_URL =
  process.env['BENCH_POSTGRES_URL'] ??
  process.env['TEST_POSTGRES_URL'] ??
  'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the server's maintenance database. */
function onPostgresServer(statement: string): Promise<unknown[]> {
  return queryDatabase(POSTGRES_SERVER_URL, statement);
}

export interface TempDatabase {
  name: string;
  url: string;
  /** Drops the database, even with connections still open. */
  drop(): Promise<void>;
}

const created = new Set<TempDatabase>();

/** A new, empty database with a unique name. */
export async function createTempDatabase(prefix = 'iglr_bench'): Promise<TempDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onPostgresServer(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_SERVER_URL);
  url.pathname = `/${name}`;
  const database: TempDatabase = {
    name,
    url: url.toString(),
    async drop() {
      created.delete(database);
      await onPostgresServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
  created.add(database);
  return database;
}

/** Drops every database still there, for an interrupted bench. */
export async function dropTempDatabases(): Promise<void> {
  await Promise.allSettled([...created].map((database) => database.drop()));
}

/** Rows of one query on the database at `url`. */
export async function queryDatabase<R>(url: string, statement: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(statement)).rows as R[];
  } finally {
    await client.end();
  }
}
