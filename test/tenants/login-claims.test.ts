import t from 'tap';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { verifyWebhook } from '../../src/webhooks/signature.js';
import { adminRequest, BUSINESS, startScenario, type Scenario } from '../helpers/scenario.js';
import { storeRequest } from '../helpers/store-client.js';

/**
 * A store that claims its logins: the browser goes back as soon as the event
 * is queued, whatever the webhook does, and the store claims the sign-in over
 * the store API when the webhook has not reached it. The claim is the
 * store's own, once, while fresh, and verifies like the webhook it stands for.
 */
interface Claimed {
  webhook_id: string;
  webhook_timestamp: string;
  webhook_signature: string;
  body: string;
}
interface Delivery {
  id: string;
  status: string;
  attempts: number;
  last_status: number | null;
  delivered_via: string | null;
}

async function claimMode(s: Scenario) {
  const set = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/login-delivery', {
    body: { login_delivery: 'claim' },
  });
  return set;
}

/** Signs in and returns the login id the browser brought back. */
async function signIn(s: Scenario, state = 'nonce-1') {
  const back = await s.signIn({ state });
  if (back.status !== 303 || back.location === undefined) throw new Error(`callback answered ${back.status}`);
  const params = new URL(back.location).searchParams;
  return { loginId: params.get('igr_login'), error: params.get('igr_error'), state: params.get('igr_state') };
}

const claim = (s: Scenario, loginId: string | null, options: Parameters<typeof storeRequest>[4] = {}) =>
  storeRequest(s.relay.url, s.store, 'POST', '/v1/store/login-claims', { body: { login_id: loginId }, ...options });

async function deliveries(s: Scenario): Promise<Delivery[]> {
  return ((await storeRequest(s.relay.url, s.store, 'GET', '/v1/store')).body as { deliveries: Delivery[] }).deliveries;
}

/** Waits until the relay's background attempt at the newest event has been logged. */
async function attempted(s: Scenario): Promise<Delivery> {
  for (let tries = 0; tries < 200; tries++) {
    const [latest] = await deliveries(s);
    if (latest !== undefined && latest.attempts > 0) return latest;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the first attempt was never logged');
}

t.test('the store chooses claim delivery over the store API; the view tells what a firewall must allow', async (t) => {
  const s = await startScenario(t);
  const before = (await storeRequest(s.relay.url, s.store, 'GET', '/v1/store')).body as { store: object };
  t.match(before.store, { login_delivery: 'webhook', webhook_user_agent: 'ig-login-relay/1' }, 'webhook by default');
  const set = await claimMode(s);
  t.equal(set.status, 200);
  t.match(set.body, { login_delivery: 'claim' });
  const bad = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/login-delivery', {
    body: { login_delivery: 'carrier-pigeon' },
  });
  t.match([bad.status, bad.body], [400, { code: 'invalid_request' }]);
  const admin = await adminRequest(s.relay, 'PUT', '/v1/stores/shop-1', { login_delivery: 'webhook' });
  t.match([admin.status, admin.body], [200, { login_delivery: 'webhook' }], 'the operator can set it too');
});

t.test('behind a firewall that refuses every webhook, the sign-in completes by claim', async (t) => {
  const s = await startScenario(t);
  await claimMode(s);
  s.receiver.answer({ status: 403 });

  const back = await signIn(s);
  t.equal(back.error, null, 'no delivery_failed');
  t.match(back.loginId, /^lgn_/, 'the browser comes back with its login at once');
  t.equal(back.state, 'nonce-1');

  const answer = await claim(s, back.loginId);
  t.equal(answer.status, 200);
  const claimed = answer.body as Claimed;
  const headers = {
    'webhook-id': claimed.webhook_id,
    'webhook-timestamp': claimed.webhook_timestamp,
    'webhook-signature': claimed.webhook_signature,
  };
  t.equal(
    verifyWebhook([s.store.key], headers, claimed.body, Math.floor(s.relay.clock.now() / 1000)),
    'valid',
    'signed with the store secret, like the webhook',
  );
  const event = JSON.parse(claimed.body) as { type: string; data: Record<string, unknown> };
  t.equal(event.type, 'instagram.authorized');
  t.match(event.data, {
    login_id: back.loginId,
    store: 'shop-1',
    state: 'nonce-1',
    username: BUSINESS.username,
    access_token: /^IG/,
  });

  const refused = await attempted(s);
  t.match(refused, { status: 'delivered', delivered_via: 'claim', attempts: 1, last_status: 403 });
  const webhook = s.receiver.deliveries.at(-1);
  t.equal(webhook?.headers['webhook-id'], claimed.webhook_id, 'the webhook and the claim carry one id');
  t.equal(webhook?.body, claimed.body, 'and the same bytes');
  t.equal(webhook?.headers['user-agent'], 'ig-login-relay/1');

  const again = await claim(s, back.loginId);
  t.match([again.status, again.body], [409, { code: 'login_already_delivered' }], 'claimed once only');
  const metrics = await (await fetch(`${s.relay.url}/metrics`)).text();
  t.match(metrics, /igr_login_claims_total\{result="claimed"\} 1/);
  t.match(metrics, /igr_login_claims_total\{result="delivered"\} 1/);
});

