import type pg from 'pg';
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
import { compileStatements } from '../statements.js';
import { createPool, inTransaction, migrate, redacted } from './pool.js';
import { statement, values, type Statement } from './parameters.js';

type Queryable = pg.Pool | pg.PoolClient;

const sql = compileStatements('postgres', statement);

/**
 * The scale-out option: several relay processes share one PostgreSQL
 * database. Same statements and semantics as the SQLite implementation; claims
 * use row locks (FOR UPDATE SKIP LOCKED) so instances never take the same row.
 */
export async function openPostgresRepository(url: string): Promise<Repository> {
  const pool = createPool(url);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw redacted(error, url);
  }

  const query = async <R extends object>(db: Queryable, statement: Statement, params: object = {}) =>
    db.query<R>(statement.text, values(statement, params));
  const rows = async <R extends object>(statement: Statement, params: object = {}) =>
    (await query<R>(pool, statement, params)).rows;
  const changes = async (db: Queryable, statement: Statement, params: object) =>
    (await query(db, statement, params)).rowCount ?? 0;
  const transaction = <T>(work: (client: pg.PoolClient) => Promise<T>) => inTransaction(pool, work);
  const addEvent = (db: Queryable, event: OutboxRow, lease?: Lease) =>
    query(db, sql.addEvent, {
      ...fromEvent(event),
      lease_owner: lease?.owner ?? null,
      lease_until: lease?.until ?? null,
    });
  let closing: Promise<void> | undefined;
  return {
    kind: 'postgres',
    async heartbeat(instance, now) {
      await query(pool, sql.heartbeat, { instance, now });
    },
    close() {
      closing ??= pool.end();
      return closing;
    },

    async getStore(id) {
      const [row] = await rows<StoreColumns>(sql.getStore, { id });
      return row && toStore(row);
    },
    async listStores() {
      return (await rows<StoreColumns>(sql.listStores)).map(toStore);
    },
    insertStore: async (store) => (await changes(pool, sql.insertStore, fromStore(store))) === 1,
    updateStore: async (store) => (await changes(pool, sql.updateStore, fromStore(store))) === 1,
    // A deleted store takes its queued events, delivery log and connected account with it.
    deleteStore: (id) =>
      transaction(async (client) => {
        for (const statement of sql.deleteStoreData) await query(client, statement, { id });
        return (await changes(client, sql.deleteStore, { id })) === 1;
      }),

    async consumeFlow(flow, now) {
      return (await changes(pool, sql.consumeFlow, flowParams(flow, now))) === 1;
    },
    async finishFlow(key, outcome, details) {
      await query(pool, sql.finishFlow, {
        key,
        outcome,
        failure: details.failure ?? null,
        loginId: details.loginId ?? null,
      });
    },
    async recentFailedFlows(storeId, limit) {
      return (await rows<FlowColumns>(sql.recentFailedFlows, { storeId, limit })).map(toFlow);
    },
    async countSignIn(storeId, day, outcome) {
      await query(pool, sql.countSignIn, { storeId, day, outcome });
    },
    signInCounts: (storeId, fromDay) => rows<SignInCount>(sql.signInCounts, { storeId, fromDay }),

    async addEvent(event, lease) {
      await addEvent(pool, event, lease);
    },
    async getEvent(id) {
      const [row] = await rows<OutboxColumns>(sql.getEvent, { id });
      return row && toEvent(row);
    },
    async claimDueEvents(lease, now, limit) {
      const claimed = await rows<OutboxColumns>(sql.claimDueEvents, { ...lease, now, limit });
      // RETURNING keeps no order: the longest due first, as they were chosen.
      return claimed.map(toEvent).sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0));
    },
    finishAttempt: (id, owner, report, outcome) =>
      transaction(async (client) => {
        const finished = await query<{ store_id: string; attempts: number }>(client, sql.finishAttempt, {
          id,
          owner,
          ...report,
          ...outcomeColumns(outcome),
        });
        const [row] = finished.rows;
        if (row === undefined) return false;
        await query(client, sql.addAttempt, attemptColumns(id, owner, row, report));
        return true;
      }),
    claimLogin: (storeId, loginId, now) =>
      transaction(async (client): Promise<LoginClaim> => {
        const [row] = (await query<OutboxColumns>(client, sql.eventOfLogin, { loginId })).rows;
        if (row === undefined) return { result: 'not_found' };
        const event = toEvent(row);
        const verdict = claimVerdict(event, storeId, now);
        if (verdict !== 'claimable') return { result: verdict };
        await query(client, sql.markClaimed, { id: event.id, now });
        return { result: 'claimed', event };
      }),
    async listEvents(storeId, { limit, status }) {
      return (await rows<OutboxColumns>(sql.listEvents, { storeId, status: status ?? null, limit })).map(toEvent);
    },
    async listAttempts(eventId) {
      return (await rows<AttemptColumns>(sql.listAttempts, { eventId })).map(toAttempt);
    },
    async redeliverEvent(storeId, id, now) {
      if ((await changes(pool, sql.redeliverEvent, { storeId, id, now })) === 1) return 'requeued';
      return (await rows(sql.eventOfStore, { storeId, id })).length === 0 ? 'not_found' : 'delivered';
    },
    redeliverFailed: (storeId, now) => changes(pool, sql.redeliverFailed, { storeId, now }),
    async disableWebhook(storeId, at) {
      await query(pool, sql.disableWebhook, { storeId, at });
    },
    async outboxStats() {
      const [row] = await rows<{ pending: number; oldest: number | null }>(sql.outboxStats);
      return { pending: row?.pending ?? 0, oldestPendingAt: row?.oldest ?? null };
    },

    async saveConnectedAccount(account) {
      await query(pool, sql.saveConnectedAccount, fromConnectedAccount(account));
    },
    async getConnectedAccount(storeId) {
      const [row] = await rows<ConnectedAccountColumns>(sql.getConnectedAccount, { storeId });
      return row && toConnectedAccount(row);
    },
    async claimDueRefreshes(lease, now, limit) {
      const claimed = await rows<ConnectedAccountColumns>(sql.claimDueRefreshes, { ...lease, now, limit });
      return claimed.map(toConnectedAccount).sort((a, b) => (a.nextRefreshAt ?? 0) - (b.nextRefreshAt ?? 0));
    },
    finishRefresh: (storeId, owner, refresh, event) =>
      transaction(async (client) => {
        const account = fromConnectedAccount({ ...refresh, storeId } as ConnectedAccountRow);
        if ((await changes(client, sql.finishRefresh, { ...account, owner })) === 0) return false;
        if (event) await addEvent(client, event);
        return true;
      }),

    recordComplianceRequest: async (request, event) => {
      const recorded = await transaction(async (client) => {
        const record = fromComplianceRequest({ ...request, deleted: [] });
        if ((await changes(client, sql.addComplianceRequest, record)) === 0) return undefined;
        const accountGone = (await changes(client, sql.deleteAccountOf, request)) > 0;
        const deleted = accountGone ? [CONNECTED_ACCOUNT_DELETED] : [];
        await query(client, sql.setComplianceDeleted, { id: request.id, deleted: JSON.stringify(deleted) });
        await addEvent(client, event);
        return { ...request, deleted };
      });
      if (recorded !== undefined) return { request: recorded, created: true };
      const [existing] = await rows<ComplianceRequestColumns>(sql.getComplianceRequestById, { id: request.id });
      return { request: toComplianceRequest(existing as ComplianceRequestColumns), created: false };
    },
    async getComplianceRequest(code) {
      const [row] = await rows<ComplianceRequestColumns>(sql.getComplianceRequest, { code });
      return row && toComplianceRequest(row);
    },

    resealAll: (reseal) =>
      transaction(async (client) => {
        let count = 0;
        const again = (value: string | null, field: SealedField) => {
          if (value === null) return null;
          count += 1;
          return reseal(value, field);
        };
        type Sealed = Pick<StoreColumns, 'id' | 'secret' | 'previous_secret' | 'ig_app_secret'>;
        for (const row of (await query<Sealed>(client, sql.sealedStoreValues)).rows) {
          await query(client, sql.resealStore, {
            id: row.id,
            secret: again(row.secret, { table: 'stores', id: row.id, column: 'secret' }),
            previous_secret: again(row.previous_secret, { table: 'stores', id: row.id, column: 'previous_secret' }),
            ig_app_secret: again(row.ig_app_secret, { table: 'stores', id: row.id, column: 'ig_app_secret' }),
          });
        }
        for (const row of (await query<{ id: string; body: string }>(client, sql.sealedEventBodies)).rows) {
          await query(client, sql.resealEventBody, {
            id: row.id,
            body: again(row.body, { table: 'outbox', id: row.id }),
          });
        }
        type Token = { store_id: string; access_token: string };
        for (const row of (await query<Token>(client, sql.sealedAccountTokens)).rows) {
          const token = again(row.access_token, { table: 'connected_accounts', storeId: row.store_id });
          await query(client, sql.resealAccountToken, { store_id: row.store_id, access_token: token });
        }
        return count;
      }),

    rememberRequestId: async (storeId, requestId, expiresAt) =>
      (await changes(pool, sql.rememberRequestId, { storeId, requestId, expiresAt })) === 1,
    prune: (now, deliveryLogMs) =>
      transaction(async (client) => {
        const cutoffs = pruneCutoffs(now, deliveryLogMs);
        let pruned = 0;
        for (const statement of sql.prune) pruned += await changes(client, statement, cutoffs);
        return pruned;
      }),
  };
}
