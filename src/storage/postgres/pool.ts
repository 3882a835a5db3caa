/** The pool behind the PostgreSQL repository: its connections, transactions and migrations. */
import pg from 'pg';
import { migrations } from '../migrations/index.js';
import { MIGRATION_SQL } from '../statements.js';
import { statement, values } from './parameters.js';

/** Any relay process migrating a database holds this advisory lock (an arbitrary constant: "iglr"). */
const MIGRATION_LOCK = 0x69676c72;
const POOL_SIZE = 10;
/** A server that neither accepts nor refuses (a partition, a full backlog) fails the request instead of hanging it. */
const CONNECT_TIMEOUT_MS = 5000;
const recordMigration = statement(MIGRATION_SQL.record);

export function createPool(url: string): pg.Pool {
  // Times are unix ms in BIGINT columns, which pg returns as strings by default: numbers here, on this pool only.
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
  const pool = new pg.Pool({
    connectionString: url,
    max: POOL_SIZE,
    types,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A connection whose server vanished without a word (a failover, a dead host) is noticed by the kernel.
    keepAlive: true,
  });
  // An idle connection that breaks (a server restart) is dropped by the pool; without a listener it would crash us.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs `work` in one transaction on one pooled connection: committed if it
 * resolves, rolled back if it throws. pg-pool stops listening for a client's
 * errors while it is checked out, and an 'error' event nobody listens to ends
 * the process: a server restart or `pg_terminate_backend` mid-transaction
 * would. This listener takes the error for the checkout's duration; the query
 * in flight rejects with it, and the connection is destroyed, not reused.
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A connection that cannot even roll back is destroyed rather than returned to the pool.
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error('ROLLBACK failed');
    });
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/**
 * Applies the pending migrations in one transaction. The advisory lock makes
 * relay processes that start together migrate one after the other; the later
 * ones then find every version applied.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATION_SQL.createTable);
    const applied = new Set(
      (await client.query<{ version: number }>(MIGRATION_SQL.applied)).rows.map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) await client.query(statement);
      const { version, name } = migration;
      await client.query(recordMigration.text, values(recordMigration, { version, name, applied_at: Date.now() }));
    }
  });
}

/** The error without the connection URL or its password in it: start-up errors get logged. */
export function redacted(error: unknown, url: string): Error {
  const secrets = [url];
  try {
    const password = new URL(url).password;
    if (password) secrets.push(password, decodeURIComponent(password));
  } catch {
    // not a URL: only the whole string can be hidden
  }
  const message = error instanceof Error ? error.message : String(error);
  const clean = secrets
    .filter((secret) => secret.length > 0)
    .reduce((text, secret) => text.split(secret).join('***'), message);
  const result = new Error(`PostgreSQL (DATABASE_URL): ${clean}`);
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(result, { code });
  return result;
}
