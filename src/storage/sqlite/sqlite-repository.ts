import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ACCOUNT_COLUMNS, EVENT_COLUMNS, EVENT_SUMMARY, FLOW_COLUMNS, named, STORE_COLUMNS } from '../columns.js';
import { migrations } from '../migrations/index.js';
import { watchFileIdentity } from './file-identity.js';
import { groupCommit } from './group-commit.js';
import {
  CONNECTED_ACCOUNT_DELETED,
  fromComplianceRequest,
  fromConnectedAccount,
  fromEvent,
  flowParams,
  fromStore,
  outcomeColumns,
  toAttempt,
  toComplianceRequest,
  toConnectedAccount,
  toEvent,
  toFlow,
  toStore,
  type AttemptRecord,
  type ComplianceRequestRecord,
  type ConnectedAccountRecord,
  type FlowRecord,
  type OutboxRecord,
  type StoreRecord,
} from '../records.js';
import { claimVerdict } from '../login-claims.js';
import type {
  ConnectedAccountRow,
  Lease,
  LoginClaim,
  OutboxRow,
  Repository,
  SealedField,
  SignInCount,
} from '../repository.js';
import {
  FAILED_FLOW_RETENTION_MS,
  FLOW_RETENTION_MS,
  HEARTBEAT_RETENTION_MS,
  SIGN_IN_DAYS_RETENTION_MS,
  utcDay,
} from '../retention.js';

/**
 * The embedded default: one SQLite file (WAL mode) per relay. better-sqlite3
 * is synchronous and fast; every statement is prepared once, and writes are
 * group-committed (group-commit.ts).
 */
