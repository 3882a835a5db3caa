/**
 * The PostgreSQL statements, the same SQL as the SQLite implementation's where
 * it is portable. They are written with named `@parameters`, compiled once to
 * pg's positional `$n` ones.
 */
import { ACCOUNT_COLUMNS, EVENT_COLUMNS, EVENT_SUMMARY, FLOW_COLUMNS, named, STORE_COLUMNS } from '../columns.js';

export interface Statement {
  readonly text: string;
  /** Parameter names in `$n` order. */
  readonly names: readonly string[];
}

export function statement(sql: string): Statement {
  const names: string[] = [];
  const text = sql.replace(/@(\w+)/g, (_, name: string) => {
    const index = names.includes(name) ? names.indexOf(name) : names.push(name) - 1;
    return `$${index + 1}`;
  });
  return { text, names };
}

/** A statement's values from a record of named parameters; a missing one is a bug, not a NULL. */
export function values(sql: Statement, params: object): unknown[] {
  return sql.names.map((name) => {
    if (!(name in params)) throw new Error(`statement parameter @${name} is missing`);
    return (params as Record<string, unknown>)[name];
  });
}

export const sql = {
  heartbeat: statement(`INSERT INTO heartbeats (instance, at) VALUES (@instance, @now)
    ON CONFLICT (instance) DO UPDATE SET at = excluded.at`),
  pruneHeartbeats: statement('DELETE FROM heartbeats WHERE at < @before'),
  getStore: statement(`SELECT ${STORE_COLUMNS} FROM stores WHERE id = @id`),
  listStores: statement(`SELECT ${STORE_COLUMNS} FROM stores ORDER BY id`),
  insertStore: statement(
    `INSERT INTO stores (${STORE_COLUMNS}) VALUES (${named(STORE_COLUMNS)}) ON CONFLICT (id) DO NOTHING`,
  ),
  updateStore: statement(`UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
    previous_secret_expires_at = @previous_secret_expires_at, webhook_url = @webhook_url,
    return_origins = @return_origins, ig_app_id = @ig_app_id, ig_app_secret = @ig_app_secret, ig_api = @ig_api,
    ig_scopes = @ig_scopes, webhook_disabled_at = @webhook_disabled_at, login_delivery = @login_delivery,
    updated_at = @updated_at WHERE id = @id`),
  deleteStore: statement('DELETE FROM stores WHERE id = @id'),
  deleteStoreData: [
    statement('DELETE FROM delivery_attempts WHERE store_id = @id'),
    statement('DELETE FROM outbox WHERE store_id = @id'),
    statement('DELETE FROM connected_accounts WHERE store_id = @id'),
    statement('DELETE FROM compliance_requests WHERE store_id = @id'),
  ],
  addComplianceRequest: statement(`INSERT INTO compliance_requests (id, store_id, kind, instagram_user_id,
    confirmation_code, event_id, deleted, created_at) VALUES (@id, @store_id, @kind, @instagram_user_id,
    @confirmation_code, @event_id, @deleted, @created_at) ON CONFLICT (id) DO NOTHING`),
  setComplianceDeleted: statement('UPDATE compliance_requests SET deleted = @deleted WHERE id = @id'),
  getComplianceRequestById: statement('SELECT * FROM compliance_requests WHERE id = @id'),
  getComplianceRequest: statement('SELECT * FROM compliance_requests WHERE confirmation_code = @code'),
  sealedStoreValues: statement('SELECT id, secret, previous_secret, ig_app_secret FROM stores FOR UPDATE'),
  resealStore: statement(`UPDATE stores SET secret = @secret, previous_secret = @previous_secret,
    ig_app_secret = @ig_app_secret WHERE id = @id`),
  sealedEventBodies: statement('SELECT id, body FROM outbox WHERE body IS NOT NULL FOR UPDATE'),
  resealEventBody: statement('UPDATE outbox SET body = @body WHERE id = @id'),
  sealedAccountTokens: statement('SELECT store_id, access_token FROM connected_accounts FOR UPDATE'),
  resealAccountToken: statement(
    'UPDATE connected_accounts SET access_token = @access_token WHERE store_id = @store_id',
  ),
  deleteAccountOf: statement(
    'DELETE FROM connected_accounts WHERE store_id = @storeId AND instagram_user_id = @instagramUserId',
  ),
  // One statement: under concurrent callers exactly one inserts the key.
  consumeFlow: statement(`INSERT INTO flows (${FLOW_COLUMNS}) VALUES (${named(FLOW_COLUMNS)})
    ON CONFLICT (key) DO NOTHING`),
  finishFlow: statement(
    'UPDATE flows SET outcome = @outcome, failure = @failure, login_id = @loginId WHERE key = @key',
  ),
  countSignIn: statement(`INSERT INTO sign_in_days (store_id, day, outcome, count) VALUES (@storeId, @day, @outcome, 1)
    ON CONFLICT (store_id, day, outcome) DO UPDATE SET count = sign_in_days.count + 1`),
  signInCounts: statement(`SELECT day, outcome, count FROM sign_in_days WHERE store_id = @storeId AND day >= @fromDay
    ORDER BY day, outcome`),
  pruneSignInDays: statement('DELETE FROM sign_in_days WHERE day < @beforeDay'),
  recentFailedFlows: statement(`SELECT * FROM flows WHERE store_id = @storeId AND failure IS NOT NULL
    ORDER BY created_at DESC LIMIT @limit`),
  addEvent: statement(`INSERT INTO outbox (${EVENT_COLUMNS}, lease_owner, lease_until)
    VALUES (${named(EVENT_COLUMNS)}, @lease_owner, @lease_until)`),
  getEvent: statement(`SELECT ${EVENT_COLUMNS} FROM outbox WHERE id = @id`),
  eventOfStore: statement('SELECT id FROM outbox WHERE store_id = @storeId AND id = @id'),
  // SKIP LOCKED: a concurrent claimer passes over the rows another one is taking instead of waiting for them;
  // rows it claimed and committed meanwhile are re-checked against the lease condition.
  claimDueEvents: statement(`UPDATE outbox SET lease_owner = @owner, lease_until = @until
    WHERE id IN (SELECT o.id FROM outbox o JOIN stores s ON s.id = o.store_id
      WHERE o.status = 'pending' AND o.next_attempt_at <= @now AND (o.lease_until IS NULL OR o.lease_until < @now)
        AND s.webhook_disabled_at IS NULL
      ORDER BY o.next_attempt_at LIMIT @limit FOR UPDATE OF o SKIP LOCKED)
    RETURNING ${EVENT_COLUMNS}`),
  // A delivered event drops its body: it holds an access token the relay no longer needs. An event the store
  // claimed while this attempt ran stays delivered by claim: the attempt is only logged.
  finishAttempt: statement(`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = @at,
    last_status = @status, last_error = @error,
    status = CASE WHEN status = 'delivered' THEN status ELSE @event_status END,
    delivered_at = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN @at ELSE delivered_at END,
    delivered_via = CASE WHEN status <> 'delivered' AND @event_status = 'delivered' THEN 'webhook' ELSE delivered_via END,
    body = CASE WHEN status = 'delivered' OR @event_status = 'delivered' THEN NULL ELSE body END,
    next_attempt_at = CASE WHEN status = 'delivered' THEN next_attempt_at ELSE @next_attempt_at END,
    retry_step = COALESCE(@retry_step, retry_step), lease_owner = NULL, lease_until = NULL
    WHERE id = @id AND lease_owner = @owner RETURNING store_id, attempts`),
  eventOfLogin: statement(`SELECT ${EVENT_COLUMNS} FROM outbox WHERE login_id = @loginId FOR UPDATE`),
  markClaimed: statement(`UPDATE outbox SET status = 'delivered', delivered_at = @now, delivered_via = 'claim',
    body = NULL, next_attempt_at = NULL WHERE id = @id`),
  addAttempt: statement(`INSERT INTO delivery_attempts (event_id, store_id, attempt, at, status, latency_ms, error,
    instance) VALUES (@event_id, @store_id, @attempt, @at, @status, @latency_ms, @error, @instance)`),
  listEvents: statement(`SELECT ${EVENT_SUMMARY} FROM outbox WHERE store_id = @storeId
    AND (@status::text IS NULL OR status = @status) ORDER BY created_at DESC, id DESC LIMIT @limit`),
  listAttempts: statement('SELECT * FROM delivery_attempts WHERE event_id = @eventId ORDER BY attempt'),
  redeliverEvent: statement(`UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
    WHERE id = @id AND store_id = @storeId AND status IN ('pending', 'dead')`),
  redeliverFailed: statement(`UPDATE outbox SET status = 'pending', next_attempt_at = @now, retry_step = 0
    WHERE store_id = @storeId AND (status = 'dead' OR (status = 'pending' AND attempts > 0))`),
  disableWebhook: statement('UPDATE stores SET webhook_disabled_at = @at WHERE id = @storeId'),
  outboxStats: statement(`SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM outbox WHERE status = 'pending'`),
  saveConnectedAccount: statement(`INSERT INTO connected_accounts (${ACCOUNT_COLUMNS})
    VALUES (${named(ACCOUNT_COLUMNS)})
    ON CONFLICT (store_id) DO UPDATE SET instagram_user_id = excluded.instagram_user_id,
      username = excluded.username, api = excluded.api, access_token = excluded.access_token,
      issued_at = excluded.issued_at, expires_at = excluded.expires_at, next_refresh_at = excluded.next_refresh_at,
      refresh_failures = excluded.refresh_failures, last_error = excluded.last_error, status = excluded.status,
      updated_at = excluded.updated_at, lease_owner = NULL, lease_until = NULL`),
  getConnectedAccount: statement(`SELECT ${ACCOUNT_COLUMNS} FROM connected_accounts WHERE store_id = @storeId`),
  claimDueRefreshes: statement(`UPDATE connected_accounts SET lease_owner = @owner, lease_until = @until
    WHERE store_id IN (SELECT a.store_id FROM connected_accounts a
      WHERE a.status = 'active' AND a.next_refresh_at <= @now AND (a.lease_until IS NULL OR a.lease_until < @now)
      ORDER BY a.next_refresh_at LIMIT @limit FOR UPDATE OF a SKIP LOCKED)
    RETURNING ${ACCOUNT_COLUMNS}`),
  finishRefresh: statement(`UPDATE connected_accounts SET access_token = @access_token, issued_at = @issued_at,
    expires_at = @expires_at, next_refresh_at = @next_refresh_at, refresh_failures = @refresh_failures,
    last_error = @last_error, status = @status, updated_at = @updated_at, lease_owner = NULL, lease_until = NULL
    WHERE store_id = @store_id AND lease_owner = @owner`),
  rememberRequestId: statement(`INSERT INTO store_request_ids (store_id, request_id, expires_at)
    VALUES (@storeId, @requestId, @expiresAt) ON CONFLICT (store_id, request_id) DO NOTHING`),
  pruneFlows: statement('DELETE FROM flows WHERE (expires_at < @settled AND failure IS NULL) OR expires_at < @failed'),
  pruneRequestIds: statement('DELETE FROM store_request_ids WHERE expires_at < @now'),
  pruneAttempts: statement('DELETE FROM delivery_attempts WHERE at < @before'),
  pruneEvents: statement(`DELETE FROM outbox WHERE status IN ('delivered', 'dead')
    AND COALESCE(last_attempt_at, created_at) < @before`),
};
