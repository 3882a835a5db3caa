import t from 'tap';
import { adminRequest } from '../helpers/scenario.js';
import { startRelay } from '../helpers/relay.js';

const settings = {
  webhook_url: 'https://shop.example/wp-json/ig-login-relay/v1/webhook',
  return_origins: ['https://shop.example', 'https://WWW.shop.example:443/'],
  instagram: {
    app_id: '1234567890123456',
    app_secret: 'a'.repeat(32),
    api: 'instagram-login',
    scopes: ['instagram_business_basic'],
  },
};

t.test('without the admin token: 401; with ADMIN_TOKEN unset: 404', async (t) => {
  const relay = await startRelay(t);
  for (const token of ['', 'wrong-token-of-some-length', `${relay.adminToken}x`]) {
    const answer = await adminRequest(relay, 'GET', '/v1/stores', undefined, token);
    t.same([answer.status, answer.body], [401, { code: 'unauthorized', message: 'Authentication is required.' }]);
    t.equal(answer.headers.get('www-authenticate'), 'Bearer');
  }
  const answer = await fetch(`${relay.url}/v1/stores/x`, { method: 'PUT', headers: { authorization: 'Basic abc' } });
  t.equal(answer.status, 401);

  const closed = await startRelay(t, { env: { ADMIN_TOKEN: '' } });
  const missing = await adminRequest(closed, 'GET', '/v1/stores');
  t.same([missing.status, missing.body], [404, { code: 'not_found', message: 'Not found.' }]);
});

t.test('create, read, update, rotate, delete', async (t) => {
  const relay = await startRelay(t);
  const created = await adminRequest(relay, 'PUT', '/v1/stores/shop-1', settings);
  t.equal(created.status, 201);
  const body = created.body as Record<string, unknown>;
  t.match(body.secret, /^whsec_[A-Za-z0-9+/]{43}=$/, 'the secret, shown once');
  t.same(
    { ...body, secret: undefined, created_at: undefined, updated_at: undefined },
    {
      id: 'shop-1',
      secret: undefined,
      webhook_url: settings.webhook_url,
      webhook_disabled_at: null,
      return_origins: ['https://shop.example', 'https://www.shop.example'],
      login_delivery: 'webhook',
      webhook_user_agent: 'ig-login-relay/1',
      redirect_uri: `${relay.config.publicUrl}/callback`,
      instagram: {
        app_id: '1234567890123456',
        app_secret_set: true,
        api: 'instagram-login',
        scopes: ['instagram_business_basic'],
      },
      previous_secret_expires_at: null,
      created_at: undefined,
      updated_at: undefined,
    },
  );
  t.notMatch(JSON.stringify(body), 'a'.repeat(32), 'never the app secret');

  const read = await adminRequest(relay, 'GET', '/v1/stores/shop-1');
  t.equal(read.status, 200);
  t.equal((read.body as { secret?: string }).secret, undefined, 'the secret is not shown again');

  const updated = await adminRequest(relay, 'PUT', '/v1/stores/shop-1', { instagram: { api: 'basic-display' } });
  t.equal(updated.status, 200);
  t.same(
    (updated.body as { instagram: unknown }).instagram,
    { app_id: '1234567890123456', app_secret_set: true, api: 'basic-display', scopes: ['user_profile'] },
    'fields left out keep their value; scopes follow the API',
  );
  t.same((updated.body as { return_origins: string[] }).return_origins, [
    'https://shop.example',
    'https://www.shop.example',
  ]);

  const rotated = await adminRequest(relay, 'POST', '/v1/stores/shop-1/secret');
  t.equal(rotated.status, 200);
  const rotatedBody = rotated.body as { secret: string; previous_secret_expires_at: string };
  t.not(rotatedBody.secret, body.secret);
  t.equal(Date.parse(rotatedBody.previous_secret_expires_at), relay.clock.now() + 24 * 60 * 60 * 1000);

  const list = await adminRequest(relay, 'GET', '/v1/stores');
  t.same(
    (list.body as { stores: { id: string }[] }).stores.map((store) => store.id),
    ['shop-1'],
  );

  t.equal((await adminRequest(relay, 'DELETE', '/v1/stores/shop-1')).status, 204);
  for (const [method, path] of [
    ['GET', '/v1/stores/shop-1'],
    ['DELETE', '/v1/stores/shop-1'],
    ['POST', '/v1/stores/shop-1/secret'],
  ] as const) {
    const gone = await adminRequest(relay, method, path);
    t.same(
      [gone.status, gone.body],
      [404, { code: 'store_not_found', message: 'No store with this id.' }],
      `${method} ${path}`,
    );
  }
});

