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
  const failedFirst = stack.receiver.deliveries.length;
  t.equal(failedFirst, events, 'each first attempt failed');

  // The retries come due about 5 s later, on whichever instance claims them first.
  stack.receiver.answer({ status: 204, delayMs: 20 });
  await waitUntil(
    () => stack.receiver.deliveries.length >= 2 * events,
    30_000,
    () => `${events} retries (${stack.receiver.deliveries.length - failedFirst} so far)`,
  );
  // Give a duplicate, if there were one, time to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const retries = stack.receiver.deliveries.slice(failedFirst);
  const ids = retries.map((delivery) => delivery.headers['webhook-id']);
  t.equal(retries.length, events, 'one delivery per event');
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
