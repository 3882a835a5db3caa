import t from 'tap';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitUntil } from '../helpers/relay-process.js';

/**
 * A relay killed with SIGKILL in the middle of delivering loses nothing: its
 * claims expire, the restarted relay sends every event, and the store sees
 * each event under one webhook-id only.
 */
const SIGN_INS = 10;

for (const database of ['sqlite', 'postgres'] as const) {
  t.test(`kill -9 during delivery, then a restart: every event delivered, one id each (${database})`, async (t) => {
    // Attempts may take 2 s, so a claim holds 2 × 2 s + 5 s = 9 s.
    const stack = await startProcessStack(t, { database, env: { WEBHOOK_TIMEOUT_MS: '2000' } });
    const first = await stack.startInstance('relay-first');
    await stack.createStore(first);

    stack.receiver.answer({ status: 503 });
    for (let i = 0; i < SIGN_INS; i++) {
      t.match(await stack.signIn(first), /igr_error=delivery_failed/);
    }
    // The first retries are due 5 s later; the store now takes 1.5 s to answer, and the relay dies meanwhile.
    stack.receiver.answer({ status: 204, delayMs: 1500 });
    await waitUntil(
      () => stack.receiver.deliveries.length >= SIGN_INS + 1,
      15_000,
      () => 'the retries to start',
    );
    first.process.child.kill('SIGKILL');
    t.equal(await first.process.exited, null, 'killed, not exited');
    const inFlight = stack.receiver.deliveries.length - SIGN_INS;
    t.ok(inFlight >= 1, `${inFlight} deliveries were in flight when the relay died`);

    stack.receiver.answer({ status: 204 });
    const second = await stack.startInstance('relay-second');
    await waitUntil(
      async () => {
        const pending = await stack.admin(second, 'GET', '/v1/stores/shop-1/deliveries?status=pending');
        return (pending.body as { deliveries: unknown[] }).deliveries.length === 0;
      },
      30_000,
      () => 'every event to be delivered after the restart',
    );

    const listed = await stack.admin(second, 'GET', '/v1/stores/shop-1/deliveries');
    const events = (listed.body as { deliveries: { id: string; status: string }[] }).deliveries;
    t.equal(events.length, SIGN_INS, 'no event lost, none made twice');
    t.same(new Set(events.map((event) => event.status)), new Set(['delivered']));

    const idsByLogin = new Map<string, Set<string>>();
    for (const delivery of stack.receiver.deliveries) {
      const login = (JSON.parse(delivery.body) as { data: { login_id: string } }).data.login_id;
      const ids = idsByLogin.get(login) ?? new Set();
      ids.add(delivery.headers['webhook-id'] as string);
      idsByLogin.set(login, ids);
    }
    t.equal(idsByLogin.size, SIGN_INS, 'the store saw every sign-in');
    t.ok(
      [...idsByLogin.values()].every((ids) => ids.size === 1),
      'never two different webhook-ids for one event',
    );
    t.same(new Set([...idsByLogin.values()].map((ids) => [...ids][0])), new Set(events.map((event) => event.id)));

    const [sample] = events;
    const detail = await stack.admin(second, 'GET', `/v1/stores/shop-1/deliveries/${sample?.id}`);
    const log = (detail.body as { attempt_log: { instance: string; status: number | null }[] }).attempt_log;
    t.same(log.at(0), { ...log.at(0), instance: 'relay-first', status: 503 }, 'the first attempt, by the dead relay');
    t.same(log.at(-1), { ...log.at(-1), instance: 'relay-second', status: 204 }, 'delivered by the new one');
  });
}
