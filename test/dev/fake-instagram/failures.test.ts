import t from 'tap';
import {
  BUSINESS_APP,
  authorizeParams,
  codeFields,
  exchangeCode,
  graphUrl,
  obtainCode,
  obtainToken,
  request,
  startHarness,
} from './fixtures/harness.js';
import type { FakeEndpoint, FakeInstagram } from '../../../src/dev/fake-instagram/server.js';

/** A request for each endpoint, answered normally when no failure is queued. */
function endpointCalls(fake: FakeInstagram, token: string): Record<FakeEndpoint, () => Promise<Response>> {
  return {
    authorize: () =>
      fetch(`${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP))}`, {
        redirect: 'manual',
      }),
    oauth_access_token: () =>
      fetch(`${fake.apiUrl}/oauth/access_token`, { method: 'POST', body: new URLSearchParams(codeFields('AQnone')) }),
    access_token: () =>
      fetch(
        graphUrl(fake, '/access_token', { grant_type: 'ig_exchange_token', client_secret: 'x', access_token: token }),
      ),
    refresh_access_token: () =>
      fetch(graphUrl(fake, '/refresh_access_token', { grant_type: 'ig_refresh_token', access_token: token })),
    me: () => fetch(graphUrl(fake, '/me', { access_token: token })),
  };
}

const ENDPOINTS: FakeEndpoint[] = ['authorize', 'oauth_access_token', 'access_token', 'refresh_access_token', 'me'];

t.test('failNext with a status answers that instead, once', async (t) => {
  const { fake } = await startHarness(t);
  const calls = endpointCalls(fake, await obtainToken(fake));
  for (const endpoint of ENDPOINTS) {
    fake.failNext(endpoint, { status: 500, body: `{"broken":` });
    fake.failNext(endpoint, { status: 429, body: 'slow down', contentType: 'text/plain' });
    const first = await calls[endpoint]();
    t.equal(first.status, 500, endpoint);
    t.equal(first.headers.get('content-type'), 'application/json; charset=utf-8', endpoint);
    t.equal(await first.text(), '{"broken":', `${endpoint}: malformed JSON as given`);
    const second = await calls[endpoint]();
    t.equal(second.status, 429, endpoint);
    t.equal(second.headers.get('content-type'), 'text/plain', endpoint);
    t.equal(await second.text(), 'slow down');
    const third = await calls[endpoint]();
    t.not(third.status, 429, `${endpoint}: the queue is used up`);
    await third.text();
    t.equal(fake.requests.at(-1)?.endpoint, endpoint, `${endpoint}: the request is logged`);
  }
});

t.test('failNext with a rate-limit envelope', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake);
  const envelope =
    '{"error":{"message":"Application request limit reached","type":"OAuthException","is_transient":true,"code":4}}';
  fake.failNext('me', { status: 400, body: envelope });
  const answer = await request(graphUrl(fake, '/me', { access_token: token }));
  t.equal(answer.status, 400);
  t.equal(answer.text, envelope);
});

t.test('failNext with delayMs answers normally, later', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  fake.failNext('oauth_access_token', { delayMs: 150 });
  const started = performance.now();
  const answer = await exchangeCode(fake, codeFields(code));
  const elapsed = performance.now() - started;
  t.equal(answer.status, 200, 'the normal answer');
  t.match(answer.text, /^\{"access_token":"IGAA/);
  t.ok(elapsed >= 140, `waited ${Math.round(elapsed)} ms`);
  fake.failNext('authorize', { delayMs: 300 });
  const timedOut = fetch(`${fake.wwwUrl}/oauth/authorize`, { signal: AbortSignal.timeout(50) });
  await t.rejects(timedOut, { name: 'TimeoutError' }, 'a client timeout fires first');
});

t.test('failNext with hangUp destroys the socket', async (t) => {
  const { fake } = await startHarness(t);
  const calls = endpointCalls(fake, await obtainToken(fake));
  for (const endpoint of ENDPOINTS) {
    fake.failNext(endpoint, { hangUp: true });
    await t.rejects(calls[endpoint](), { message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } }, endpoint);
    const after = await calls[endpoint]();
    t.ok(after.status < 500, `${endpoint}: answered normally afterwards`);
    await after.text();
  }
});

t.test('queues are per endpoint', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake);
  fake.failNext('refresh_access_token', { status: 503, body: '' });
  const me = await request(graphUrl(fake, '/me', { access_token: token }));
  t.equal(me.status, 200);
  const refresh = await request(
    graphUrl(fake, '/refresh_access_token', { grant_type: 'ig_refresh_token', access_token: token }),
  );
  t.equal(refresh.status, 503);
});

t.test('every request is logged, unknown paths included', async (t) => {
  const { fake } = await startHarness(t);
  const answer = await request(`${fake.url}/accounts/login/?next=%2F`, {
    method: 'POST',
    body: new URLSearchParams({ a: '1' }),
  });
  t.equal(answer.status, 404);
  t.match(answer.text, "Sorry, this page isn't available.");
  t.same(fake.requests, [
    {
      endpoint: null,
      method: 'POST',
      path: '/accounts/login/',
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      query: { next: '/' },
      form: { a: '1' },
    },
  ]);
  const head = await request(`${fake.graphUrl}/me`, { method: 'HEAD' });
  t.equal(head.status, 400, 'HEAD falls to the not-found answer');
  t.equal(fake.requests.at(-1)?.endpoint, null);
});

t.test('addApp and addUser work on a running fake', async (t) => {
  const { fake } = await startHarness(t, { apps: [], users: [] });
  const query = new URLSearchParams(authorizeParams(BUSINESS_APP));
  t.equal((await request(`${fake.wwwUrl}/oauth/authorize?${query}`)).status, 400);
  fake.addApp(BUSINESS_APP);
  fake.addUser({ username: 'late.user', userId: '17841499999999999', accountType: 'Business' });
  const page = await request(`${fake.wwwUrl}/oauth/authorize?${query}`);
  t.equal(page.status, 200);
  t.match(page.text, 'value="late.user"');
  const token = await obtainToken(fake, { username: 'late.user' });
  t.match(token, /^IGAA/);
});

t.test('the URLs point at the three prefixes', async (t) => {
  const { fake } = await startHarness(t);
  t.match(fake.url, /^http:\/\/127\.0\.0\.1:[0-9]+$/);
  t.equal(fake.wwwUrl, `${fake.url}/www`);
  t.equal(fake.apiUrl, `${fake.url}/api`);
  t.equal(fake.graphUrl, `${fake.url}/graph`);
});
