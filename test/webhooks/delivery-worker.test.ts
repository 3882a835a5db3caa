import t from 'tap';
import { verifyWebhook } from '../../src/webhooks/signature.js';
import { MAX_ATTEMPTS } from '../../src/webhooks/retry-schedule.js';
import { adminRequest, startScenario, type Scenario } from '../helpers/scenario.js';

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;

/** The one event in the outbox, as the admin API shows it with its attempt log. */
async function theEvent(s: Scenario) {
  const [event] = await s.relay.repo.listEvents('shop-1', { limit: 2 });
  if (event === undefined) throw new Error('no event queued');
  const detail = await adminRequest(s.relay, 'GET', `/v1/stores/shop-1/deliveries/${event.id}`);
  return detail.body as {
    id: string;
    status: string;
    attempts: number;
    next_attempt_at: string | null;
    attempt_log: { attempt: number; status: number | null; error: string | null; instance: string }[];
  };
}

const deliveries = (s: Scenario) => s.relay.app.services.deliveries;

t.test('a store that is down gets the same event again on the schedule until it accepts it', async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 503 });
  const page = await s.signIn();
  t.match(page.location, /igr_error=delivery_failed/, 'the browser is told at once');
  const first = await theEvent(s);
  t.match(first, { status: 'pending', attempts: 1 });
  const due = Date.parse(first.next_attempt_at as string) - s.relay.clock.now();
  t.ok(due >= 4.5 * SECOND && due <= 5.5 * SECOND, `second attempt in 5 s ± 10% (${due} ms)`);

  t.equal(await deliveries(s).runOnce(), 0, 'not before it is due');
  s.relay.clock.advance(6 * SECOND);
  t.equal(await deliveries(s).runOnce(), 1);
  t.match(await theEvent(s), { status: 'pending', attempts: 2 });

  s.receiver.answer({ status: 200 });
  s.relay.clock.advance(6 * 60 * SECOND);
  t.equal(await deliveries(s).runOnce(), 1);
  const delivered = await theEvent(s);
  t.match(delivered, { status: 'delivered', attempts: 3, next_attempt_at: null });
  t.same(
    delivered.attempt_log.map((attempt) => [attempt.attempt, attempt.status, attempt.error]),
    [
      [1, 503, 'the store answered 503'],
      [2, 503, 'the store answered 503'],
      [3, 200, null],
    ],
    'every attempt is logged',
  );
  t.equal(delivered.attempt_log[0]?.instance, s.relay.config.instanceId);

  const sent = s.receiver.deliveries;
  t.equal(sent.length, 3);
  t.equal(new Set(sent.map((d) => d.headers['webhook-id'])).size, 1, 'one webhook-id across attempts');
  t.equal(new Set(sent.map((d) => d.body)).size, 1, 'byte-identical bodies');
  t.equal(new Set(sent.map((d) => d.headers['webhook-timestamp'])).size, 3, "each attempt's own timestamp");
  for (const d of sent) {
    const now = Number(d.headers['webhook-timestamp']);
    t.equal(verifyWebhook([s.store.key], d.headers, d.body, now), 'valid');
  }
  t.equal((await s.relay.repo.getEvent(delivered.id))?.body, null, 'the token leaves the relay once delivered');
  t.equal(await deliveries(s).runOnce(), 0, 'nothing more to send');
});

t.test('after the last attempt the event is dead; the admin redelivers it with a fresh schedule', async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 500 });
  await s.signIn();
  for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
    s.relay.clock.advance(11 * HOUR);
    t.equal(await deliveries(s).runOnce(), 1, `attempt ${attempt}`);
  }
  const dead = await theEvent(s);
  t.match(dead, { status: 'dead', attempts: MAX_ATTEMPTS, next_attempt_at: null });
  s.relay.clock.advance(48 * HOUR);
  t.equal(await deliveries(s).runOnce(), 0, 'a dead event is not attempted');

  const listed = await adminRequest(s.relay, 'GET', '/v1/stores/shop-1/deliveries?status=dead');
  t.same(
    (listed.body as { deliveries: { id: string }[] }).deliveries.map((d) => d.id),
    [dead.id],
  );
  s.receiver.answer({ status: 204 });
  const again = await adminRequest(s.relay, 'POST', `/v1/stores/shop-1/deliveries/${dead.id}/redeliver`);
  t.same([again.status, again.body], [202, { requeued: 1 }]);
  t.equal(await deliveries(s).runOnce(), 1);
  t.match(await theEvent(s), { status: 'delivered', attempts: MAX_ATTEMPTS + 1 });
  const twice = await adminRequest(s.relay, 'POST', `/v1/stores/shop-1/deliveries/${dead.id}/redeliver`);
  t.same([twice.status, (twice.body as { code: string }).code], [409, 'event_delivered']);
  t.equal(new Set(s.receiver.deliveries.map((d) => d.headers['webhook-id'])).size, 1, 'still one webhook-id');
});

