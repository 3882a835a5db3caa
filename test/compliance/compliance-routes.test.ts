import t from 'tap';
import { signedRequest } from '../../src/dev/fake-instagram/compliance-callbacks.js';
import { verifyWebhook } from '../../src/webhooks/signature.js';
import { BUSINESS, startScenario, type Scenario } from '../helpers/scenario.js';

const url = (s: Scenario, kind: 'deauthorize' | 'data-deletion', store = 'shop-1') =>
  `${s.relay.url}/meta/${kind}/${store}`;
const callback = (s: Scenario, kind: 'deauthorize' | 'data-deletion', userId = BUSINESS.userId) => ({
  url: url(s, kind),
  appSecret: s.igApp.appSecret,
  userId,
});

/** The events the store received, verified. */
async function received(s: Scenario) {
  await s.relay.app.services.deliveries.runOnce();
  return s.receiver.deliveries.map((d) => {
    if (verifyWebhook([s.store.key], d.headers, d.body, Number(d.headers['webhook-timestamp'])) !== 'valid') {
      throw new Error('unsigned event');
    }
    return JSON.parse(d.body) as { type: string; data: Record<string, string> };
  });
}

t.test('Meta deauthorizes: the store is told which Instagram user removed the app', async (t) => {
  const s = await startScenario(t);
  await s.signIn({ purpose: 'connect' });
  t.ok(await s.relay.repo.getConnectedAccount('shop-1'));

  const answer = await s.fake.deauthorize(callback(s, 'deauthorize'));
  t.same([answer.status, JSON.parse(answer.body)], [200, { status: 'received' }]);
  const [, event] = await received(s);
  t.equal(event?.type, 'instagram.deauthorized');
  t.same(event?.data, {
    store: 'shop-1',
    instagram_user_id: BUSINESS.userId,
    issued_at: new Date(Math.floor(s.relay.clock.now() / 1000) * 1000).toISOString(),
  });
  t.equal(await s.relay.repo.getConnectedAccount('shop-1'), undefined, "the relay forgets the account's token");
});

t.test('Meta asks for data deletion: a confirmation code, a status page, and the store is told', async (t) => {
  const s = await startScenario(t);
  const answer = await s.fake.requestDataDeletion(callback(s, 'data-deletion'));
  t.equal(answer.status, 200);
  const { url: statusUrl, confirmation_code: code } = JSON.parse(answer.body) as {
    url: string;
    confirmation_code: string;
  };
  t.match(code, /^[A-Za-z0-9]{24}$/, 'alphanumeric, unguessable');
  t.equal(statusUrl, `${s.relay.config.publicUrl}/meta/data-deletion/status/${code}`);

  const before = await fetch(`${s.relay.url}/meta/data-deletion/status/${code}`);
  t.equal(before.status, 200);
  t.match(before.headers.get('content-type'), /text\/html/);
  const pending = await before.text();
  t.match(pending, code);
  t.match(pending, /on its way to the shop/);
  t.notMatch(pending, BUSINESS.userId, 'the page names no one');

  const [event] = await received(s);
  t.same(event?.type, 'instagram.data_deletion_requested');
  t.match(event?.data, {
    store: 'shop-1',
    instagram_user_id: BUSINESS.userId,
    confirmation_code: code,
    status_url: statusUrl,
  });
  t.match(
    await (await fetch(statusUrl.replace(s.relay.config.publicUrl, s.relay.url))).text(),
    /The shop has received/,
  );

  const again = await s.fake.requestDataDeletion({
    ...callback(s, 'data-deletion'),
    issuedAt: Math.floor(s.relay.clock.now() / 1000),
  });
  t.equal(
    (JSON.parse(again.body) as { confirmation_code: string }).confirmation_code,
    code,
    'the same signed request again: the same answer',
  );
  t.equal((await received(s)).length, 1, 'and no second event');

  const unknown = await fetch(`${s.relay.url}/meta/data-deletion/status/NOSUCHCODE`);
  t.equal(unknown.status, 404);
  t.match(await unknown.text(), /No data deletion request has this confirmation code/);
});

t.test('unsigned, mis-signed, stale or unknown-store requests are refused and change nothing', async (t) => {
  const s = await startScenario(t);
  const post = (target: string, body: string, contentType = 'application/x-www-form-urlencoded') =>
    fetch(target, { method: 'POST', headers: { 'content-type': contentType }, body }).then(async (r) => [
      r.status,
      ((await r.json()) as { code: string }).code,
    ]);
  const now = Math.floor(s.relay.clock.now() / 1000);
  const signed = (secret: string, patch: Record<string, unknown> = {}) =>
    `signed_request=${signedRequest(secret, { algorithm: 'HMAC-SHA256', issued_at: now, user_id: '42', ...patch })}`;
  for (const kind of ['deauthorize', 'data-deletion'] as const) {
    t.same(await post(url(s, kind), ''), [400, 'invalid_request'], `${kind}: no signed_request`);
    t.same(await post(url(s, kind), signed('wrong-secret')), [400, 'signed_request_invalid'], `${kind}: wrong secret`);
    t.same(
      await post(url(s, kind), signed(s.igApp.appSecret, { issued_at: now - 3 * 86_400 })),
      [400, 'signed_request_stale'],
      `${kind}: stale`,
    );
    t.same(
      await post(url(s, kind, 'nobody'), signed(s.igApp.appSecret)),
      [400, 'signed_request_invalid'],
      `${kind}: an unknown store answers like a bad signature`,
    );
    t.same(
      await post(url(s, kind), JSON.stringify({ signed_request: 'x' }), 'application/json'),
      [415, 'unsupported_media_type'],
      `${kind}: Meta posts a form`,
    );
  }
  t.same(await received(s), [], 'nothing reached the store');
});
