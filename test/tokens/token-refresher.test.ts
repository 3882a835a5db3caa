import t from 'tap';
import { verifyWebhook } from '../../src/webhooks/signature.js';
import { BUSINESS, startScenario, type Scenario } from '../helpers/scenario.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

interface Sent {
  type: string;
  data: Record<string, string | null>;
}

/** Delivers what the outbox holds and returns the events the store received, oldest first. */
async function storeReceived(s: Scenario): Promise<Sent[]> {
  await s.relay.app.services.deliveries.runOnce();
  return s.receiver.deliveries.map((d) => {
    const now = Number(d.headers['webhook-timestamp']);
    if (verifyWebhook([s.store.key], d.headers, d.body, now) !== 'valid') throw new Error('unsigned event');
    return JSON.parse(d.body) as Sent;
  });
}

async function connect(s: Scenario): Promise<string> {
  const page = await s.signIn({ purpose: 'connect' });
  if (!/igr_login=/.test(page.location ?? '')) throw new Error(`connect failed: ${page.location}`);
  const [event] = await storeReceived(s);
  return event?.data.access_token as string;
}

const refresher = (s: Scenario) => s.relay.app.services.tokenRefresher;

t.test("the store's connected account stays alive for 60 days and beyond without a reconnect", async (t) => {
  const s = await startScenario(t);
  const first = await connect(s);
  const account = await s.relay.repo.getConnectedAccount('shop-1');
  t.match(account, { instagramUserId: BUSINESS.userId, username: BUSINESS.username, status: 'active' });
  t.notMatch(account?.accessToken, first, 'the token is sealed at rest');

  s.relay.clock.advance(29 * DAY);
  t.equal(await refresher(s).runOnce(), 0, 'not while more than 30 days remain');
  s.relay.clock.advance(2 * DAY);
  t.equal(await refresher(s).runOnce(), 1, 'refreshed within 30 days of expiry');
  const [, refreshed] = await storeReceived(s);
  t.equal(refreshed?.type, 'instagram.token_refreshed');
  t.match(refreshed?.data, { store: 'shop-1', instagram_user_id: BUSINESS.userId, username: BUSINESS.username });
  const second = refreshed?.data.access_token as string;
  t.not(second, first, 'a new token');
  t.equal(Date.parse(refreshed?.data.expires_at as string), s.relay.clock.now() + 60 * DAY, '60 days from the refresh');

  s.relay.clock.advance(31 * DAY);
  t.equal(await refresher(s).runOnce(), 1, 'and again, day 62: past the first token’s expiry');
  const [, , again] = await storeReceived(s);
  t.equal(again?.type, 'instagram.token_refreshed');
  t.not(again?.data.access_token, second);
  const me = await fetch(`${s.fake.graphUrl}/v25.0/me?fields=username&access_token=${again?.data.access_token}`);
  t.equal(me.status, 200, 'Instagram accepts the latest token on day 62');
  t.equal(await refresher(s).runOnce(), 0, 'nothing else due');
});

t.test('a revoked token (code 190) is reported at once, and not retried', async (t) => {
  const s = await startScenario(t);
  await connect(s);
  s.fake.invalidateTokens(BUSINESS.username, 'password_changed');
  s.relay.clock.advance(31 * DAY);
  t.equal(await refresher(s).runOnce(), 1);
  const [, failed] = await storeReceived(s);
  t.equal(failed?.type, 'instagram.token_refresh_failed');
  t.match(failed?.data, { store: 'shop-1', instagram_user_id: BUSINESS.userId, reason: 'token_invalid' });
  t.match(failed?.data.message, /Connect the account again/);
  t.match(await s.relay.repo.getConnectedAccount('shop-1'), { status: 'refresh_failed', nextRefreshAt: null });
  s.relay.clock.advance(10 * DAY);
  t.equal(await refresher(s).runOnce(), 0);

  await connect(s);
  t.match(await s.relay.repo.getConnectedAccount('shop-1'), { status: 'active', refreshFailures: 0 }, 'reconnected');
});

t.test('a refresh that keeps failing is retried four times, then reported once', async (t) => {
  const s = await startScenario(t);
  await connect(s);
  s.relay.clock.advance(31 * DAY);
  for (let i = 0; i < 5; i++) s.fake.failNext('refresh_access_token', { status: 500, body: '{}' });
  t.equal(await refresher(s).runOnce(), 1, 'first try');
  t.match(await s.relay.repo.getConnectedAccount('shop-1'), { status: 'active', refreshFailures: 1 });
  for (const wait of [15 * 60 * 1000, HOUR, 4 * HOUR, 12 * HOUR]) {
    s.relay.clock.advance(wait);
    t.equal(await refresher(s).runOnce(), 1);
  }
  const events = (await storeReceived(s)).map((event) => event.type);
  t.same(events, ['instagram.authorized', 'instagram.token_refresh_failed'], 'one report, after the last try');
  t.match(await s.relay.repo.getConnectedAccount('shop-1'), { status: 'refresh_failed', lastError: 'unavailable' });
});

t.test('a transient failure that clears up is retried quietly', async (t) => {
  const s = await startScenario(t);
  await connect(s);
  s.relay.clock.advance(31 * DAY);
  s.fake.failNext('refresh_access_token', { hangUp: true });
  await refresher(s).runOnce();
  s.relay.clock.advance(15 * 60 * 1000);
  await refresher(s).runOnce();
  t.same(
    (await storeReceived(s)).map((event) => event.type),
    ['instagram.authorized', 'instagram.token_refreshed'],
  );
  t.match(await s.relay.repo.getConnectedAccount('shop-1'), { status: 'active', refreshFailures: 0, lastError: null });
});

t.test('tokens from shopper sign-ins are not kept once delivered', async (t) => {
  const s = await startScenario(t);
  await s.signIn();
  const [event] = await s.relay.repo.listEvents('shop-1', { limit: 1 });
  t.equal(event?.status, 'delivered');
  t.equal((await s.relay.repo.getEvent(event?.id as string))?.body, null);
  t.equal(await s.relay.repo.getConnectedAccount('shop-1'), undefined);
});
