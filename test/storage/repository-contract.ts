import type { Test } from 'tap';
import type { Repository } from '../../src/storage/repository.js';
import { CONNECTED_ACCOUNT_DELETED } from '../../src/storage/records.js';
import { FAILED_FLOW_RETENTION_MS, FLOW_RETENTION_MS } from '../../src/storage/retention.js';
import { account, DAY, event, flow, store, T0 } from './rows.js';

/**
 * What every storage implementation must do, run unchanged against each.
 * `open` returns a fresh, empty, migrated repository.
 */
export function repositoryContract(t: Test, open: () => Promise<Repository>): void {
  const report = (at: number, status: number | null, error: string | null = null) => ({
    at,
    status,
    latencyMs: 12,
    error,
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

  t.test('flows are recorded once, when consumed; the failed ones are listed for the store', async (t) => {
    const repo = await withRepo(t);
    t.equal(await repo.consumeFlow(flow('k1'), T0 + 1000), true);
    t.equal(await repo.consumeFlow(flow('k1'), T0 + 2000), false, 'a second consume loses');
    const racers = await Promise.all(Array.from({ length: 8 }, () => repo.consumeFlow(flow('k2'), T0 + 1)));
    t.equal(racers.filter(Boolean).length, 1, 'concurrent consumers: one wins');

    await repo.finishFlow('k1', 'delivered', { loginId: 'lgn_1' });
    await repo.finishFlow('k2', 'instagram_error', { failure: 'invalid_app' });
    await repo.consumeFlow(flow('k3', { createdAt: T0 + 10 }), T0 + 20);
    await repo.finishFlow('k3', 'access_denied', { failure: 'access_denied' });
    const failed = await repo.recentFailedFlows('shop-1', 10);
    t.same(
      failed.map((row) => [row.key, row.failure]),
      [
        ['k3', 'access_denied'],
        ['k2', 'invalid_app'],
      ],
      'newest first; the delivered flow is not a failure',
    );
    t.same(failed[1], {
      ...flow('k2'),
      consumedAt: T0 + 1,
      outcome: 'instagram_error',
      failure: 'invalid_app',
      loginId: null,
    });
  });

  t.test('request ids are remembered once; pruning forgets what expired', async (t) => {
    const repo = await withRepo(t);
    t.equal(await repo.rememberRequestId('shop-1', 'r1', T0 + 1000), true);
    t.equal(await repo.rememberRequestId('shop-1', 'r1', T0 + 1000), false);
    t.equal(await repo.rememberRequestId('shop-2', 'r1', T0 + 1000), true, 'per store');

    const live = flow('live', { expiresAt: T0 + 10 * FLOW_RETENTION_MS });
    await repo.consumeFlow(flow('settled', { expiresAt: T0 }), T0);
    await repo.consumeFlow(flow('failed', { expiresAt: T0 }), T0);
    await repo.finishFlow('failed', 'instagram_error', { failure: 'timeout' });
    await repo.consumeFlow(live, T0);
    t.equal(await repo.prune(T0 + 500, 30 * DAY), 0, 'nothing is old enough yet');
    t.equal(await repo.prune(T0 + FLOW_RETENTION_MS + 1001, 30 * DAY), 3, 'the settled flow and both request ids');
    t.same(
      (await repo.recentFailedFlows('shop-1', 10)).map((row) => row.key),
      ['failed'],
      'a failure is kept',
    );
    t.equal(await repo.consumeFlow(live, T0 + 1), false, 'a live flow is kept');
    t.equal(
      await repo.rememberRequestId('shop-1', 'r1', T0 + 2000),
      true,
      'a pruned id may come again (its timestamp is stale by then)',
    );
    await repo.prune(T0 + FAILED_FLOW_RETENTION_MS + 1, 30 * DAY);
    t.same(await repo.recentFailedFlows('shop-1', 10), [], 'failures are kept a week, then go');
  });

  t.test('the delivery log and settled events are kept for the configured period', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    const lease = { owner: 'w', until: T0 + 100 };
    for (const [id, outcome] of [
      ['msg_delivered', { next: 'delivered' }],
      ['msg_dead', { next: 'dead' }],
      ['msg_pending', { next: 'retry', at: T0 + DAY, retryStep: 5 }],
    ] as const) {
      await repo.addEvent(event(id), lease);
      await repo.finishAttempt(id, 'w', report(T0, 500), outcome);
    }
    t.equal(await repo.prune(T0 + 2 * DAY, 3 * DAY), 0);
    t.equal(await repo.prune(T0 + 4 * DAY, 3 * DAY), 5, 'three attempts, the delivered and the dead event');
    t.same(
      [await repo.getEvent('msg_delivered'), await repo.getEvent('msg_dead'), (await repo.getEvent('msg_pending'))?.id],
      [undefined, undefined, 'msg_pending'],
      'a pending event is never pruned',
    );
  });

  t.test('compliance requests: recorded once, with what was deleted, and their event', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.saveConnectedAccount(account('shop-1'));
    const request = {
      id: 'sha-of-signed-request',
      storeId: 'shop-1',
      kind: 'data_deletion' as const,
      instagramUserId: '17841400000000001',
      confirmationCode: 'CODE123',
      eventId: 'msg_deletion',
      createdAt: T0,
    };
    const first = await repo.recordComplianceRequest(request, event('msg_deletion'));
    t.same(first, { request: { ...request, deleted: [CONNECTED_ACCOUNT_DELETED] }, created: true });
    t.equal(await repo.getConnectedAccount('shop-1'), undefined, "the account's token is gone");
    t.equal((await repo.getEvent('msg_deletion'))?.status, 'pending', 'the store is told');

    const again = await repo.recordComplianceRequest(
      { ...request, confirmationCode: 'OTHER', eventId: 'msg_again' },
      event('msg_again'),
    );
    t.same(again, { request: first.request, created: false }, 'the same request twice is one request');
    t.equal(await repo.getEvent('msg_again'), undefined);
    t.same(await repo.getComplianceRequest('CODE123'), first.request);
    t.equal(await repo.getComplianceRequest('OTHER'), undefined);

    await repo.saveConnectedAccount(account('shop-1'));
    const someoneElse = await repo.recordComplianceRequest(
      {
        ...request,
        id: 'another',
        kind: 'deauthorize',
        instagramUserId: '42',
        confirmationCode: 'C2',
        eventId: 'msg_2',
      },
      event('msg_2'),
    );
    t.same(someoneElse.request.deleted, [], "another user's request leaves the store's account alone");
    t.ok(await repo.getConnectedAccount('shop-1'));
    await repo.deleteStore('shop-1');
    t.equal(await repo.getComplianceRequest('C2'), undefined, 'deleted with the store');
  });

  t.test('every sealed value, and only those, can be re-sealed in one pass', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1', { previousSecret: 'sealed-old', previousSecretExpiresAt: T0 }));
    await repo.insertStore(store('shop-2', { igAppSecret: null }));
    await repo.addEvent(event('msg_pending'));
    await repo.addEvent(event('msg_delivered'), { owner: 'w', until: T0 + 100 });
    await repo.finishAttempt('msg_delivered', 'w', report(T0, 200), { next: 'delivered' });
    await repo.saveConnectedAccount(account('shop-1'));
    const count = await repo.resealAll((sealed, field) => `${sealed}+${JSON.stringify(field)}`);
    t.equal(count, 6, 'three of shop-1, one of shop-2, the pending body and the token');
    t.match(await repo.getStore('shop-1'), {
      secret: 'sealed-secret+{"table":"stores","id":"shop-1","column":"secret"}',
      previousSecret: 'sealed-old+{"table":"stores","id":"shop-1","column":"previous_secret"}',
      igAppSecret: 'sealed-app-secret+{"table":"stores","id":"shop-1","column":"ig_app_secret"}',
    });
    t.equal((await repo.getStore('shop-2'))?.igAppSecret, null);
    t.equal((await repo.getEvent('msg_pending'))?.body, 'sealed-body+{"table":"outbox","id":"msg_pending"}');
    t.equal((await repo.getEvent('msg_delivered'))?.body, null);
    t.equal(
      (await repo.getConnectedAccount('shop-1'))?.accessToken,
      'sealed-token+{"table":"connected_accounts","storeId":"shop-1"}',
    );
    await t.rejects(
      repo.resealAll(() => {
        throw new Error('cannot open');
      }),
      /cannot open/,
    );
    t.equal(
      (await repo.getEvent('msg_pending'))?.body,
      'sealed-body+{"table":"outbox","id":"msg_pending"}',
      'all or nothing',
    );
  });

  t.test('a heartbeat is a write, one row per instance, pruned a day after its last beat', async (t) => {
    const repo = await open();
    await repo.heartbeat('relay-a', T0);
    await repo.heartbeat('relay-a', T0 + 1000);
    await repo.heartbeat('relay-b', T0 + 2000);
    t.equal(await repo.prune(T0 + DAY + 1500, DAY), 1, 'relay-a, silent for a day, goes; relay-b stays');
    t.equal(await repo.prune(T0 + DAY + 2500, DAY), 1, 'then relay-b');
    await repo.close();
    await t.rejects(repo.heartbeat('relay-a', T0), 'a closed database takes no write');
  });
}
