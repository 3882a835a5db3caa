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

  t.test('outbox: attempts are logged, delivery drops the body, newest first', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    const a = { owner: 'instance-a', until: T0 + 60_000 };
    await repo.addEvent(event('msg_1'), a);
    await repo.addEvent(event('msg_2', { createdAt: T0 + 1 }));
    t.equal(
      await repo.finishAttempt('msg_1', 'instance-b', report(T0 + 5, 500), { next: 'dead' }),
      false,
      'only the lease owner finishes a claim',
    );
    t.equal(
      await repo.finishAttempt('msg_1', 'instance-a', report(T0 + 5, 500, 'the store answered 500'), {
        next: 'retry',
        at: T0 + 5005,
        retryStep: 1,
      }),
      true,
    );
    t.same(
      await repo.getEvent('msg_1'),
      event('msg_1', {
        attempts: 1,
        lastAttemptAt: T0 + 5,
        lastStatus: 500,
        lastError: 'the store answered 500',
        nextAttemptAt: T0 + 5005,
        retryStep: 1,
      }),
    );
    t.equal(
      await repo.finishAttempt('msg_1', 'instance-a', report(T0 + 6, 200), { next: 'delivered' }),
      false,
      'a finished attempt released the lease',
    );
    t.same(
      (await repo.claimDueEvents(a, T0 + 5005, 1)).map((row) => row.id),
      ['msg_2'],
      'the longest due first',
    );
    t.same(
      (await repo.claimDueEvents(a, T0 + 5005, 10)).map((row) => row.id),
      ['msg_1'],
    );
    await repo.finishAttempt('msg_1', 'instance-a', report(T0 + 5009, 200), { next: 'delivered' });
    t.same(
      await repo.getEvent('msg_1'),
      event('msg_1', {
        body: null,
        status: 'delivered',
        attempts: 2,
        lastAttemptAt: T0 + 5009,
        lastStatus: 200,
        deliveredAt: T0 + 5009,
        nextAttemptAt: null,
        retryStep: 1,
        deliveredVia: 'webhook',
      }),
    );
    t.same(
      (await repo.listAttempts('msg_1')).map((row) => [row.attempt, row.at, row.status, row.error, row.instance]),
      [
        [1, T0 + 5, 500, 'the store answered 500', 'instance-a'],
        [2, T0 + 5009, 200, null, 'instance-a'],
      ],
    );
    t.same((await repo.listAttempts('msg_1'))[0]?.latencyMs, 12);
    t.same(
      (await repo.listEvents('shop-1', { limit: 10 })).map((row) => [row.id, row.status]),
      [
        ['msg_2', 'pending'],
        ['msg_1', 'delivered'],
      ],
    );
    t.same(
      (await repo.listEvents('shop-1', { limit: 10, status: 'delivered' })).map((row) => row.id),
      ['msg_1'],
    );
    t.same(await repo.listEvents('other', { limit: 10 }), []);
    t.equal(await repo.getEvent('msg_missing'), undefined);
    t.same(await repo.outboxStats(), { pending: 1, oldestPendingAt: T0 + 1 });
  });

  t.test('claims: due events only, one owner at a time, taken over once the lease expires', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.addEvent(event('msg_later', { nextAttemptAt: T0 + 1000 }));
    await repo.addEvent(event('msg_held'), { owner: 'inline', until: T0 + 500 });
    for (let i = 0; i < 20; i++) await repo.addEvent(event(`msg_${String(i).padStart(2, '0')}`));
    const claims = await Promise.all(
      ['a', 'b', 'c'].map((owner) => repo.claimDueEvents({ owner, until: T0 + 100 }, T0, 8)),
    );
    const ids = claims.flat().map((row) => row.id);
    t.equal(ids.length, 20, 'every due event claimed');
    t.equal(new Set(ids).size, 20, 'none claimed twice');
    t.notOk(ids.includes('msg_later') || ids.includes('msg_held'), 'not before it is due, not while leased');
    t.same(await repo.claimDueEvents({ owner: 'd', until: T0 + 200 }, T0 + 50, 50), [], 'leases hold');

    const takenOver = await repo.claimDueEvents({ owner: 'd', until: T0 + 10_000 }, T0 + 1000, 50);
    t.equal(takenOver.length, 22, 'expired leases are taken over, later events come due');
    t.equal(
      await repo.finishAttempt('msg_00', 'a', report(T0 + 1001, 200), { next: 'delivered' }),
      false,
      'the first owner lost its claim',
    );
    t.equal(await repo.finishAttempt('msg_00', 'd', report(T0 + 1001, 200), { next: 'delivered' }), true);
  });

  t.test('login claims: its own store only, once whichever way it arrives, only while fresh', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.insertStore(store('shop-2'));
    const login = (id: string, patch = {}) =>
      event(id, { loginId: `lgn_${id}`, claimableUntil: T0 + 600_000, ...patch });
    await repo.addEvent(login('msg_a'), { owner: 'inline', until: T0 + 25_000 });
    await repo.addEvent(login('msg_b'));
    await repo.addEvent(login('msg_c'));
    await repo.addEvent(event('msg_refresh', { type: 'instagram.token_refreshed' }));

    t.same(await repo.claimLogin('shop-2', 'lgn_msg_a', T0 + 10), { result: 'not_found' }, "another store's login");
    t.same(await repo.claimLogin('shop-1', 'lgn_nope', T0 + 10), { result: 'not_found' }, 'an unknown login');
    const claimed = await repo.claimLogin('shop-1', 'lgn_msg_a', T0 + 10);
    t.same(claimed, { result: 'claimed', event: login('msg_a') }, 'the event, with its sealed body');
    t.same(await repo.claimLogin('shop-1', 'lgn_msg_a', T0 + 11), { result: 'delivered' }, 'once only');
    t.match(
      await repo.getEvent('msg_a'),
      { status: 'delivered', deliveredVia: 'claim', deliveredAt: T0 + 10, body: null, nextAttemptAt: null },
      'delivered by claim, its body (and token) gone',
    );

    // The first attempt, running while the store claimed the event, is logged and changes nothing else.
    t.equal(
      await repo.finishAttempt('msg_a', 'inline', report(T0 + 20, 403), { next: 'retry', at: T0 + 5000, retryStep: 1 }),
      true,
    );
    t.match(await repo.getEvent('msg_a'), {
      status: 'delivered',
      deliveredVia: 'claim',
      attempts: 1,
      lastStatus: 403,
      nextAttemptAt: null,
    });
    t.same(
      await repo
        .claimDueEvents({ owner: 'w', until: T0 + 99_000 }, T0 + 9000, 10)
        .then((rows) => rows.map((row) => row.id).sort()),
      ['msg_b', 'msg_c', 'msg_refresh'],
      'a claimed event is never sent again',
    );
    await repo.finishAttempt('msg_b', 'w', report(T0 + 9001, 204), { next: 'delivered' });
    t.same(
      await repo.claimLogin('shop-1', 'lgn_msg_b', T0 + 9002),
      { result: 'delivered' },
      'delivered by webhook first',
    );
    t.same(
      await repo.claimLogin('shop-1', 'lgn_msg_c', T0 + 600_000),
      { result: 'expired' },
      'not once the flow has expired',
    );
    t.match(
      await repo.getEvent('msg_c'),
      { status: 'pending', deliveredVia: null },
      'an expired claim changes nothing',
    );

    const races = await Promise.all([1, 2, 3].map(() => repo.claimLogin('shop-1', 'lgn_msg_c', T0 + 9003)));
    t.same(
      races.map((race) => race.result).sort(),
      ['claimed', 'delivered', 'delivered'],
      'concurrent claims: one wins',
    );
  });

  t.test('sign-ins are counted per store, day and outcome; counts older than 90 days are pruned', async (t) => {
    const repo = await withRepo(t);
    await Promise.all([
      repo.countSignIn('shop-1', '2026-11-29', 'delivered'),
      repo.countSignIn('shop-1', '2026-11-29', 'delivered'),
      repo.countSignIn('shop-1', '2026-11-29', 'not_professional'),
      repo.countSignIn('shop-1', '2026-11-30', 'delivered'),
      repo.countSignIn('shop-2', '2026-11-29', 'failed'),
      repo.countSignIn('shop-1', '2026-08-01', 'access_denied'),
    ]);
    t.same(await repo.signInCounts('shop-1', '2026-11-29'), [
      { day: '2026-11-29', outcome: 'delivered', count: 2 },
      { day: '2026-11-29', outcome: 'not_professional', count: 1 },
      { day: '2026-11-30', outcome: 'delivered', count: 1 },
    ]);
    await repo.prune(T0, DAY);
    t.same(
      await repo.signInCounts('shop-1', '2026-01-01'),
      [
        { day: '2026-11-29', outcome: 'delivered', count: 2 },
        { day: '2026-11-29', outcome: 'not_professional', count: 1 },
        { day: '2026-11-30', outcome: 'delivered', count: 1 },
      ],
      'the count from August is gone',
    );
  });

  t.test("a disabled webhook holds its store's events; dead events can be redelivered", async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.insertStore(store('shop-2'));
    await repo.addEvent(event('msg_1'));
    await repo.addEvent(event('msg_2', { storeId: 'shop-2' }));
    await repo.disableWebhook('shop-1', T0);
    t.equal((await repo.getStore('shop-1'))?.webhookDisabledAt, T0);
    const lease = { owner: 'w', until: T0 + 100 };
    t.same(
      (await repo.claimDueEvents(lease, T0, 10)).map((row) => row.id),
      ['msg_2'],
    );
    await repo.finishAttempt('msg_2', 'w', report(T0 + 1, 500), { next: 'dead' });
    t.equal((await repo.getEvent('msg_2'))?.status, 'dead');
    t.equal((await repo.getEvent('msg_2'))?.body, 'sealed-body', 'a dead event keeps its body for redelivery');

    t.equal(await repo.redeliverEvent('shop-1', 'msg_2', T0 + 2), 'not_found', "another store's event");
    t.equal(await repo.redeliverEvent('shop-2', 'msg_2', T0 + 2), 'requeued');
    t.match(await repo.getEvent('msg_2'), { status: 'pending', nextAttemptAt: T0 + 2, retryStep: 0, attempts: 1 });
    const [claimed] = await repo.claimDueEvents(lease, T0 + 2, 10);
    await repo.finishAttempt(claimed!.id, 'w', report(T0 + 3, 204), { next: 'delivered' });
    t.equal(await repo.redeliverEvent('shop-2', 'msg_2', T0 + 4), 'delivered', 'nothing left to send');

    await repo.updateStore({ ...(await repo.getStore('shop-1'))!, webhookDisabledAt: null });
    t.same(
      (await repo.claimDueEvents(lease, T0 + 5, 10)).map((row) => row.id),
      ['msg_1'],
      'enabled again',
    );
    await repo.finishAttempt('msg_1', 'w', report(T0 + 6, 503), { next: 'retry', at: T0 + 9999, retryStep: 3 });
    await repo.addEvent(event('msg_3', { status: 'dead', attempts: 8 }));
    await repo.addEvent(event('msg_4'));
    t.equal(await repo.redeliverFailed('shop-1', T0 + 7), 2, 'the dead one and the failing one, not the fresh one');
    t.match(await repo.getEvent('msg_1'), { nextAttemptAt: T0 + 7, retryStep: 0 });
  });

  t.test('deleting a store deletes its events, delivery log and connected account', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.addEvent(event('msg_1'), { owner: 'w', until: T0 + 100 });
    await repo.finishAttempt('msg_1', 'w', report(T0, 500), { next: 'retry', at: T0 + 5000, retryStep: 1 });
    await repo.saveConnectedAccount(account('shop-1'));
    await repo.deleteStore('shop-1');
    t.same(
      [await repo.getEvent('msg_1'), await repo.listAttempts('msg_1'), await repo.getConnectedAccount('shop-1')],
      [undefined, [], undefined],
    );
  });

  t.test('connected accounts: saved, claimed when due, refreshed with their event in one step', async (t) => {
    const repo = await withRepo(t);
    await repo.insertStore(store('shop-1'));
    await repo.saveConnectedAccount(account('shop-1'));
    await repo.saveConnectedAccount(account('shop-2', { nextRefreshAt: T0 + 40 * DAY }));
    await repo.saveConnectedAccount(account('shop-3', { status: 'refresh_failed', nextRefreshAt: null }));
    t.same(await repo.getConnectedAccount('shop-1'), account('shop-1'));
    t.same(await repo.claimDueRefreshes({ owner: 'a', until: T0 + 30 * DAY + 60_000 }, T0 + 29 * DAY, 10), []);
    const claims = await Promise.all(
      ['a', 'b'].map((owner) => repo.claimDueRefreshes({ owner, until: T0 + 30 * DAY + 60_000 }, T0 + 30 * DAY, 10)),
    );
    t.same(claims.map((rows) => rows.map((row) => row.storeId)).flat(), ['shop-1'], 'one claim, one account');
    const owner = claims[0]!.length === 1 ? 'a' : 'b';
    const refreshed = {
      accessToken: 'sealed-new-token',
      issuedAt: T0 + 30 * DAY,
      expiresAt: T0 + 90 * DAY,
      nextRefreshAt: T0 + 60 * DAY,
      refreshFailures: 0,
      lastError: null,
      status: 'active' as const,
      updatedAt: T0 + 30 * DAY,
    };
    t.equal(await repo.finishRefresh('shop-1', owner === 'a' ? 'b' : 'a', refreshed, null), false, 'not the owner');
    t.equal(await repo.finishRefresh('shop-1', owner, refreshed, event('msg_refreshed')), true);
    t.same(await repo.getConnectedAccount('shop-1'), account('shop-1', refreshed));
    t.equal((await repo.getEvent('msg_refreshed'))?.status, 'pending', 'its event is queued with it');

    await repo.saveConnectedAccount(account('shop-1', { username: 'lumen.roasters' }));
    t.equal((await repo.getConnectedAccount('shop-1'))?.username, 'lumen.roasters', 'a reconnect replaces it');
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
    t.equal(await repo.prune(T0 + 500, 30 * DAY), 0, 'nothing is old enough yet');
    t.equal(await repo.prune(T0 + FLOW_RETENTION_MS + 1001, 30 * DAY), 3, 'the settled flow and both request ids');
    t.same(
      [await repo.getFlow('settled'), (await repo.getFlow('failed'))?.key, (await repo.getFlow('live'))?.key],
      [undefined, 'failed', 'live'],
    );
    t.equal(
      await repo.rememberRequestId('shop-1', 'r1', T0 + 2000),
      true,
      'a pruned id may come again (its timestamp is stale by then)',
    );
    await repo.prune(T0 + FAILED_FLOW_RETENTION_MS + 1, 30 * DAY);
    t.equal(await repo.getFlow('failed'), undefined, 'failures are kept a week, then go');
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
