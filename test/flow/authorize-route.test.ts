import t from 'tap';
import { authorizeUrl, signAuthorizeParams } from '../../src/flow/authorize-link.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { adminRequest, SHOP, startScenario } from '../helpers/scenario.js';

const json = { accept: 'application/json' };

t.test('a valid link starts a flow sealed in the state, writes nothing, sets the browser cookie', async (t) => {
  const s = await startScenario(t);
  // Pruning far in the future removes every flow row there is: first what setting up left, then (none) after the link.
  const farFuture = s.relay.clock.now() + 100 * 24 * 3600_000;
  await s.relay.repo.prune(farFuture, 0);
  const page = await s.browser.get(s.link());
  t.equal(page.status, 302);
  t.equal(page.headers.get('cache-control'), 'no-store');
  const target = new URL(page.location as string);
  t.equal(`${target.origin}${target.pathname}`, `${s.fake.wwwUrl}/oauth/authorize`);
  t.same([...target.searchParams.keys()], ['client_id', 'redirect_uri', 'response_type', 'scope', 'state']);
  t.equal(target.searchParams.get('client_id'), s.igApp.appId);
  t.equal(target.searchParams.get('redirect_uri'), `${s.relay.url}/callback`);
  t.equal(target.searchParams.get('response_type'), 'code');
  t.equal(target.searchParams.get('scope'), 'instagram_business_basic');
  const state = target.searchParams.get('state') as string;
  t.match(state, /^[A-Za-z0-9_-]+$/, 'base64url');
  t.notMatch(state, /shop-1|my-account|st-/, 'the flow is sealed, not readable');
  const setCookie = page.headers.getSetCookie()[0] ?? '';
  t.match(setCookie, /^igr_browser=[A-Za-z0-9_-]{43}\.[^;]+; Max-Age=900; Path=\/; HttpOnly; SameSite=Lax$/);
  t.equal(await s.relay.repo.prune(farFuture, 0), 0, 'no flow row was written');
  t.notMatch(setCookie, /Secure/, 'plain http PUBLIC_URL');

  const again = await s.browser.get(s.link());
  t.equal(again.headers.getSetCookie()[0], setCookie, 'the same signed key, its Max-Age refreshed');
  t.equal(s.browser.cookies(s.relay.url).size, 1);
  t.not(
    new URL(again.location as string).searchParams.get('state'),
    target.searchParams.get('state'),
    'every use starts a new flow',
  );
});

