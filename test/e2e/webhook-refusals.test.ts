import t from 'tap';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { signWebhook } from '../../src/webhooks/signature.js';
import { screenshot } from './helpers/chromium.js';
import { startStoreStack } from './helpers/stack.js';
import { configurePlugin, logIn, SETTINGS_PATH } from './helpers/store-admin.js';

t.setTimeout(180_000);

t.test('WordPress refuses tampered, outdated and replayed webhooks', async (t) => {
  const stack = await startStoreStack(t, 'webhooks');
  const admin = await stack.browser.newPage();
  await logIn(admin, stack.wordpress.url);
  await configurePlugin(admin, stack);

  const key = storeSecretKey(stack.store.secret) as Buffer;
  const url = `${stack.wordpress.url}/wp-json/ig-login-relay/v1/webhook`;
  const now = () => Math.floor(Date.now() / 1000);
  const event = (loginId: string) =>
    JSON.stringify({
      type: 'instagram.authorized',
      timestamp: new Date().toISOString(),
      data: {
        login_id: loginId,
        store: 'lumen',
        purpose: 'login',
        state: 'state-from-the-store-0123456789abcdef',
        instagram_user_id: '17841400774391235',
        app_scoped_id: '27640875392278831',
        username: 'lumen.coffee',
        account_type: 'Business',
        name: 'Lumen Coffee Roasters',
        profile_picture_url: null,
        access_token: 'IGAAtesttokenvalue',
        token_type: 'bearer',
        expires_at: null,
        scopes: ['instagram_business_basic'],
        api: 'instagram-login',
      },
    });
  const post = async (headers: object, body: string) => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
    return { status: answer.status, body: (await answer.json()) as { code?: string; status?: string } };
  };
  const storedEvents = () => Number(stack.wordpress.query('SELECT COUNT(*) FROM wp_iglr_events')[0]?.[0]);

  const body = event('lgn_first');
  const headers = signWebhook([key], 'msg_e2e_first', now(), body);
  t.same(await post(headers, body), { status: 200, body: { status: 'stored' } }, 'a genuine event is stored');
  t.equal(storedEvents(), 1);

  const tampered = body.replace('lumen.coffee', 'someone.else');
  const refusedTampered = await post(headers, tampered);
  t.same(
    [refusedTampered.status, refusedTampered.body.code],
    [401, 'iglr_bad_signature'],
    'tampered: the body no longer matches its signature',
  );

  const oldBody = event('lgn_old');
  const refusedOld = await post(signWebhook([key], 'msg_e2e_old', now() - 400, oldBody), oldBody);
  t.same(
    [refusedOld.status, refusedOld.body.code],
    [400, 'iglr_stale_timestamp'],
    'outdated: signed more than 5 minutes ago',
  );

  const otherKey = storeSecretKey(`whsec_${Buffer.alloc(32, 7).toString('base64')}`) as Buffer;
  const forged = await post(signWebhook([otherKey], 'msg_e2e_forged', now(), oldBody), oldBody);
  t.same([forged.status, forged.body.code], [401, 'iglr_bad_signature'], 'signed with another secret');

  t.same(
    await post(headers, body),
    { status: 200, body: { status: 'duplicate' } },
    'replayed: a webhook id is processed once',
  );
  t.equal(storedEvents(), 1, 'nothing was stored by the refused or replayed deliveries');

  // Refused requests are not logged on the site (anyone can send them); the one genuine event is.
  await admin.goto(`${stack.wordpress.url}${SETTINGS_PATH}`);
  const log = (await admin.textContent('.wrap')) ?? '';
  t.equal(log.split('msg_e2e_first').length - 1, 1, 'the delivery log lists the genuine event once');
  t.notMatch(log, /msg_e2e_old|msg_e2e_forged/, 'and none of the refused ones');
  t.comment(`screenshot: ${await screenshot(admin, 'webhooks-1-delivery-log')}`);
});