t.test('a slow store does not hold the browser; its webhook, arriving later, ends the claim window', async (t) => {
  const s = await startScenario(t);
  await claimMode(s);
  s.receiver.answer({ delayMs: 1500 });

  const back = await signIn(s);
  t.match(back.loginId, /^lgn_/);
  const [queued] = await deliveries(s);
  t.match(queued, { status: 'pending', attempts: 0 }, 'the browser is back while the webhook is still in flight');

  t.match(await attempted(s), { status: 'delivered', delivered_via: 'webhook', last_status: 204 });
  const late = await claim(s, back.loginId);
  t.match([late.status, late.body], [409, { code: 'login_already_delivered' }], 'the store has it already');
});

t.test('closing the relay waits for a first attempt the browser did not wait for', async (t) => {
  const s = await startScenario(t);
  await claimMode(s);
  s.receiver.answer({ delayMs: 400 });
  await signIn(s);
  await s.relay.app.close();
  const [event] = await s.relay.repo.listEvents('shop-1', { limit: 1 });
  t.match(event, { status: 'delivered', deliveredVia: 'webhook', attempts: 1 });
});

t.test("claims refused: another store's login, an unknown or expired one, a replay, a forged signature", async (t) => {
  const s = await startScenario(t);
  await claimMode(s);
  s.receiver.answer({ status: 403 });
  const { loginId } = await signIn(s);

  const other = await adminRequest(s.relay, 'PUT', '/v1/stores/shop-2', {
    webhook_url: s.receiver.url,
    return_origins: ['https://other.example'],
  });
  const otherStore = { id: 'shop-2', key: storeSecretKey((other.body as { secret: string }).secret) as Buffer };
  const stolen = await storeRequest(s.relay.url, otherStore, 'POST', '/v1/store/login-claims', {
    body: { login_id: loginId },
  });
  t.match([stolen.status, stolen.body], [404, { code: 'login_not_found' }], "another store's login is not found");
  t.match(await claim(s, 'lgn_never-issued'), { status: 404, body: { code: 'login_not_found' } });

  const forged = await storeRequest(
    s.relay.url,
    { id: 'shop-1', key: otherStore.key },
    'POST',
    '/v1/store/login-claims',
    {
      body: { login_id: loginId },
    },
  );
  t.match([forged.status, forged.body], [401, { code: 'store_auth_failed' }], 'a forged signature');

  const requestId = 'claim-request-0000000001';
  s.relay.clock.advance(601_000);
  const expired = await claim(s, loginId, { requestId, timestamp: Math.floor(s.relay.clock.now() / 1000) });
  t.match([expired.status, expired.body], [410, { code: 'login_expired' }], 'not after the flow expired');
  const replayed = await claim(s, loginId, { requestId, timestamp: Math.floor(s.relay.clock.now() / 1000) });
  t.match([replayed.status, replayed.body], [401, { code: 'request_replayed' }], 'a replayed claim');

  const [event] = await s.relay.repo.listEvents('shop-1', { limit: 1 });
  t.match(event, { status: 'pending', deliveredVia: null }, 'nothing refused took the event');
});

t.test('a store that does not claim keeps the webhook-first answer', async (t) => {
  const s = await startScenario(t);
  s.receiver.answer({ status: 403 });
  const back = await signIn(s);
  t.same([back.loginId, back.error], [null, 'delivery_failed'], 'the browser waited for the webhook');
});
