import t from 'tap';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitUntil } from '../helpers/relay-process.js';

/** Several relay processes on one PostgreSQL database, as behind a load balancer. */

t.test('a sign-in started on one instance completes on another', async (t) => {
  const stack = await startProcessStack(t, { database: 'postgres' });
  const a = await stack.startInstance('relay-a');
  const b = await stack.startInstance('relay-b');
  await stack.createStore(a);
  t.match(await stack.signIn(a, b), /^https:\/\/shop\.example\/account\?igr_login=lgn_/);
  t.match(await stack.signIn(b, a), /igr_login=lgn_/, 'and the other way round');
  t.equal(stack.receiver.deliveries.length, 2);
});

t.test('three instances drain one outbox: every event delivered exactly once', async (t) => {
  const stack = await startProcessStack(t, { database: 'postgres' });
  const instances = [
    await stack.startInstance('relay-a'),
    await stack.startInstance('relay-b'),
    await stack.startInstance('relay-c'),
  ];
  await stack.createStore(instances[0]!);
  const events = 150;
  stack.receiver.answer({ status: 503 });
  for (let i = 0; i < events; i++) await stack.signIn(instances[i % 3]!);
  const accepted = () => stack.receiver.deliveries.filter((delivery) => delivery.status === 204);
  t.equal(accepted().length, 0, 'the store was down for every first attempt');

  // The store is back, answering in 1 s; the operator sends every failed event again at once. One instance
  // claims a batch of 64; while it waits on the store, the others claim the rest.
  stack.receiver.answer({ status: 204, delayMs: 1000 });
  const redelivered = await stack.admin(instances[0]!, 'POST', '/v1/stores/shop-1/deliveries/redeliver');
  t.equal(redelivered.status, 202);
  await waitUntil(
    () => accepted().length >= events,
    30_000,
    () => `${events} deliveries (${accepted().length} so far)`,
  );
  // Give a duplicate, if there were one, time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const ids = accepted().map((delivery) => delivery.headers['webhook-id']);
  t.equal(ids.length, events, 'each event accepted once');
  t.equal(new Set(ids).size, events, 'no webhook-id twice');

  const byInstance = new Map<string, number>();
  for (const id of new Set(ids)) {
    const detail = await stack.admin(instances[0]!, 'GET', `/v1/stores/shop-1/deliveries/${id}`);
    const log = (detail.body as { status: string; attempt_log: { instance: string }[] }).attempt_log;
    t.equal((detail.body as { status: string }).status, 'delivered');
    const by = log.at(-1)?.instance ?? 'none';
    byInstance.set(by, (byInstance.get(by) ?? 0) + 1);
  }
  t.comment(`delivered by: ${JSON.stringify(Object.fromEntries(byInstance))}`);
  t.ok(byInstance.size >= 2, 'the work was shared');
});
