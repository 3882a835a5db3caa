import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../migrations/index.js';
import { compileStatements, MIGRATION_SQL } from '../statements.js';
import { watchFileIdentity } from './file-identity.js';
import { groupCommit } from './group-commit.js';
import {
  attemptColumns,
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
  type AttemptColumns,
  type ComplianceRequestColumns,
  type ConnectedAccountColumns,
  type FlowColumns,
  type OutboxColumns,
  type StoreColumns,
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
import { pruneCutoffs } from '../retention.js';

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

  const sql = compileStatements('sqlite', (text) => db.prepare(text));
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
      const row = sql.getStore.get({ id }) as StoreColumns | undefined;
      return row && toStore(row);
    },
    async listStores() {
      return (sql.listStores.all() as StoreColumns[]).map(toStore);
    },
    insertStore: (store) => write(() => sql.insertStore.run(fromStore(store)).changes === 1),
    updateStore: (store) => write(() => sql.updateStore.run(fromStore(store)).changes === 1),
    // A deleted store takes its queued events, delivery log and connected account with it.
    deleteStore: (id) =>
      atomic(() => {
        for (const statement of sql.deleteStoreData) statement.run({ id });
        return sql.deleteStore.run({ id }).changes === 1;
      }),

    consumeFlow: (flow, now) => write(() => sql.consumeFlow.run(flowParams(flow, now)).changes === 1),
    finishFlow: (key, outcome, details) =>
      write(
        () =>
          void sql.finishFlow.run({ key, outcome, failure: details.failure ?? null, loginId: details.loginId ?? null }),
      ),
    async recentFailedFlows(storeId, limit) {
      return (sql.recentFailedFlows.all({ storeId, limit }) as FlowColumns[]).map(toFlow);
    },
    countSignIn: (storeId, day, outcome) => write(() => void sql.countSignIn.run({ storeId, day, outcome })),
    async signInCounts(storeId, fromDay) {
      return sql.signInCounts.all({ storeId, fromDay }) as SignInCount[];
    },

    addEvent: (event, lease) => write(() => void addEvent(event, lease)),
    async getEvent(id) {
      const row = sql.getEvent.get({ id }) as OutboxColumns | undefined;
      return row && toEvent(row);
    },
    claimDueEvents: (lease, now, limit) =>
      write(() => (sql.claimDueEvents.all({ ...lease, now, limit }) as OutboxColumns[]).map(toEvent)),
    finishAttempt: (id, owner, report, outcome) =>
      atomic(() => {
        const finished = sql.finishAttempt.get({ id, owner, ...report, ...outcomeColumns(outcome) }) as
          { store_id: string; attempts: number } | undefined;
        if (finished === undefined) return false;
        sql.addAttempt.run(attemptColumns(id, owner, finished, report));
        return true;
      }),
    claimLogin: (storeId, loginId, now) =>
      atomic((): LoginClaim => {
        const row = sql.eventOfLogin.get({ loginId }) as OutboxColumns | undefined;
        if (row === undefined) return { result: 'not_found' };
        const event = toEvent(row);
        const verdict = claimVerdict(event, storeId, now);
        if (verdict !== 'claimable') return { result: verdict };
        sql.markClaimed.run({ id: event.id, now });
        return { result: 'claimed', event };
      }),
    async listEvents(storeId, { limit, status }) {
      return (sql.listEvents.all({ storeId, status: status ?? null, limit }) as OutboxColumns[]).map(toEvent);
    },
    async listAttempts(eventId) {
      return (sql.listAttempts.all({ eventId }) as AttemptColumns[]).map(toAttempt);
    },
    redeliverEvent: (storeId, id, now) =>
      write(() => {
        if (sql.redeliverEvent.run({ storeId, id, now }).changes === 1) return 'requeued';
        return sql.eventOfStore.get({ storeId, id }) === undefined ? 'not_found' : 'delivered';
      }),
    redeliverFailed: (storeId, now) => write(() => sql.redeliverFailed.run({ storeId, now }).changes),
    disableWebhook: (storeId, at) => write(() => void sql.disableWebhook.run({ storeId, at })),
    async outboxStats() {
      const row = sql.outboxStats.get() as { pending: number; oldest: number | null };
      return { pending: row.pending, oldestPendingAt: row.oldest };
    },

    saveConnectedAccount: (account) => write(() => void sql.saveConnectedAccount.run(fromConnectedAccount(account))),
    async getConnectedAccount(storeId) {
      const row = sql.getConnectedAccount.get({ storeId }) as ConnectedAccountColumns | undefined;
      return row && toConnectedAccount(row);
    },
    claimDueRefreshes: (lease, now, limit) =>
      write(() =>
        (sql.claimDueRefreshes.all({ ...lease, now, limit }) as ConnectedAccountColumns[]).map(toConnectedAccount),
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
          const existing = sql.getComplianceRequestById.get({ id: request.id }) as ComplianceRequestColumns;
          return { request: toComplianceRequest(existing), created: false };
        }
        const accountGone = sql.deleteAccountOf.run(request).changes > 0;
        const deleted = accountGone ? [CONNECTED_ACCOUNT_DELETED] : [];
        sql.setComplianceDeleted.run({ id: request.id, deleted: JSON.stringify(deleted) });
        addEvent(event);
        return { request: { ...request, deleted }, created: true };
      }),
    async getComplianceRequest(code) {
      const row = sql.getComplianceRequest.get({ code }) as ComplianceRequestColumns | undefined;
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
          StoreColumns,
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
      write(() => sql.rememberRequestId.run({ storeId, requestId, expiresAt }).changes === 1),
    prune: (now, deliveryLogMs) =>
      write(() => {
        const cutoffs = pruneCutoffs(now, deliveryLogMs);
        let pruned = 0;
        for (const statement of sql.prune) pruned += statement.run(cutoffs).changes;
        return pruned;
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
  db.exec(MIGRATION_SQL.createTable);
  // IMMEDIATE takes the write lock first, so two processes starting together migrate one after the other.
  db.transaction(() => {
    const applied = new Set(
      (db.prepare(MIGRATION_SQL.applied).all() as { version: number }[]).map((row) => row.version),
    );
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      for (const statement of migration.statements) db.exec(statement);
      const { version, name } = migration;
      db.prepare(MIGRATION_SQL.record).run({ version, name, applied_at: Date.now() });
    }
  }).immediate();
}