export function openSqliteRepository(path: string, options: { log?: SqliteLog } = {}): Repository {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a process crash; only a power cut can lose the last commits.
  db.pragma('synchronous = NORMAL');
  // The CLI may write while the server runs: wait for the lock instead of failing.
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const sql = prepareStatements(db);
  // Checked before every commit (one stat call per batch): a write to a deleted file is never acknowledged.
  const identity =
    path === ':memory:' ? undefined : watchFileIdentity(path, (error) => rescue(db, path, error.message, options.log));
  const write = groupCommit(db, () => identity?.check());
  // Several statements that stand or fall together: a savepoint inside the group's transaction.
  const atomic = <T>(statements: () => T) => write(() => db.transaction(statements)());
  const addEvent = (event: OutboxRow, lease?: Lease) =>
    sql.addEvent.run({ ...fromEvent(event), lease_owner: lease?.owner ?? null, lease_until: lease?.until ?? null });
  return {
    kind: 'sqlite',
    heartbeat: (instance, now) => write(() => void sql.heartbeat.run({ instance, now })),
    async close() {
      if (!db.open) return;
      // Let queued writes commit first; when the file is lost they fail, and closing goes on.
      await write(() => undefined).catch(() => undefined);
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
    // A deleted store takes its queued events, delivery log and connected account with it.
    deleteStore: (id) =>
      atomic(() => {
        for (const statement of sql.deleteStoreData) statement.run(id);
        return sql.deleteStore.run(id).changes === 1;
      }),

    consumeFlow: (flow, now) => write(() => sql.consumeFlow.run(flowParams(flow, now)).changes === 1),
    finishFlow: (key, outcome, details) =>
      write(
        () =>
          void sql.finishFlow.run({ key, outcome, failure: details.failure ?? null, loginId: details.loginId ?? null }),
      ),
    async recentFailedFlows(storeId, limit) {
      return (sql.recentFailedFlows.all(storeId, limit) as FlowRecord[]).map(toFlow);
    },
    countSignIn: (storeId, day, outcome) => write(() => void sql.countSignIn.run({ storeId, day, outcome })),
    async signInCounts(storeId, fromDay) {
      return sql.signInCounts.all({ storeId, fromDay }) as SignInCount[];
    },

    addEvent: (event, lease) => write(() => void addEvent(event, lease)),
    async getEvent(id) {
      const row = sql.getEvent.get(id) as OutboxRecord | undefined;
      return row && toEvent(row);
    },
    claimDueEvents: (lease, now, limit) =>
      write(() => (sql.claimDueEvents.all({ ...lease, now, limit }) as OutboxRecord[]).map(toEvent)),
    finishAttempt: (id, owner, report, outcome) =>
      atomic(() => {
        const finished = sql.finishAttempt.get({ id, owner, ...report, ...outcomeColumns(outcome) }) as
          { store_id: string; attempts: number } | undefined;
        if (finished === undefined) return false;
        sql.addAttempt.run({
          event_id: id,
          store_id: finished.store_id,
          attempt: finished.attempts,
          at: report.at,
          status: report.status,
          latency_ms: report.latencyMs,
          error: report.error,
          instance: owner,
        });
        return true;
      }),
    claimLogin: (storeId, loginId, now) =>
      atomic((): LoginClaim => {
        const row = sql.eventOfLogin.get({ loginId }) as OutboxRecord | undefined;
        if (row === undefined) return { result: 'not_found' };
        const event = toEvent(row);
        const verdict = claimVerdict(event, storeId, now);
        if (verdict !== 'claimable') return { result: verdict };
        sql.markClaimed.run({ id: event.id, now });
        return { result: 'claimed', event };
      }),
    async listEvents(storeId, { limit, status }) {
      return (sql.listEvents.all({ storeId, status: status ?? null, limit }) as OutboxRecord[]).map(toEvent);
    },
    async listAttempts(eventId) {
      return (sql.listAttempts.all(eventId) as AttemptRecord[]).map(toAttempt);
    },
    redeliverEvent: (storeId, id, now) =>
      write(() => {
        if (sql.redeliverEvent.run({ storeId, id, now }).changes === 1) return 'requeued';
        return sql.eventOfStore.get(storeId, id) === undefined ? 'not_found' : 'delivered';
      }),
    redeliverFailed: (storeId, now) => write(() => sql.redeliverFailed.run({ storeId, now }).changes),
    disableWebhook: (storeId, at) => write(() => void sql.disableWebhook.run({ storeId, at })),
    async outboxStats() {
      const row = sql.outboxStats.get() as { pending: number; oldest: number | null };
      return { pending: row.pending, oldestPendingAt: row.oldest };
    },

    saveConnectedAccount: (account) => write(() => void sql.saveConnectedAccount.run(fromConnectedAccount(account))),
    async getConnectedAccount(storeId) {
      const row = sql.getConnectedAccount.get(storeId) as ConnectedAccountRecord | undefined;
      return row && toConnectedAccount(row);
    },
    claimDueRefreshes: (lease, now, limit) =>
      write(() =>
        (sql.claimDueRefreshes.all({ ...lease, now, limit }) as ConnectedAccountRecord[]).map(toConnectedAccount),
      ),
    finishRefresh: (storeId, owner, refresh, event) =>
      atomic(() => {
        const account = fromConnectedAccount({ ...refresh, storeId } as ConnectedAccountRow);
        if (sql.finishRefresh.run({ ...account, owner }).changes === 0) return false;
        if (event) addEvent(event);
        return true;
      }),

    recordComplianceRequest: (request, event) =>
      atomic(() => {
        const record = { ...fromComplianceRequest({ ...request, deleted: [] }) };
        if (sql.addComplianceRequest.run(record).changes === 0) {
          const existing = sql.getComplianceRequestById.get(request.id) as ComplianceRequestRecord;
          return { request: toComplianceRequest(existing), created: false };
        }
        const accountGone = sql.deleteAccountOf.run(request.storeId, request.instagramUserId).changes > 0;
        const deleted = accountGone ? [CONNECTED_ACCOUNT_DELETED] : [];
        sql.setComplianceDeleted.run(JSON.stringify(deleted), request.id);
        addEvent(event);
        return { request: { ...request, deleted }, created: true };
      }),
    async getComplianceRequest(code) {
      const row = sql.getComplianceRequest.get(code) as ComplianceRequestRecord | undefined;
      return row && toComplianceRequest(row);
    },

    resealAll: (reseal) =>
      atomic(() => {
        let count = 0;
        const again = (value: string | null, field: SealedField) => {
          if (value === null) return null;
          count += 1;
          return reseal(value, field);
        };
        for (const row of sql.sealedStoreValues.all() as Pick<
          StoreRecord,
          'id' | 'secret' | 'previous_secret' | 'ig_app_secret'
        >[]) {
          sql.resealStore.run({
            id: row.id,
            secret: again(row.secret, { table: 'stores', id: row.id, column: 'secret' }),
            previous_secret: again(row.previous_secret, { table: 'stores', id: row.id, column: 'previous_secret' }),
            ig_app_secret: again(row.ig_app_secret, { table: 'stores', id: row.id, column: 'ig_app_secret' }),
          });
        }
        for (const row of sql.sealedEventBodies.all() as { id: string; body: string }[]) {
          sql.resealEventBody.run({ id: row.id, body: again(row.body, { table: 'outbox', id: row.id }) });
        }
        for (const row of sql.sealedAccountTokens.all() as { store_id: string; access_token: string }[]) {
          const token = again(row.access_token, { table: 'connected_accounts', storeId: row.store_id });
          sql.resealAccountToken.run({ store_id: row.store_id, access_token: token });
        }
        return count;
      }),

    rememberRequestId: (storeId, requestId, expiresAt) =>
      write(() => sql.rememberRequestId.run(storeId, requestId, expiresAt).changes === 1),
    prune: (now, deliveryLogMs) =>
      write(() => {
        const flows = sql.pruneFlows.run({
          settled: now - FLOW_RETENTION_MS,
          failed: now - FAILED_FLOW_RETENTION_MS,
        }).changes;
        const before = now - deliveryLogMs;
        return (
          flows +
          sql.pruneRequestIds.run(now).changes +
          sql.pruneSignInDays.run({ beforeDay: utcDay(now - SIGN_IN_DAYS_RETENTION_MS) }).changes +
          sql.pruneHeartbeats.run(now - HEARTBEAT_RETENTION_MS).changes +
          sql.pruneAttempts.run(before).changes +
          sql.pruneEvents.run(before).changes
        );
      }),
  };
}

/** Where the repository reports what the relay's log must say: the database file was lost, and where its copy went. */
export interface SqliteLog {
  error(entry: object, message: string): void;
  info(entry: object, message: string): void;
}

/**
 * The open connection still reads the lost file: a copy of it next to the
 * path (with every event still waiting in its outbox) lets the operator put
 * it back. The copy is made once, in the background.
 */
function rescue(db: Database.Database, path: string, what: string, log: SqliteLog | undefined): void {
  const copy = `${path}.rescued-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  log?.error({ path, copy }, `${what}; writes are refused and /readyz answers 503 until the relay restarts`);
  db.backup(copy).then(
    () =>
      log?.info({ path, copy }, 'the lost database was copied: stop the relay, move the copy to the path, start it'),
    (error: unknown) =>
      log?.error({ path, copy, reason: (error as Error).message }, 'the lost database could not be copied'),
  );
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
  return {
    heartbeat: db.prepare(`INSERT INTO heartbeats (instance, at) VALUES (@instance, @now)
      ON CONFLICT (instance) DO UPDATE SET at = excluded.at`),
    pruneHeartbeats: db.prepare('DELETE FROM heartbeats WHERE at < ?'),
    getStore: db.prepare(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = ?`),
    listStores: db.prepare(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY id`),
    insertStore: db.prepare(
      `INSERT INTO stores (${STORE_COLUMNS}) VALUES (${named(STORE_COLUMNS)}) ON CONFLICT (id) DO NOTHING`,
    ),
    updateStore: db.prepare(`UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
      previous_secret_expires_at = @previous_secret_expires_at, webhook_url = @webhook_url,
      return_origins = @return_origins, ig_app_id = @ig_app_id, ig_app_secret = @ig_app_secret, ig_api = @ig_api,
      ig_scopes = @ig_scopes, webhook_disabled_at = @webhook_disabled_at, login_delivery = @login_delivery,
      updated_at = @updated_at WHERE id = @id`),
    deleteStore: db.prepare('DELETE FROM stores WHERE id = ?'),
    deleteStoreData: [
      db.prepare('DELETE FROM delivery_attempts WHERE store_id = ?'),
      db.prepare('DELETE FROM outbox WHERE store_id = ?'),
      db.prepare('DELETE FROM connected_accounts WHERE store_id = ?'),
      db.prepare('DELETE FROM compliance_requests WHERE store_id = ?'),
    ],
    consumeFlow: db.prepare(`INSERT INTO flows (${FLOW_COLUMNS}) VALUES (${named(FLOW_COLUMNS)})
      ON CONFLICT (key) DO NOTHING`),
    finishFlow: db.prepare(
      'UPDATE flows SET outcome = @outcome, failure = @failure, login_id = @loginId WHERE key = @key',
    ),
    countSignIn:
      db.prepare(`INSERT INTO sign_in_days (store_id, day, outcome, count) VALUES (@storeId, @day, @outcome, 1)
      ON CONFLICT (store_id, day, outcome) DO UPDATE SET count = sign_in_days.count + 1`),
    signInCounts: db.prepare(`SELECT day, outcome, count FROM sign_in_days WHERE store_id = @storeId AND day >= @fromDay
      ORDER BY day, outcome`),
    recentFailedFlows: db.prepare(`SELECT * FROM flows WHERE store_id = ? AND failure IS NOT NULL
      ORDER BY created_at DESC LIMIT ?`),
    addEvent: db.prepare(`INSERT INTO outbox (${EVENT_COLUMNS}, lease_owner, lease_until)
      VALUES (${named(EVENT_COLUMNS)}, @lease_owner, @lease_until)`),
    getEvent: db.prepare(`SELECT ${EVENT_COLUMNS} FROM outbox WHERE id = ?`),
    eventOfStore: db.prepare('SELECT id FROM outbox WHERE store_id = ? AND id = ?'),
    claimDueEvents: db.prepare(`UPDATE outbox SET lease_owner = @owner, lease_until = @until
      WHERE id IN (SELECT o.id FROM outbox o JOIN stores s ON s.id = o.store_id
        WHERE o.status = 'pending' AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
          AND s.webhook_disabled_at IS NULL
        ORDER BY o.next_attempt_at LIMIT @limit)
      RETURNING ${EVENT_COLUMNS}`),
    // A delivered event drops its body: it holds an access token the relay no longer needs. An event the store
    // claimed while this attempt ran stays delivered by claim: the attempt is only logged.
    finishAttempt: db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @at,
      last_status = @status, last_error = @error,
      status = CASE WHEN status = 'delivered' THEN status ELSE @event_status END,
      delivered_at = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN @at ELSE delivered_at END,
      delivered_via = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN 'webhook' ELSE delivered_via END,
      body = CASE WHEN status = 'delivered' OR @event_status = 'delivered' THEN NULL ELSE body END,
      next_attempt_at = CASE WHEN status = 'delivered' THEN next_attempt_at ELSE @next_attempt_at END,
      retry_step = COALESCE(@retry_step, retry_step), lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND lease_owner = @owner RETURNING store_id, attempts`),
    eventOfLogin: db.prepare(`SELECT ${EVENT_COLUMNS} FROM outbox WHERE login_id = @loginId`),
    markClaimed: db.prepare(`UPDATE outbox SET status = 'delivered', delivered_at = @now, delivered_via = 'claim',
      body = NULL, next_attempt_at = NULL WHERE id = @id`),
    addAttempt: db.prepare(`INSERT INTO delivery_attempts (event_id, store_id, attempt, at, status, latency_ms, error,
      instance) VALUES (@event_id, @store_id, @attempt, @at, @status, @latency_ms, @error, @instance)`),
    listEvents: db.prepare(`SELECT ${EVENT_SUMMARY} FROM outbox WHERE store_id = @storeId
      AND (@status IS NULL OR status = @status) ORDER BY created_at DESC, id DESC LIMIT @limit`),
    listAttempts: db.prepare('SELECT * FROM delivery_attempts WHERE event_id = ? ORDER BY attempt'),
    redeliverEvent: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
      WHERE id = @id AND store_id = @storeId AND status IN ('pending', 'dead')`),
    redeliverFailed: db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
      WHERE store_id = @storeId AND (status = 'dead' OR (status = 'pending' AND attempts > 0))`),
    disableWebhook: db.prepare('UPDATE stores SET webhook_disabled_at = @at WHERE id = @storeId'),
    outboxStats: db.prepare(
      `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'`,
    ),
    saveConnectedAccount: db.prepare(`INSERT INTO connected_accounts (${ACCOUNT_COLUMNS})
      VALUES (${named(ACCOUNT_COLUMNS)})
      ON CONFLICT (store_id) DO UPDATE SET instagram_user_id = excluded.instagram_user_id,
        username = excluded.username, api = excluded.api, access_token = excluded.access_token,
        issued_at = excluded.issued_at, expires_at = excluded.expires_at, next_refresh_at = excluded.next_refresh_at,
        refresh_failures = excluded.refresh_failures, last_error = excluded.last_error, status = excluded.status,
        updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`),
    getConnectedAccount: db.prepare(`SELECT ${ACCOUNT_COLUMNS} FROM connected_accounts WHERE store_id = ?`),
    claimDueRefreshes: db.prepare(`UPDATE connected_accounts SET lease_owner = @owner, lease_until = @until
      WHERE store_id IN (SELECT store_id FROM connected_accounts
        WHERE status = 'active' AND next_refresh_at <= @now AND (lease_until IS NULL OR lease_until < @now)
        ORDER BY next_refresh_at LIMIT @limit)
      RETURNING ${ACCOUNT_COLUMNS}`),
    finishRefresh: db.prepare(`UPDATE connected_accounts SET access_token = @access_token, issued_at = @issued_at,
      expires_at = @expires_at, next_refresh_at = @next_refresh_at, refresh_failures = @refresh_failures,
      last_error = @last_error, status = @status, updated_at = @updated_at, lease_owner = NULL, lease_until = NULL
      WHERE store_id = @store_id AND lease_owner = @owner`),
    addComplianceRequest: db.prepare(`INSERT INTO compliance_requests (id, store_id, kind, instagram_user_id,
      confirmation_code, event_id, deleted, created_at) VALUES (@id, @store_id, @kind, @instagram_user_id,
      @confirmation_code, @event_id, @deleted, @created_at) ON CONFLICT (id) DO NOTHING`),
    setComplianceDeleted: db.prepare('UPDATE compliance_requests SET deleted = ? WHERE id = ?'),
    getComplianceRequestById: db.prepare('SELECT * FROM compliance_requests WHERE id = ?'),
    getComplianceRequest: db.prepare('SELECT * FROM compliance_requests WHERE confirmation_code = ?'),
    deleteAccountOf: db.prepare('DELETE FROM connected_accounts WHERE store_id = ? AND instagram_user_id = ?'),
    sealedStoreValues: db.prepare('SELECT id, secret, previous_secret, ig_app_secret FROM stores'),
    resealStore: db.prepare(`UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
      ig_app_secret = @ig_app_secret WHERE id = @id`),
    sealedEventBodies: db.prepare('SELECT id, body FROM outbox WHERE body IS NOT NULL'),
    resealEventBody: db.prepare('UPDATE outbox SET body = @body WHERE id = @id'),
    sealedAccountTokens: db.prepare('SELECT store_id, access_token FROM connected_accounts'),
    resealAccountToken: db.prepare(
      'UPDATE connected_accounts SET access_token = @access_token WHERE store_id = @store_id',
    ),
    rememberRequestId: db.prepare(`INSERT INTO store_request_ids (store_id, request_id, expires_at) VALUES (?, ?, ?)
      ON CONFLICT (store_id, request_id) DO NOTHING`),
    pruneFlows: db.prepare(`DELETE FROM flows WHERE (expires_at < @settled AND failure IS NULL)
      OR expires_at < @failed`),
    pruneRequestIds: db.prepare('DELETE FROM store_request_ids WHERE expires_at < ?'),
    pruneSignInDays: db.prepare('DELETE FROM sign_in_days WHERE day < @beforeDay'),
    pruneAttempts: db.prepare('DELETE FROM delivery_attempts WHERE at < ?'),
    pruneEvents: db.prepare(`DELETE FROM outbox WHERE status IN ('delivered', 'dead')
      AND COALESCE(last_attempt_at, created_at) < ?`),
  };
}
