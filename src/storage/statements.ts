/**
 * Every SQL statement of both storage implementations, written once with
 * named `@parameters`: better-sqlite3 binds them as they are, and the
 * PostgreSQL implementation compiles them to pg's positional `$n`
 * (postgres/parameters.ts). Where the two databases differ, the statement
 * says so through the dialect.
 */
import { ACCOUNT_COLUMNS, EVENT_COLUMNS, EVENT_SUMMARY, FLOW_COLUMNS, named, STORE_COLUMNS } from './columns.js';

export type Dialect = 'sqlite' | 'postgres';

/** The bookkeeping of applied migrations (migrations/), run before the tables they create exist. */
export const MIGRATION_SQL = {
  createTable:
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
  applied: 'SELECT version FROM schema_migrations',
  record: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @applied_at)',
};

function statements(dialect: Dialect) {
  // PostgreSQL locks the rows a transaction reads in order to rewrite them; in SQLite the
  // transaction already holds the database's one write lock.
  const forUpdate = dialect === 'postgres' ? 'FOR UPDATE' : '';
  // SKIP LOCKED: a concurrent claimer passes over the rows another one is taking instead of waiting for them;
  // rows it claimed and committed meanwhile are re-checked against the lease condition.
  const skipLocked = (alias: string) => (dialect === 'postgres' ? `FOR UPDATE OF ${alias} SKIP LOCKED` : '');
  return {
    heartbeat: `INSERT INTO heartbeats (instance, at) VALUES (@instance, @now)
      ON CONFLICT (instance) DO UPDATE SET at = excluded.at`,

    getStore: `SELECT ${STORE_COLUMNS} FROM stores WHERE id = @id`,
    listStores: `SELECT ${STORE_COLUMNS} FROM stores ORDER BY id`,
    insertStore: `INSERT INTO stores (${STORE_COLUMNS}) VALUES (${named(STORE_COLUMNS)}) ON CONFLICT (id) DO NOTHING`,
    updateStore: `UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
      previous_secret_expires_at = @previous_secret_expires_at, webhook_url = @webhook_url,
      return_origins = @return_origins, ig_app_id = @ig_app_id, ig_app_secret = @ig_app_secret, ig_api = @ig_api,
      ig_scopes = @ig_scopes, webhook_disabled_at = @webhook_disabled_at, login_delivery = @login_delivery,
      updated_at = @updated_at WHERE id = @id`,
    deleteStore: 'DELETE FROM stores WHERE id = @id',
    deleteStoreData: [
      'DELETE FROM delivery_attempts WHERE store_id = @id',
      'DELETE FROM outbox WHERE store_id = @id',
      'DELETE FROM connected_accounts WHERE store_id = @id',
      'DELETE FROM compliance_requests WHERE store_id = @id',
    ],

    // One statement: under concurrent callers exactly one inserts the key.
    consumeFlow: `INSERT INTO flows (${FLOW_COLUMNS}) VALUES (${named(FLOW_COLUMNS)})
      ON CONFLICT (key) DO NOTHING`,
    finishFlow: 'UPDATE flows SET outcome = @outcome, failure = @failure, login_id = @loginId WHERE key = @key',
    recentFailedFlows: `SELECT * FROM flows WHERE store_id = @storeId AND failure IS NOT NULL
      ORDER BY created_at DESC LIMIT @limit`,
    countSignIn: `INSERT INTO sign_in_days (store_id, day, outcome, count) VALUES (@storeId, @day, @outcome, 1)
      ON CONFLICT (store_id, day, outcome) DO UPDATE SET count = sign_in_days.count + 1`,
    signInCounts: `SELECT day, outcome, count FROM sign_in_days WHERE store_id = @storeId AND day >= @fromDay
      ORDER BY day, outcome`,

    addEvent: `INSERT INTO outbox (${EVENT_COLUMNS}, lease_owner, lease_until)
      VALUES (${named(EVENT_COLUMNS)}, @lease_owner, @lease_until)`,
    getEvent: `SELECT ${EVENT_COLUMNS} FROM outbox WHERE id = @id`,
    eventOfStore: 'SELECT id FROM outbox WHERE store_id = @storeId AND id = @id',
    claimDueEvents: `UPDATE outbox SET lease_owner = @owner, lease_until = @until
      WHERE id IN (SELECT o.id FROM outbox o JOIN stores s ON s.id = o.store_id
        WHERE o.status = 'pending' AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
          AND s.webhook_disabled_at IS NULL
        ORDER BY o.next_attempt_at LIMIT @limit ${skipLocked('o')})
      RETURNING ${EVENT_COLUMNS}`,
    // A delivered event drops its body: it holds an access token the relay no longer needs. An event the store
    // claimed while this attempt ran stays delivered by claim: the attempt is only logged.
    finishAttempt: `UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @at,
      last_status = @status, last_error = @error,
      status = CASE WHEN status = 'delivered' THEN status ELSE @event_status END,
      delivered_at = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN @at ELSE delivered_at END,
      delivered_via = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN 'webhook' ELSE delivered_via END,
      body = CASE WHEN status = 'delivered' OR @event_status = 'delivered' THEN NULL ELSE body END,
      next_attempt_at = CASE WHEN status = 'delivered' THEN next_attempt_at ELSE @next_attempt_at END,
      retry_step = COALESCE(@retry_step, retry_step), lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND lease_owner = @owner RETURNING store_id, attempts`,
    addAttempt: `INSERT INTO delivery_attempts (event_id, store_id, attempt, at, status, latency_ms, error,
      instance) VALUES (@event_id, @store_id, @attempt, @at, @status, @latency_ms, @error, @instance)`,
    eventOfLogin: `SELECT ${EVENT_COLUMNS} FROM outbox WHERE login_id = @loginId ${forUpdate}`,
    markClaimed: `UPDATE outbox SET status = 'delivered', delivered_at = @now, delivered_via = 'claim',
      body = NULL, next_attempt_at = NULL WHERE id = @id`,
    // The cast gives PostgreSQL the type of a parameter that may be NULL.
    listEvents: `SELECT ${EVENT_SUMMARY} FROM outbox WHERE store_id = @storeId
      AND (CAST(@status AS TEXT) IS NULL OR status = @status) ORDER BY created_at DESC, id DESC LIMIT @limit`,
    listAttempts: 'SELECT * FROM delivery_attempts WHERE event_id = @eventId ORDER BY attempt',
    redeliverEvent: `UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
      WHERE id = @id AND store_id = @storeId AND status IN ('pending', 'dead')`,
    redeliverFailed: `UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
      WHERE store_id = @storeId AND (status = 'dead' OR (status = 'pending' AND attempts > 0))`,
    disableWebhook: 'UPDATE stores SET webhook_disabled_at = @at WHERE id = @storeId',
    outboxStats: `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'`,

    saveConnectedAccount: `INSERT INTO connected_accounts (${ACCOUNT_COLUMNS})
      VALUES (${named(ACCOUNT_COLUMNS)})
      ON CONFLICT (store_id) DO UPDATE SET instagram_user_id = excluded.instagram_user_id,
        username = excluded.username, api = excluded.api, access_token = excluded.access_token,
        issued_at = excluded.issued_at, expires_at = excluded.expires_at, next_refresh_at = excluded.next_refresh_at,
        refresh_failures = excluded.refresh_failures, last_error = excluded.last_error, status = excluded.status,
        updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`,
    getConnectedAccount: `SELECT ${ACCOUNT_COLUMNS} FROM connected_accounts WHERE store_id = @storeId`,
    claimDueRefreshes: `UPDATE connected_accounts SET lease_owner = @owner, lease_until = @until
      WHERE store_id IN (SELECT a.store_id FROM connected_accounts a
        WHERE a.status = 'active' AND a.next_refresh_at <= @now AND (a.lease_until IS NULL OR a.lease_until < @now)
        ORDER BY a.next_refresh_at LIMIT @limit ${skipLocked('a')})
      RETURNING ${ACCOUNT_COLUMNS}`,
    finishRefresh: `UPDATE connected_accounts SET access_token = @access_token, issued_at = @issued_at,
      expires_at = @expires_at, next_refresh_at = @next_refresh_at, refresh_failures = @refresh_failures,
      last_error = @last_error, status = @status, updated_at = @updated_at, lease_owner = NULL, lease_until = NULL
      WHERE store_id = @store_id AND lease_owner = @owner`,
    deleteAccountOf:
      'DELETE FROM connected_accounts WHERE store_id = @storeId AND instagram_user_id = @instagramUserId',

    addComplianceRequest: `INSERT INTO compliance_requests (id, store_id, kind, instagram_user_id,
      confirmation_code, event_id, deleted, created_at) VALUES (@id, @store_id, @kind, @instagram_user_id,
      @confirmation_code, @event_id, @deleted, @created_at) ON CONFLICT (id) DO NOTHING`,
    setComplianceDeleted: 'UPDATE compliance_requests SET deleted = @deleted WHERE id = @id',
    getComplianceRequestById: 'SELECT * FROM compliance_requests WHERE id = @id',
    getComplianceRequest: 'SELECT * FROM compliance_requests WHERE confirmation_code = @code',

    sealedStoreValues: `SELECT id, secret, previous_secret, ig_app_secret FROM stores ${forUpdate}`,
    resealStore: `UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
      ig_app_secret = @ig_app_secret WHERE id = @id`,
    sealedEventBodies: `SELECT id, body FROM outbox WHERE body IS NOT NULL ${forUpdate}`,
    resealEventBody: 'UPDATE outbox SET body = @body WHERE id = @id',
    sealedAccountTokens: `SELECT store_id, access_token FROM connected_accounts ${forUpdate}`,
    resealAccountToken: 'UPDATE connected_accounts SET access_token = @access_token WHERE store_id = @store_id',

    rememberRequestId: `INSERT INTO store_request_ids (store_id, request_id, expires_at)
      VALUES (@storeId, @requestId, @expiresAt) ON CONFLICT (store_id, request_id) DO NOTHING`,

    // What prune() deletes, with the cutoffs of retention.ts (pruneCutoffs).
    prune: [
      'DELETE FROM flows WHERE (expires_at < @settled AND failure IS NULL) OR expires_at < @failed',
      'DELETE FROM store_request_ids WHERE expires_at < @now',
      'DELETE FROM sign_in_days WHERE day < @beforeDay',
      'DELETE FROM heartbeats WHERE at < @heartbeatsBefore',
      'DELETE FROM delivery_attempts WHERE at < @deliveryLogBefore',
      `DELETE FROM outbox WHERE status IN ('delivered', 'dead')
        AND COALESCE(last_attempt_at, created_at) < @deliveryLogBefore`,
    ],
  };
}

/** Each statement as one implementation compiles it; a list stays a list. */
type Compiled<T> = {
  [K in keyof ReturnType<typeof statements>]: ReturnType<typeof statements>[K] extends string[] ? T[] : T;
};

/** The statements, each compiled once by the implementation: prepared on SQLite, translated to `$n` on PostgreSQL. */
export function compileStatements<T>(dialect: Dialect, compile: (sql: string) => T): Compiled<T> {
  const compiled = Object.entries(statements(dialect)).map(([name, sql]) => [
    name,
    Array.isArray(sql) ? sql.map(compile) : compile(sql),
  ]);
  return Object.fromEntries(compiled) as Compiled<T>;
}
