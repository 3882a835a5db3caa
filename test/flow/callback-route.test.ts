import t from 'tap';
import { Browser } from '../helpers/browser.js';
import { PERSONAL, SHOP, startScenario, type Scenario } from '../helpers/scenario.js';

const json = { accept: 'application/json' };
const TEN_MINUTES = 10 * 60 * 1000;

async function errorOf(page: { status: number; body: string; location?: string }): Promise<string> {
  return page.location ? (new URL(page.location).searchParams.get('igr_error') ?? 'none') : `page:${page.status}`;
}

/** The callback URL Instagram sends the browser to, after consent. */
async function toCallback(s: Scenario, choice?: Parameters<Scenario['consent']>[1]): Promise<URL> {
  const page = await s.consent(s.link({ state: 'st-1' }), choice);
  const url = new URL(page.location as string);
  url.hash = '';
  return url;
}

t.test('the shopper cancels on Instagram', async (t) => {
  const s = await startScenario(t);
  const page = await s.signIn({ state: 'st-1' }, { decision: 'deny' });
  t.equal(page.status, 303);
  t.equal(page.location, `${SHOP}/my-account?lang=en&igr_error=access_denied&igr_state=st-1`);
  t.equal(s.receiver.deliveries.length, 0);
  t.equal(s.fake.requests.filter((r) => r.endpoint === 'oauth_access_token').length, 0);
});

t.test('Instagram errors other than a cancel, and answers with neither code nor error', async (t) => {
  const s = await startScenario(t);
  const other = await toCallback(s);
  other.search = new URLSearchParams({
    state: other.searchParams.get('state') as string,
    error: 'server_error',
    error_reason: 'boom',
    error_description: 'Something <b>broke</b>',
  }).toString();
  t.equal(
    (await s.browser.get(other.href)).location,
    `${SHOP}/my-account?lang=en&igr_error=instagram_error&igr_state=st-1`,
  );
  const empty = await toCallback(s);
  empty.search = new URLSearchParams({ state: empty.searchParams.get('state') as string }).toString();
  t.equal(
    (await s.browser.get(empty.href)).location,
    `${SHOP}/my-account?lang=en&igr_error=invalid_request&igr_state=st-1`,
  );
});

t.test('unknown, missing, used and expired flows get a page, never a redirect', async (t) => {
  const s = await startScenario(t);
  for (const query of [
    '',
    '?code=AQx',
    '?state=x&code=AQx',
    `?state=000000000000${'a'.repeat(32)}&code=AQx`,
    '?state=a&state=b',
    `?state=${'A'.repeat(4097)}&code=AQx`,
  ]) {
    const answer = await fetch(`${s.relay.url}/callback${query}`, { headers: json, redirect: 'manual' });
    t.equal(answer.status, 400, query);
    t.equal(answer.headers.get('location'), null);
    t.match(((await answer.json()) as { code: string }).code, /^(flow_unknown|invalid_request)$/, query);
  }

  const url = await toCallback(s);
  const state = url.searchParams.get('state') as string;
  for (const [name, altered] of [
    ['altered', `${state.slice(0, 20)}${state[20] === 'A' ? 'B' : 'A'}${state.slice(21)}`],
    ['truncated', state.slice(0, -4)],
    ['extended', `${state}AAAA`],
  ]) {
    const forged = new URL(url.href);
    forged.searchParams.set('state', altered as string);
    const answer = await s.browser.get(forged.href);
    t.same([answer.status, answer.location], [400, undefined], `${name} state`);
    t.match(answer.body, '<code>flow_unknown</code>', `${name} state`);
  }
  t.equal((await s.browser.get(url.href)).status, 303);
  const replay = await s.browser.get(url.href);
  t.same([replay.status, replay.location], [400, undefined], 'a replayed callback');
  t.match(replay.body, '<code>flow_used</code>');
  t.match(
    replay.body,
    `<a href="${SHOP}/my-account?lang=en">Back to the store</a>`,
    'a link back when the flow is known',
  );
  t.equal(s.fake.requests.filter((r) => r.endpoint === 'oauth_access_token').length, 1, 'the code was exchanged once');

  const late = await toCallback(s);
  s.relay.clock.advance(TEN_MINUTES);
  const expired = await s.browser.get(late.href);
  t.same([expired.status, expired.location], [400, undefined]);
  t.match(expired.body, '<code>flow_expired</code>');
});

