import type { Test } from 'tap';
import type { FlowRow, OutboxRow, Repository, StoreRow } from '../../src/storage/repository.js';
import { FAILED_FLOW_RETENTION_MS, FLOW_RETENTION_MS } from '../../src/storage/retention.js';

/**
 * What every storage implementation must do, run unchanged against each.
 * `open` returns a fresh, empty, migrated repository.
 */
export function repositoryContract(t: Test, open: () => Promise<Repository>): void {
  const T0 = Date.UTC(2026, 10, 29, 12);
  const store = (id: string, patch: Partial<StoreRow> = {}): StoreRow => ({
    id,
    secret: 'sealed-secret',
    previousSecret: null,
    previousSecretExpiresAt: null,
    webhookUrl: 'https://shop.example/hook',
    returnOrigins: ['https://shop.example'],
    igAppId: '1234567890',
    igAppSecret: 'sealed-app-secret',
    igApi: 'instagram-login',
    igScopes: ['instagram_business_basic'],
    createdAt: T0,
    updatedAt: T0,
    ...patch,
  });
  const flow = (key: string, patch: Partial<FlowRow> = {}): FlowRow => ({
    key,
    storeId: 'shop-1',
    purpose: 'login',
    api: 'instagram-login',
    scopes: ['instagram_business_basic'],
    returnTo: 'https://shop.example/account',
    storeState: 'nonce',
    browserHash: 'hash',
    createdAt: T0,
    expiresAt: T0 + 600_000,
    consumedAt: null,
    outcome: null,
    failure: null,
    loginId: null,
    ...patch,
  });
  const event = (id: string, patch: Partial<OutboxRow> = {}): OutboxRow => ({
    id,
    storeId: 'shop-1',
    type: 'instagram.authorized',
    body: 'sealed-body',
    status: 'pending',
    attempts: 0,
    createdAt: T0,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    deliveredAt: null,
    ...patch,
  });
  const withRepo = async (t: Test) => {
    const repo = await open();
    t.teardown(() => repo.close());
    return repo;
  };

  t.test('stores: insert, read, update, list, delete', async (t) => {
    const repo = await withRepo(t);
    t.equal(await repo.insertStore(store('shop-1')), true);
    t.equal(await repo.insertStore(store('shop-1')), false, 'an id is taken once');
    t.same(await repo.getStore('shop-1'), store('shop-1'));
    const changed = store('shop-1', {
      previousSecret: 'old',
      previousSecretExpiresAt: T0 + 1,
      igApi: 'basic-display',
      igScopes: ['user_profile'],
      igAppId: null,
      igAppSecret: null,
      returnOrigins: ['https://a.example', 'https://b.example'],
      updatedAt: T0 + 5,
    });
    t.equal(await repo.updateStore(changed), true);
    t.same(await repo.getStore('shop-1'), changed);
    t.equal(await repo.updateStore(store('nobody')), false);
    await repo.insertStore(store('a-shop'));
    t.same(
      (await repo.listStores()).map((row) => row.id),
      ['a-shop', 'shop-1'],
    );
    t.equal(await repo.deleteStore('shop-1'), true);
    t.equal(await repo.deleteStore('shop-1'), false);
    t.equal(await repo.getStore('shop-1'), undefined);
  });

  t.test('flows are consumed exactly once, and only before they expire', async (t) => {
    const repo = await withRepo(t);
    await repo.createFlow(flow('k1'));
    t.same(await repo.getFlow('k1'), flow('k1'));
    t.equal(await repo.consumeFlow('k1', T0 + 600_000), undefined, 'expired at expiresAt');
    const consumed = await repo.consumeFlow('k1', T0 + 1000);
    t.equal(consumed?.consumedAt, T0 + 1000);
    t.equal(await repo.consumeFlow('k1', T0 + 2000), undefined, 'second consume loses');
    t.equal(await repo.consumeFlow('missing', T0), undefined);

    await repo.createFlow(flow('k2'));
    const racers = await Promise.all(Array.from({ length: 8 }, () => repo.consumeFlow('k2', T0 + 1)));
    t.equal(racers.filter(Boolean).length, 1, 'concurrent consumers: one wins');

    await repo.finishFlow('k1', 'delivered', { loginId: 'lgn_1' });
    t.same(
      [(await repo.getFlow('k1'))?.outcome, (await repo.getFlow('k1'))?.loginId, (await repo.getFlow('k1'))?.failure],
      ['delivered', 'lgn_1', null],
    );
    await repo.finishFlow('k2', 'instagram_error', { failure: 'invalid_app' });
    await repo.createFlow(flow('k3', { createdAt: T0 + 10, storeId: 'shop-1' }));
    await repo.finishFlow('k3', 'access_denied', { failure: 'access_denied' });
    t.same(
      (await repo.recentFailedFlows('shop-1', 10)).map((row) => [row.key, row.failure]),
      [
        ['k3', 'access_denied'],
        ['k2', 'invalid_app'],
      ],
    );
    t.same((await repo.recentFailedFlows('shop-1', 1)).length, 1);
  });

  t.test('outbox: attempts, delivery drops the body, newest first', async (t) => {
    const repo = await withRepo(t);
    await repo.addEvent(event('msg_1'));
    await repo.addEvent(event('msg_2', { createdAt: T0 + 1 }));
    await repo.recordAttempt('msg_1', { at: T0 + 5, delivered: false, status: 500, error: 'the store answered 500' });
    t.same(
      await repo.getEvent('msg_1'),
      event('msg_1', { attempts: 1, lastAttemptAt: T0 + 5, lastStatus: 500, lastError: 'the store answered 500' }),
    );
    await repo.recordAttempt('msg_1', { at: T0 + 9, delivered: true, status: 200, error: null });
    t.same(
      await repo.getEvent('msg_1'),
      event('msg_1', {
        body: null,
        status: 'delivered',
        attempts: 2,
        lastAttemptAt: T0 + 9,
        lastStatus: 200,
        deliveredAt: T0 + 9,
      }),
    );
    t.same(
      (await repo.recentEvents('shop-1', 10)).map((row) => [row.id, row.status]),
      [
        ['msg_2', 'pending'],
        ['msg_1', 'delivered'],
      ],
    );
    t.same(await repo.recentEvents('other', 10), []);
    t.equal(await repo.getEvent('msg_missing'), undefined);
  });

  t.test('request ids are remembered once; pruning forgets what expired', async (t) => {
    const repo = await withRepo(t);
    t.equal(await repo.rememberRequestId('shop-1', 'r1', T0 + 1000), true);
    t.equal(await repo.rememberRequestId('shop-1', 'r1', T0 + 1000), false);
    t.equal(await repo.rememberRequestId('shop-2', 'r1', T0 + 1000), true, 'per store');

    await repo.createFlow(flow('settled', { expiresAt: T0 }));
    await repo.createFlow(flow('failed', { expiresAt: T0 }));
    await repo.finishFlow('failed', 'instagram_error', { failure: 'timeout' });
    await repo.createFlow(flow('live', { expiresAt: T0 + 10 * FLOW_RETENTION_MS }));
    t.equal(await repo.prune(T0 + 500), 0, 'nothing is old enough yet');
    t.equal(await repo.prune(T0 + FLOW_RETENTION_MS + 1001), 3, 'the settled flow and both request ids');
    t.same(
      [await repo.getFlow('settled'), (await repo.getFlow('failed'))?.key, (await repo.getFlow('live'))?.key],
      [undefined, 'failed', 'live'],
    );
    t.equal(
      await repo.rememberRequestId('shop-1', 'r1', T0 + 2000),
      true,
      'a pruned id may come again (its timestamp is stale by then)',
    );
    await repo.prune(T0 + FAILED_FLOW_RETENTION_MS + 1);
    t.equal(await repo.getFlow('failed'), undefined, 'failures are kept a week, then go');
  });

  t.test('ping answers while open', async (t) => {
    const repo = await open();
    await repo.ping();
    await repo.close();
    await t.rejects(repo.ping(), 'a closed database does not answer');
  });
}