t.test("redeliver all: every dead or failing event of the store, not another store's", async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 502 });
  await s.signIn();
  s.relay.clock.advance(1);
  await s.signIn();
  const all = await adminRequest(s.relay, 'POST', '/v1/stores/shop-1/deliveries/redeliver');
  t.same([all.status, all.body], [202, { requeued: 2 }]);
  s.receiver.answer({ status: 204 });
  t.equal(await deliveries(s).runOnce(), 2, 'due at once, not in 5 s');
  const none = await adminRequest(s.relay, 'POST', '/v1/stores/shop-1/deliveries/redeliver');
  t.same(none.body, { requeued: 0 });
  const unknown = await adminRequest(s.relay, 'POST', '/v1/stores/nobody/deliveries/redeliver');
  t.equal(unknown.status, 404);
  const missing = await adminRequest(s.relay, 'POST', '/v1/stores/shop-1/deliveries/msg_nothing/redeliver');
  t.same([missing.status, (missing.body as { code: string }).code], [404, 'event_not_found']);
  const notYours = await adminRequest(s.relay, 'GET', '/v1/stores/nobody/deliveries/msg_nothing');
  t.equal(notYours.status, 404);
  const badQuery = await adminRequest(s.relay, 'GET', '/v1/stores/shop-1/deliveries?status=lost');
  t.equal(badQuery.status, 400);
});

t.test('Retry-After pushes the next attempt later', async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 429, headers: { 'retry-after': '600' } });
  await s.signIn();
  const event = await theEvent(s);
  t.equal(Date.parse(event.next_attempt_at as string) - s.relay.clock.now(), 600 * SECOND);
  s.relay.clock.advance(5 * 60 * SECOND);
  t.equal(await deliveries(s).runOnce(), 0, 'the schedule alone would have retried by now');
});

t.test('410 Gone disables the webhook until the operator sets its URL again', async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 410 });
  await s.signIn();
  const store = await adminRequest(s.relay, 'GET', '/v1/stores/shop-1');
  t.match((store.body as { webhook_disabled_at: string | null }).webhook_disabled_at, /^\d{4}-/);
  t.ok(s.relay.logs.some((line) => line.includes('410 Gone')));

  s.receiver.answer({ status: 204 });
  s.relay.clock.advance(HOUR);
  t.equal(await deliveries(s).runOnce(), 0, 'nothing is sent to a disabled webhook');
  t.match(await theEvent(s), { status: 'pending', attempts: 1 }, 'its event waits');
  t.match((await s.signIn()).location, /igr_error=delivery_failed/);
  t.equal(s.receiver.deliveries.length, 1, 'a new sign-in is queued, not sent');

  const updated = await adminRequest(s.relay, 'PUT', '/v1/stores/shop-1', { webhook_url: s.receiver.url });
  t.equal((updated.body as { webhook_disabled_at: string | null }).webhook_disabled_at, null);
  s.relay.clock.advance(HOUR);
  t.equal(await deliveries(s).runOnce(), 2, 'both events go out again');
  t.same(
    (await s.relay.repo.listEvents('shop-1', { limit: 5 })).map((e) => e.status),
    ['delivered', 'delivered'],
  );
});

t.test('the worker runs on its own while the app is up and stops cleanly when it closes', async (t) => {
  const s = await startScenario(t, { relay: { background: true } });
  s.receiver.answer({ status: 503 });
  await s.signIn();
  s.receiver.answer({ status: 204 });
  s.relay.clock.advance(10 * SECOND);
  deliveries(s).wake();
  const deadline = Date.now() + 5000;
  while (s.receiver.deliveries.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  t.equal(s.receiver.deliveries.length, 2);
  await s.relay.app.close();
  const [event] = await s.relay.repo.listEvents('shop-1', { limit: 2 });
  t.match(event, { status: 'delivered' });
});
