import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../migrations/index.js';
import { groupCommit } from './group-commit.js';
import {
  fromStore,
  toEvent,
  toFlow,
  toStore,
  type FlowRecord,
  type OutboxRecord,
  type StoreRecord,
} from '../records.js';
import type { Repository } from '../repository.js';
import { FAILED_FLOW_RETENTION_MS, FLOW_RETENTION_MS } from '../retention.js';

/**
 * The embedded default: one SQLite file (WAL mode) per relay. better-sqlite3
 * is synchronous and fast; every statement is prepared once, and writes are
 * group-committed (group-commit.ts).
 */
export function openSqliteRepository(path: string): Repository {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  // The CLI may write while the server runs: wait for the lock instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const sql = prepareStatements(db);
  const write = groupCommit(db);
  return {
    kind: 'sqlite',
    async ping() {
      sql.ping.get();
    },
    async close() {
      if (!db.open) return;
      await write(() => undefined); // let queued writes commit first
      db.close();
    },

    async getStore(id) {
      const row = sql.getStore.get(id) as StoreRecord | undefined;
      return row && toStore(row);
    },
    async listStores() {
      return (sql.listStores.all() as StoreRecord[]).map(toStore);
    },
    insertStore: (store) => write(() => sql.insertStore.run(fromStore(store)).changes === 1),
    updateStore: (store) => write(() => sql.updateStore.run(fromStore(store)).changes === 1),
    deleteStore: (id) => write(() => sql.deleteStore.run(id).changes === 1),

    createFlow: (flow) => write(() => void sql.createFlow.run({ ...flow, scopes: JSON.stringify(flow.scopes) })),
    async getFlow(key) {
      const row = sql.getFlow.get(key) as FlowRecord | undefined;
      return row && toFlow(row);
    },
    async consumeFlow(key, now) {
      const row = await write(() => sql.consumeFlow.get({ key, now }) as FlowRecord | undefined);
      return row && toFlow(row);
    },
    finishFlow: (key, outcome, details) =>
      write(
        () =>
          void sql.finishFlow.run({ key, outcome, failure: details.failure ?? null, loginId: details.loginId ?? null }),
      ),
    async recentFailedFlows(storeId, limit) {
      return (sql.recentFailedFlows.all(storeId, limit) as FlowRecord[]).map(toFlow);
    },

    addEvent: (event) => write(() => void sql.addEvent.run(event)),
    async getEvent(id) {
      const row = sql.getEvent.get(id) as OutboxRecord | undefined;
      return row && toEvent(row);
    },
    recordAttempt: (id, result) =>
      write(() => void sql.recordAttempt.run({ id, ...result, delivered: result.delivered ? 1 : 0 })),
    async recentEvents(storeId, limit) {
      return (sql.recentEvents.all(storeId, limit) as OutboxRecord[]).map(toEvent);
    },

    rememberRequestId: (storeId, requestId, expiresAt) =>
      write(() => sql.rememberRequestId.run(storeId, requestId, expiresAt).changes === 1),
    prune: (now) =>
      write(() => {
        const flows = sql.pruneFlows.run({
          settled: now - FLOW_RETENTION_MS,
          failed: now - FAILED_FLOW_RETENTION_MS,
        }).changes;
        return flows + sql.pruneRequestIds.run(now).changes;
      }),
  };
}

function migrate(db: Database.Database): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  );
  // IMMEDIATE takes the write lock first, so two processes starting together migrate one after the other.
  db.transaction(() => {
    const applied = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) db.exec(statement);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        Date.now(),
      );
    }
  }).immediate();
}

function prepareStatements(db: Database.Database) {
  const storeColumns = `id, secret, previous_secret, previous_secret_expires_at, webhook_url, return_origins,
    ig_app_id, ig_app_secret, ig_api, ig_scopes, created_at, updated_at`;
  const eventSummary = `id, store_id, type, NULL AS body, status, attempts, created_at, last_attempt_at, last_status, last_error, delivered_at`;
  return {
    ping: db.prepare('SELECT 1'),
    getStore: db.prepare(`SELECT ${storeColumns} FROM stores WHERE id = ?`),
    listStores: db.prepare(`SELECT ${storeColumns} FROM stores ORDER BY id`),
    insertStore: db.prepare(`INSERT INTO stores (${storeColumns}) VALUES (@id, @secret, @previous_secret,
      @previous_secret_expires_at, @webhook_url, @return_origins, @ig_app_id, @ig_app_secret, @ig_api, @ig_scopes,
      @created_at, @updated_at) ON CONFLICT (id) DO NOTHING`),
    updateStore: db.prepare(`UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
      previous_secret_expires_at = @previous_secret_expires_at, webhook_url = @webhook_url,
      return_origins = @return_origins, ig_app_id = @ig_app_id, ig_app_secret = @ig_app_secret, ig_api = @ig_api,
      ig_scopes = @ig_scopes, updated_at = @updated_at WHERE id = @id`),
    deleteStore: db.prepare('DELETE FROM stores WHERE id = ?'),
    createFlow: db.prepare(`INSERT INTO flows (key, store_id, purpose, api, scopes, return_to, store_state,
      browser_hash, created_at, expires_at) VALUES (@key, @storeId, @purpose, @api, @scopes, @returnTo, @storeState,
      @browserHash, @createdAt, @expiresAt)`),
    getFlow: db.prepare('SELECT * FROM flows WHERE key = ?'),
    consumeFlow: db.prepare(`UPDATE flows SET consumed_at = @now
      WHERE key = @key AND consumed_at IS NULL AND expires_at > @now RETURNING *`),
    finishFlow: db.prepare(
      'UPDATE flows SET outcome = @outcome, failure = @failure, login_id = @loginId WHERE key = @key',
    ),
    recentFailedFlows: db.prepare(`SELECT * FROM flows WHERE store_id = ? AND failure IS NOT NULL
      ORDER BY created_at DESC LIMIT ?`),
    addEvent: db.prepare(`INSERT INTO outbox (id, store_id, type, body, status, attempts, created_at, last_attempt_at,
      last_status, last_error, delivered_at) VALUES (@id, @storeId, @type, @body, @status, @attempts, @createdAt,
      @lastAttemptAt, @lastStatus, @lastError, @deliveredAt)`),
    getEvent: db.prepare('SELECT * FROM outbox WHERE id = ?'),
    // A delivered event drops its body: it holds an access token the relay no longer needs.
    recordAttempt: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @at,
      last_status = @status, last_error = @error,
      status = CASE WHEN @delivered = 1 THEN 'delivered' ELSE status END,
      delivered_at = CASE WHEN @delivered = 1 THEN @at ELSE delivered_at END,
      body = CASE WHEN @delivered = 1 THEN NULL ELSE body END
      WHERE id = @id`),
    recentEvents: db.prepare(`SELECT ${eventSummary} FROM outbox WHERE store_id = ? ORDER BY created_at DESC LIMIT ?`),
    rememberRequestId: db.prepare(`INSERT INTO store_request_ids (store_id, request_id, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (store_id, request_id) DO NOTHING`),
    pruneFlows: db.prepare(`DELETE FROM flows WHERE (expires_at < @settled AND failure IS NULL)
      OR expires_at < @failed`),
    pruneRequestIds: db.prepare('DELETE FROM store_request_ids WHERE expires_at < ?'),
  };
}
