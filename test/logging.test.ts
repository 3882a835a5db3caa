import t from 'tap';
import { startScenario } from './helpers/scenario.js';

t.test('no secret reaches the log at any level, on success or failure', async (t) => {
  const s = await startScenario(t, { relay: { env: { LOG_LEVEL: 'trace' } } });
  const link = s.link();
  await s.signIn();
  s.receiver.answer({ status: 500 });
  const toCallback = await s.consent(s.link({ state: 'second' }));
  const callback = await s.browser.get(toCallback.location as string);
  t.match(callback.location, /igr_error=delivery_failed/);
  s.fake.addApp({ ...s.igApp, appSecret: 'f'.repeat(32) });
  await s.signIn({ state: 'third' });
  await fetch(`${s.relay.url}/v1/stores`, { headers: { authorization: 'Bearer wrong-token-wrong-token' } });

  const code = new URL(toCallback.location as string).searchParams.get('code') as string;
  const relayState = new URL(toCallback.location as string).searchParams.get('state') as string;
  const sig = new URL(link).searchParams.get('sig') as string;
  const tokens = s.fake.requests
    .flatMap((request) => [request.query.access_token, request.form.code])
    .filter((v): v is string => !!v);
  const delivered = s.receiver.deliveries.map(
    (d) => (JSON.parse(d.body) as { data: { access_token: string } }).data.access_token,
  );
  const cookie = [...s.browser.cookies(s.relay.url).values()][0] as string;
  const secrets = {
    code,
    relayState,
    sig,
    cookie,
    cookieKey: cookie.split('.')[0] as string,
    appSecret: s.igApp.appSecret,
    storeSecret: s.store.secret.slice('whsec_'.length),
    adminToken: s.relay.adminToken,
    ...Object.fromEntries(tokens.map((token, i) => [`token${i}`, token])),
    ...Object.fromEntries(delivered.map((token, i) => [`delivered${i}`, token])),
  };
  t.ok(tokens.length >= 6 && delivered.length === 2, 'the flows really carried codes and tokens');
  const log = s.relay.logs.join('\n');
  t.ok(s.relay.logs.length > 10, 'trace logging was on');
  for (const [name, value] of Object.entries(secrets)) {
    t.notOk(log.includes(value), `${name} is not in the log`);
  }
  const paths = s.relay.logs
    .map((line) => JSON.parse(line) as { msg: string; path?: string })
    .filter((entry) => entry.msg === 'request')
    .map((entry) => entry.path as string);
  t.ok(paths.includes('/callback') && paths.includes('/authorize'));
  t.notOk(
    paths.some((path) => path.includes('?')),
    'paths without query strings',
  );
});