t.test('a callback from another browser is refused; one without the relay cookie is allowed', async (t) => {
  const s = await startScenario(t);
  const url = await toCallback(s);
  const attacker = new Browser();
  await attacker.get(s.link({ state: 'attacker' }));
  const injected = await attacker.get(url.href);
  t.same([injected.status, injected.location], [400, undefined]);
  t.match(injected.body, '<code>flow_browser_mismatch</code>');
  const noCookie = await new Browser().get(url.href);
  t.equal(noCookie.status, 303, "the store's nonce cookie is the binding that decides");
  t.match(noCookie.location, /igr_login=/);
});

t.test('a double-submitted callback completes once', async (t) => {
  const s = await startScenario(t);
  const url = await toCallback(s);
  const [a, b] = await Promise.all([s.browser.get(url.href), s.browser.get(url.href)]);
  t.same([a.status, b.status].sort(), [303, 400]);
  t.equal(s.receiver.deliveries.length, 1);
});

t.test('Instagram refusing or failing: instagram_error, and the admin learns why', async (t) => {
  const cases: [string, (s: Scenario) => void, string, Parameters<Scenario['consent']>[1]?][] = [
    ['wrong app secret', (s) => s.fake.addApp({ ...s.igApp, appSecret: 'f'.repeat(32) }), 'invalid_app'],
    ['timeout', (s) => s.fake.failNext('oauth_access_token', { delayMs: 3000 }), 'timeout'],
    ['hang-up', (s) => s.fake.failNext('access_token', { hangUp: true }), 'unavailable'],
    ['malformed JSON', (s) => s.fake.failNext('me', { status: 200, body: '{"id":' }), 'malformed_response'],
    [
      'HTML error page',
      (s) => s.fake.failNext('access_token', { status: 503, body: '<h1>down</h1>', contentType: 'text/html' }),
      'unavailable',
    ],
    [
      'rate limited',
      (s) =>
        s.fake.failNext('me', {
          status: 400,
          body: '{"error":{"message":"Application request limit reached","type":"OAuthException","code":4}}',
        }),
      'rate_limited',
    ],
    ['no role on the app', (s) => s.fake.addApp({ ...s.igApp, accessLevel: 'standard', testers: [] }), 'not_tester'],
    ['personal account', () => undefined, 'not_professional', { username: PERSONAL.username }],
  ];
  for (const [name, arrange, kind, choice] of cases) {
    await t.test(name, async (t) => {
      const s = await startScenario(t, { relay: { env: { IG_TIMEOUT_MS: '1000' } } });
      arrange(s);
      const url = await toCallback(s, choice);
      const page = await s.browser.get(url.href);
      t.equal(await errorOf(page), 'instagram_error');
      const reason = new URL(page.location ?? '').searchParams.get('igr_reason');
      t.equal(
        reason,
        ['not_tester', 'not_professional'].includes(kind) ? kind : null,
        'igr_reason for what the shopper can act on',
      );
      t.equal(s.receiver.deliveries.length, 0);
      const [failure] = await s.relay.repo.recentFailedFlows('shop-1', 1);
      t.equal(failure?.failure, kind);
      t.equal(failure?.outcome, 'instagram_error');
      const logged = s.relay.logs
        .map((line) => JSON.parse(line) as { msg: string; kind?: string })
        .find((entry) => entry.msg === 'instagram refused the sign-in');
      t.equal(logged?.kind, kind);
    });
  }
});

t.test('the store not accepting the event: delivery_failed, and the event stays queued', async (t) => {
  const cases: [string, (s: Scenario) => Promise<void> | void, number | null, RegExp][] = [
    ['500', (s) => s.receiver.answer({ status: 500 }), 500, /^the store answered 500$/],
    [
      'a redirect is not followed',
      (s) => s.receiver.answer({ status: 302, headers: { location: 'https://elsewhere.example/' } }),
      302,
      /^the store answered 302$/,
    ],
    ['too slow', (s) => s.receiver.answer({ delayMs: 2500 }), null, /^no answer within 1000 ms$/],
    ['down', (s) => s.receiver.close(), null, /^the store could not be reached \(ECONNREFUSED\)$/],
  ];
  for (const [name, arrange, status, error] of cases) {
    await t.test(name, async (t) => {
      const s = await startScenario(t, { relay: { env: { WEBHOOK_TIMEOUT_MS: '1000' } } });
      await arrange(s);
      const page = await s.signIn({ state: 'st-9' });
      t.equal(page.status, 303);
      t.equal(page.location, `${SHOP}/my-account?lang=en&igr_error=delivery_failed&igr_state=st-9`);
      const [event] = await s.relay.repo.listEvents('shop-1', { limit: 1 });
      t.same([event?.status, event?.attempts, event?.lastStatus], ['pending', 1, status]);
      t.match(event?.lastError, error);
      t.type(
        (await s.relay.repo.getEvent(event?.id as string))?.body,
        'string',
        'the sealed body is kept for the retry',
      );
    });
  }
});