t.test('bad input is refused with a message naming the field; nothing is written', async (t) => {
  const relay = await startRelay(t, { env: { WEBHOOK_ALLOW_PRIVATE: 'false' } });
  const cases: [unknown, string][] = [
    [{ return_origins: ['https://shop.example'] }, 'webhook_url: required for a new store'],
    [{ webhook_url: settings.webhook_url }, 'return_origins: required for a new store'],
    [
      { ...settings, webhook_url: 'http://shop.example/hook' },
      'webhook_url: must use https (tokens travel in the body)',
    ],
    [
      { ...settings, webhook_url: 'https://127.0.0.1/hook' },
      'webhook_url: points at a loopback or private address; set WEBHOOK_ALLOW_PRIVATE=true where that is intended',
    ],
    [
      { ...settings, return_origins: ['https://shop.example/path'] },
      'return_origins[0]: must be an origin (scheme, host and optional port) without a path',
    ],
    [
      { ...settings, instagram: { ...settings.instagram, scopes: ['business_basic'] } },
      'instagram.scopes: business_basic was retired by Meta on 2025-01-27; use instagram_business_basic',
    ],
    [
      { ...settings, instagram: { ...settings.instagram, app_id: 'abc' } },
      'instagram.app_id: must be the numeric Instagram app ID (App Dashboard → Instagram → API setup with Instagram login)',
    ],
    [
      { ...settings, instagram: { ...settings.instagram, api: 'graph' } },
      'body/instagram/api must be equal to one of the allowed values',
    ],
    [{ ...settings, extra: true }, 'body must NOT have additional properties'],
    [{ ...settings, return_origins: 'https://shop.example' }, 'body/return_origins must be array'],
  ];
  for (const [body, message] of cases) {
    const answer = await adminRequest(relay, 'PUT', '/v1/stores/shop-1', body);
    t.same([answer.status, answer.body], [400, { code: 'invalid_request', message }], message);
  }
  const badId = await adminRequest(relay, 'PUT', '/v1/stores/-bad', settings);
  t.equal(
    (badId.body as { message: string }).message,
    'id: use 1–64 letters, digits, "-" or "_", starting with a letter or digit',
  );
  t.equal(
    (await adminRequest(relay, 'GET', '/v1/stores')).body &&
      ((await adminRequest(relay, 'GET', '/v1/stores')).body as { stores: unknown[] }).stores.length,
    0,
  );

  const notJson = await fetch(`${relay.url}/v1/stores/shop-1`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'application/json' },
    body: '{"webhook_url":',
  });
  t.same([notJson.status, ((await notJson.json()) as { code: string }).code], [400, 'invalid_request']);
  const text = await fetch(`${relay.url}/v1/stores/shop-1`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${relay.adminToken}`, 'content-type': 'text/plain' },
    body: 'hello',
  });
  t.same(
    [text.status, await text.json()],
    [415, { code: 'unsupported_media_type', message: 'The request body must be JSON.' }],
  );
  const huge = await adminRequest(relay, 'PUT', '/v1/stores/shop-1', {
    ...settings,
    webhook_url: `https://shop.example/${'x'.repeat(70_000)}`,
  });
  t.same([huge.status, (huge.body as { code: string }).code], [413, 'payload_too_large']);
});
