import t from 'tap';
import { warnAboutPublicUrl } from '../../src/http/public-url-check.js';
import { createLogger } from '../../src/logger.js';
import { captureLog } from '../helpers/log-capture.js';
import { startScenario } from '../helpers/scenario.js';

function capture() {
  const { stream, lines } = captureLog();
  return { log: createLogger('info', stream), lines };
}

t.test('start-up warns about plain http on a public host', async (t) => {
  for (const [publicUrl, warned] of [
    ['http://relay.example.com', true],
    ['http://127.0.0.1:3000', false],
    ['http://localhost:3000', false],
    ['https://relay.example.com', false],
  ] as const) {
    const { log, lines } = capture();
    warnAboutPublicUrl(publicUrl, log);
    t.equal(
      lines.some((line) => line.includes('PUBLIC_URL is plain http')),
      warned,
      publicUrl,
    );
  }
});

t.test('browsers arriving at another address than PUBLIC_URL are reported once', async (t) => {
  const s = await startScenario(t);
  const warnings = () => s.relay.logs.filter((line) => line.includes('another address than PUBLIC_URL'));
  await s.browser.get(s.link());
  t.same(warnings(), [], 'PUBLIC_URL is where the browser went');

  const path = new URL(s.link()).pathname + new URL(s.link()).search;
  await s.relay.app.inject({ method: 'GET', url: path, headers: { host: 'relay.example.com' } });
  await s.relay.app.inject({ method: 'GET', url: path, headers: { host: 'relay.example.com' } });
  t.equal(warnings().length, 1, 'once');
  t.match(JSON.parse(warnings()[0] as string), {
    publicUrl: s.relay.config.publicUrl,
    arrivedAs: 'http://relay.example.com',
    trustProxy: false,
  });
  t.match(warnings()[0], /set TRUST_PROXY if a proxy is in front/);
});

t.test('behind a trusted proxy, the forwarded scheme and host count', async (t) => {
  const s = await startScenario(t, {
    relay: { env: { PUBLIC_URL: 'https://relay.example.com', TRUST_PROXY: 'true' } },
  });
  const link = new URL(s.link());
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'relay.example.com' };
  await s.relay.app.inject({ method: 'GET', url: link.pathname + link.search, headers: forwarded });
  t.same(
    s.relay.logs.filter((line) => line.includes('another address than PUBLIC_URL')),
    [],
  );
});