t.test('https relays use a __Host- cookie with Secure', async (t) => {
  const s = await startScenario(t, { relay: { env: { PUBLIC_URL: 'https://relay.example' } } });
  const page = await s.browser.get(s.link());
  t.equal(page.status, 302);
  t.match(page.headers.getSetCookie()[0], /^__Host-igr_browser=.*; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
  t.equal(new URL(page.location as string).searchParams.get('redirect_uri'), 'https://relay.example/callback');
  t.equal(page.headers.get('strict-transport-security'), 'max-age=31536000');
});

t.test('bad links get a 400 page, never a redirect', async (t) => {
  const s = await startScenario(t);
  const now = Math.floor(s.relay.clock.now() / 1000);
  const link = (search: (params: URLSearchParams) => void) => {
    const url = new URL(s.link());
    search(url.searchParams);
    return url.href;
  };
  const resign = (change: Record<string, string>) => {
    const url = new URL(s.link());
    for (const [name, value] of Object.entries(change)) url.searchParams.set(name, value);
    const params = Object.fromEntries(url.searchParams) as Record<string, string>;
    url.searchParams.set('sig', signAuthorizeParams(s.store.key, { ...params, exp: Number(params.exp) } as never));
    return url.href;
  };
  const cases: [string, string, string][] = [
    ['missing state', link((p) => p.delete('state')), 'invalid_request'],
    ['repeated store', link((p) => p.append('store', 'shop-1')), 'invalid_request'],
    ['unknown parameter', link((p) => p.append('utm_source', 'x')), 'invalid_request'],
    ['bad purpose', resign({ purpose: 'admin' }), 'invalid_request'],
    ['state with a space', resign({ state: 'a b' }), 'invalid_request'],
    ['state too long', resign({ state: 'a'.repeat(257) }), 'invalid_request'],
    [
      'return_to over 2048 characters once percent-encoded',
      resign({ return_to: `${SHOP}/${'é'.repeat(1500)}` }),
      'invalid_request',
    ],
    ['exp not a number', link((p) => p.set('exp', '1e10')), 'invalid_request'],
    ['expired link', resign({ exp: String(now) }), 'link_expired'],
    ['link valid too long', resign({ exp: String(now + 601) }), 'expiry_too_far'],
    ['tampered return_to', link((p) => p.set('return_to', `${SHOP}/other`)), 'bad_signature'],
    ['tampered exp', link((p) => p.set('exp', String(now + 200))), 'bad_signature'],
    ['padded sig', link((p) => p.set('sig', `${p.get('sig')}=`)), 'bad_signature'],
    [
      'base64 sig',
      link((p) => p.set('sig', Buffer.from(p.get('sig') as string, 'base64url').toString('base64'))),
      'bad_signature',
    ],
    ['unknown store', resign({ store: 'nobody' }), 'unknown_store'],
    ['foreign return_to', resign({ return_to: 'https://evil.example/' }), 'return_to_not_allowed'],
    ['look-alike return_to', resign({ return_to: 'https://shop.example.evil.example/' }), 'return_to_not_allowed'],
    ['downgraded return_to', resign({ return_to: 'http://shop.example/' }), 'return_to_not_allowed'],
    ['userinfo return_to', resign({ return_to: 'https://shop.example@evil.example/' }), 'return_to_not_allowed'],
    ['javascript return_to', resign({ return_to: 'javascript:alert(document.cookie)' }), 'return_to_not_allowed'],
  ];
  for (const [name, url, code] of cases) {
    const asJson = await fetch(url, { headers: json, redirect: 'manual' });
    t.equal(asJson.status, 400, name);
    t.equal(asJson.headers.get('location'), null, `${name}: no redirect`);
    t.equal(((await asJson.json()) as { code: string }).code, code, name);
    const asPage = await fetch(url, { redirect: 'manual' });
    t.equal(asPage.headers.get('content-type'), 'text/html; charset=utf-8', `${name}: a page for browsers`);
    t.match(await asPage.text(), `<code>${code}</code>`);
  }
  t.equal(s.fake.requests.length, 0, 'Instagram never saw any of them');
});

t.test('the page escapes what it shows and carries protective headers', async (t) => {
  const s = await startScenario(t);
  const page = await fetch(`${s.relay.url}/authorize?store=%3Cscript%3Ealert(1)%3C/script%3E`);
  const html = await page.text();
  t.notMatch(html, /<script>/);
  t.equal(page.headers.get('x-frame-options'), 'DENY');
  t.equal(page.headers.get('x-content-type-options'), 'nosniff');
  t.equal(page.headers.get('referrer-policy'), 'no-referrer');
  t.match(page.headers.get('content-security-policy'), /default-src 'none'/);
});

t.test('a store without an Instagram app is not ready', async (t) => {
  const s = await startScenario(t);
  const created = await adminRequest(s.relay, 'PUT', '/v1/stores/bare', {
    webhook_url: s.receiver.url,
    return_origins: [SHOP],
  });
  const key = storeSecretKey((created.body as { secret: string }).secret) as Buffer;
  const url = authorizeUrl(s.relay.url, key, {
    store: 'bare',
    purpose: 'login',
    return_to: `${SHOP}/`,
    state: 's',
    exp: Math.floor(Date.now() / 1000) + 60,
  });
  const answer = await fetch(url, { headers: json });
  t.same(
    [answer.status, await answer.json()],
    [400, { code: 'store_not_ready', message: 'This store has not finished setting up Instagram sign-in yet.' }],
  );
});

t.test('after a rotation both secrets sign for 24 hours, then only the new one', async (t) => {
  const s = await startScenario(t);
  const rotated = await adminRequest(s.relay, 'POST', '/v1/stores/shop-1/secret');
  const newKey = storeSecretKey((rotated.body as { secret: string }).secret) as Buffer;
  const withKey = (key: Buffer) =>
    authorizeUrl(s.relay.url, key, {
      store: 'shop-1',
      purpose: 'login',
      return_to: `${SHOP}/`,
      state: 's',
      exp: Math.floor(s.relay.clock.now() / 1000) + 60,
    });
  t.equal((await fetch(withKey(s.store.key), { redirect: 'manual' })).status, 302, 'old secret, during the overlap');
  t.equal((await fetch(withKey(newKey), { redirect: 'manual' })).status, 302, 'new secret');
  s.relay.clock.advance(24 * 60 * 60 * 1000 + 1000);
  const late = await fetch(withKey(s.store.key), { headers: json, redirect: 'manual' });
  t.equal(((await late.json()) as { code: string }).code, 'bad_signature', 'old secret after 24 hours');
  t.equal((await fetch(withKey(newKey), { redirect: 'manual' })).status, 302);
});
