import Fastify from 'fastify';
import t from 'tap';
import { AuthorizedData } from '../../src/webhooks/events.js';
import { verifyWebhook } from '../../src/webhooks/signature.js';
import { BUSINESS, CREATOR, PERSONAL, SHOP, startScenario } from '../helpers/scenario.js';

const DAY_S = 24 * 60 * 60;

/** The body of an `instagram.authorized` webhook. */
type AuthorizedEvent = { type: string; timestamp: string; data: AuthorizedData };

/** Validates with Fastify's own JSON Schema validator (strict: no type coercion). */
async function schemaErrors(data: unknown): Promise<string | null> {
  const app = Fastify({ ajv: { customOptions: { coerceTypes: false } } });
  app.post('/', { schema: { body: AuthorizedData } }, async () => 'ok');
  const answer = await app.inject({ method: 'POST', url: '/', payload: data as object });
  await app.close();
  return answer.statusCode === 200 ? null : answer.body;
}

t.test('a shopper signs in with Instagram Login', async (t) => {
  const s = await startScenario(t);
  const done = await s.signIn({ state: 'nonce-abc' });
  t.equal(done.status, 303);
  t.equal(done.headers.get('cache-control'), 'no-store');
  const back = new URL(done.location as string);
  t.equal(`${back.origin}${back.pathname}`, `${SHOP}/my-account`);
  t.same([...back.searchParams.keys()], ['lang', 'igr_login', 'igr_state'], "the store's parameters kept, ours added");
  t.equal(back.searchParams.get('igr_state'), 'nonce-abc');
  const loginId = back.searchParams.get('igr_login') as string;
  t.match(loginId, /^lgn_[A-Za-z0-9_-]{32}$/);

  t.equal(s.receiver.deliveries.length, 1, 'delivered once, before the redirect');
  const { headers, body } = s.receiver.deliveries[0]!;
  t.equal(headers['content-type'], 'application/json');
  t.match(headers['webhook-id'], /^msg_[0-9a-f]{12}[A-Za-z0-9_-]{24}$/);
  t.ok(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000) < 60);
  t.equal(verifyWebhook([s.store.key], headers, body, Math.floor(Date.now() / 1000)), 'valid');

  const event = JSON.parse(body) as AuthorizedEvent;
  t.equal(event.type, 'instagram.authorized');
  t.ok(Math.abs(Date.parse(event.timestamp) - Date.now()) < 60_000, 'timestamp is RFC 3339 and current');
  t.equal(await schemaErrors(event.data), null, 'data fits the published schema');
  t.match(
    await schemaErrors({ ...event.data, instagram_user_id: 17841400774391235 }),
    /instagram_user_id must be string/,
    'which does refuse a numeric ID',
  );
  const { access_token: token, expires_at: expiresAt, app_scoped_id: appScopedId, ...rest } = event.data;
  t.same(rest, {
    login_id: loginId,
    store: 'shop-1',
    purpose: 'login',
    state: 'nonce-abc',
    instagram_user_id: BUSINESS.userId,
    username: BUSINESS.username,
    account_type: 'Business',
    name: BUSINESS.name,
    profile_picture_url: BUSINESS.profilePictureUrl,
    token_type: 'bearer',
    scopes: ['instagram_business_basic'],
    api: 'instagram-login',
  });
  t.match(appScopedId, /^\d+$/);
  t.not(appScopedId, BUSINESS.userId);
  t.match(token, /^IGAA/);
  t.ok(Math.abs(Date.parse(expiresAt as string) - (Date.now() + 60 * DAY_S * 1000)) < 60_000, 'long-lived: 60 days');
  t.notMatch(done.location, token, 'the token never travels in a browser URL');
  t.notMatch(body, /"instagram_user_id":\d/, 'the ID is a JSON string, never a number');

  const events = await s.relay.repo.listEvents('shop-1', { limit: 10 });
  t.same(
    events.map((e) => [e.status, e.attempts, e.lastStatus]),
    [['delivered', 1, 204]],
  );
  t.equal((await s.relay.repo.getEvent(events[0]!.id))?.body, null, 'a delivered body (it holds the token) is dropped');
});

t.test("an admin connects the store's own account (purpose=connect)", async (t) => {
  const s = await startScenario(t, { scopes: ['instagram_business_basic', 'instagram_business_content_publish'] });
  const done = await s.signIn(
    { purpose: 'connect', state: 'admin-1', return_to: `${SHOP}/wp-admin/admin.php?page=ig` },
    { username: CREATOR.username },
  );
  t.equal(done.status, 303);
  t.match(
    done.location,
    /^https:\/\/shop\.example\/wp-admin\/admin\.php\?page=ig&igr_login=lgn_[^&]+&igr_state=admin-1$/,
  );
  const event = JSON.parse(s.receiver.deliveries[0]!.body) as AuthorizedEvent;
  t.equal(event.data.purpose, 'connect');
  t.equal(event.data.account_type, 'Media_Creator');
  t.same(
    event.data.scopes,
    ['instagram_business_basic', 'instagram_business_content_publish'],
    'granted scopes as Instagram lists them',
  );
});

t.test('Basic Display (retired by Meta, still configurable)', async (t) => {
  const s = await startScenario(t, { api: 'basic-display' });
  const link = s.link();
  const toInstagram = await s.browser.get(link);
  t.match(
    toInstagram.location,
    new RegExp(`^${s.fake.apiUrl}/oauth/authorize\\?`),
    'the legacy window on api.instagram.com',
  );
  t.equal(new URL(toInstagram.location as string).searchParams.get('scope'), 'user_profile,user_media');
  const done = await s.signIn({}, { username: PERSONAL.username });
  t.equal(done.status, 303);
  const { data } = JSON.parse(s.receiver.deliveries[0]!.body) as AuthorizedEvent;
  t.equal(data.api, 'basic-display');
  t.equal(data.account_type, 'PERSONAL');
  t.match(data.instagram_user_id, /^\d+$/, 'from the token exchange: Basic Display profiles have no user_id');
  t.equal(data.app_scoped_id, data.instagram_user_id);
  t.equal(data.name, null);
  t.equal(data.profile_picture_url, null);
  t.same(data.scopes, ['user_profile', 'user_media'], 'requested scopes when Instagram does not list them');
});

t.test('two tabs in one browser both complete', async (t) => {
  const s = await startScenario(t);
  const first = await s.consent(s.link({ state: 'tab-1' }));
  const second = await s.consent(s.link({ state: 'tab-2' }));
  const [cookie] = [...s.browser.cookies(s.relay.url).keys()];
  t.equal(cookie, 'igr_browser', 'one browser cookie for both flows');
  const doneSecond = await s.browser.get(second.location as string);
  const doneFirst = await s.browser.get(first.location as string);
  t.match(doneFirst.location, /igr_login=lgn_.*&igr_state=tab-1$/);
  t.match(doneSecond.location, /igr_login=lgn_.*&igr_state=tab-2$/);
  t.equal(s.receiver.deliveries.length, 2);
});

t.test('the #_ Instagram appends is not part of the code', async (t) => {
  const s = await startScenario(t);
  const toCallback = await s.consent(s.link());
  t.match(toCallback.location, /#_$/, 'the fake, like Instagram, appends #_');
  const url = new URL(toCallback.location as string);
  url.hash = '';
  url.searchParams.set('code', `${url.searchParams.get('code')}#_`);
  const done = await s.browser.get(url.href);
  t.match(done.location, /igr_login=/);
});
