import t from 'tap';
import { signStoreRequest } from '../../src/tenants/store-request-signature.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { adminRequest, PERSONAL, startScenario, type Scenario } from '../helpers/scenario.js';
import { storeRequest } from '../helpers/store-client.js';

t.test("reading the store's settings and delivery status", async (t) => {
  const s = await startScenario(t, {});
  await s.signIn();
  s.relay.clock.advance(1);
  s.receiver.answer({ status: 503 });
  await s.signIn();
  await s.signIn({}, { username: PERSONAL.username });
  const answer = await storeRequest(s.relay.url, s.store, 'GET', '/v1/store');
  t.equal(answer.status, 200);
  const body = answer.body as {
    store: { id: string; instagram: unknown; redirect_uri: string; secret?: string };
    deliveries: {
      status: string;
      attempts: number;
      last_status: number | null;
      last_error: string | null;
      type: string;
    }[];
    recent_failures: { kind: string; advice: string }[];
  };
  t.equal(body.store.id, 'shop-1');
  t.equal(body.store.secret, undefined);
  t.equal(body.store.redirect_uri, `${s.relay.config.publicUrl}/callback`);
  t.same(
    body.deliveries.map((d) => [d.type, d.status, d.attempts, d.last_status, d.last_error]),
    [
      ['instagram.authorized', 'pending', 1, 503, 'the store answered 503'],
      ['instagram.authorized', 'delivered', 1, 204, null],
    ],
  );
  t.same(
    body.recent_failures.map((f) => f.kind),
    ['not_professional', 'delivery_failed'],
  );
  t.match(body.recent_failures[0]?.advice, /only with Business and Creator accounts/);
});

t.test('setting the Instagram app ID and secret, and testing them against Instagram', async (t) => {
  const s = await startScenario(t);
  const test = () => storeRequest(s.relay.url, s.store, 'POST', '/v1/store/instagram/test');
  t.same((await test()).body, { instagram: { status: 'ok', message: 'Instagram accepts this app ID and secret.' } });

  const update = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/instagram', {
    body: { app_secret: 'e'.repeat(32) },
  });
  t.equal(update.status, 200);
  t.same((update.body as { instagram: unknown }).instagram, {
    app_id: s.igApp.appId,
    app_secret_set: true,
    api: 'instagram-login',
    scopes: ['instagram_business_basic'],
  });
  const wrong = (await test()).body as { instagram: { status: string; message: string } };
  t.equal(wrong.instagram.status, 'invalid_app');
  t.match(wrong.instagram.message, /not the Meta app ID/);

  s.fake.failNext('oauth_access_token', { hangUp: true });
  t.equal(((await test()).body as { instagram: { status: string } }).instagram.status, 'unavailable');

  const bad = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/instagram', {
    body: { app_id: 'not-a-number' },
  });
  t.same([bad.status, (bad.body as { code: string }).code], [400, 'invalid_request']);
  const extra = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/instagram', {
    body: { webhook_url: 'https://evil.example' },
  });
  t.same(
    [extra.status, (extra.body as { message: string }).message],
    [400, 'body must NOT have additional properties'],
    'a store cannot move its own webhook',
  );
});

t.test('a store without an app is told so', async (t) => {
  const s = await startScenario(t);
  const created = await adminRequest(s.relay, 'PUT', '/v1/stores/bare', {
    webhook_url: s.receiver.url,
    return_origins: ['https://bare.example'],
  });
  const key = storeSecretKey((created.body as { secret: string }).secret) as Buffer;
  const answer = await storeRequest(s.relay.url, { id: 'bare', key }, 'POST', '/v1/store/instagram/test');
  t.same(answer.body, {
    instagram: { status: 'not_configured', message: 'Set the Instagram app ID and secret first.' },
  });
});

t.test('requests must be signed, fresh and used once', async (t) => {
  const s = await startScenario(t);
  const refused = async (
    options: Parameters<typeof storeRequest>[4],
    code: string,
    name: string,
    store: { id: string; key: Buffer } = s.store,
  ) => {
    const answer = await storeRequest(s.relay.url, store, 'GET', '/v1/store', options);
    t.same([answer.status, (answer.body as { code: string }).code], [401, code], name);
  };
  await refused({ headers: () => ({}) }, 'store_auth_failed', 'unsigned');
  await refused(
    { headers: (h) => ({ ...h, 'igr-signature': h['igr-signature']!.replace(/^v1,./, 'v1,A') }) },
    'store_auth_failed',
    'tampered',
  );
  await refused(
    { headers: (h) => ({ ...h, 'igr-store': 'nobody' }) },
    'store_auth_failed',
    'unknown store answers like a bad signature',
  );
  await refused({}, 'store_auth_failed', 'another secret', { id: 'shop-1', key: Buffer.alloc(32, 1) });
  await refused({ requestId: 'short' }, 'store_auth_failed', 'request id too short');
  // The relay's clock is moved by hand, so staleness is measured against it, not the wall clock.
  const relayNow = Math.floor(s.relay.clock.now() / 1000);
  await refused({ timestamp: relayNow - 301 }, 'request_stale', 'old');
  await refused({ timestamp: relayNow + 301 }, 'request_stale', 'from the future');

  const once = 'a-request-id-used-once';
  t.equal((await storeRequest(s.relay.url, s.store, 'GET', '/v1/store', { requestId: once })).status, 200);
  await refused({ requestId: once }, 'request_replayed', 'replayed');

  const moved = await fetch(`${s.relay.url}/v1/store`, {
    headers: signedHeaders(s, 'GET', '/v1/store/instagram/test'),
  });
  t.same(
    [moved.status, ((await moved.json()) as { code: string }).code],
    [401, 'store_auth_failed'],
    'a signature covers the path',
  );
  const rebodied = await fetch(`${s.relay.url}/v1/store/instagram`, {
    method: 'PUT',
    headers: {
      ...signedHeaders(s, 'PUT', '/v1/store/instagram', '{"app_id":"1234567890"}'),
      'content-type': 'application/json',
    },
    body: '{"app_id":"9999999999"}',
  });
  t.equal(rebodied.status, 401, 'a signature covers the body');
});

function signedHeaders(s: Scenario, method: string, path: string, body = ''): Record<string, string> {
  const requestId = `request-${Math.random().toString(36).slice(2)}`;
  return signStoreRequest(s.store.key, {
    store: s.store.id,
    requestId,
    timestamp: Math.floor(Date.now() / 1000),
    method,
    path,
    body,
  });
}

t.test('a body must be JSON, but an empty one may carry any content type', async (t) => {
  const s = await startScenario(t);
  const send = (body: string, contentType: string) =>
    fetch(`${s.relay.url}/v1/store/instagram/test`, {
      method: 'POST',
      headers: { ...signedHeaders(s, 'POST', '/v1/store/instagram/test', body), 'content-type': contentType },
      body,
    });
  const empty = await send('', 'application/x-www-form-urlencoded');
  t.equal(empty.status, 200, 'WordPress labels an empty POST as a form');
  const form = await send('app_id=1', 'application/x-www-form-urlencoded');
  t.same(
    [form.status, await form.json()],
    [415, { code: 'unsupported_media_type', message: 'The request body must be JSON.' }],
  );
  const broken = await send('{"app_id":', 'application/json; charset=utf-8');
  t.same([broken.status, ((await broken.json()) as { code: string }).code], [400, 'invalid_request']);
});
