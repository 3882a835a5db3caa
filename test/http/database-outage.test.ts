import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { adminRequest, startScenario } from '../helpers/scenario.js';

/**
 * What shoppers, API clients, the load balancer and the operator see while the
 * database takes no writes (here a real SQLite file deleted under the relay):
 * the "try again" page, a 503 with Retry-After, /readyz 503, one error log
 * line, and the metrics.
 */
t.test('a database that takes no writes: 503 "try again" everywhere, not ready, logged once, counted', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-outage-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await startScenario(t, { relay: { repo: openSqliteRepository(join(dir, 'relay.db')) } });
  const consented = await s.consent(s.link());
  t.equal((await s.browser.get(`${s.relay.url}/readyz`)).status, 200);

  rmSync(join(dir, 'relay.db'));
  const page = await s.browser.get(consented.location ?? '');
  t.same(
    [page.status, page.headers.get('retry-after'), page.headers.get('content-type')],
    [503, '5', 'text/html; charset=utf-8'],
  );
  t.match(page.body, /try again in a minute[\s\S]*<code>storage_unavailable<\/code>/);

  const api = await adminRequest(s.relay, 'PUT', '/v1/stores/shop-2', {
    webhook_url: 'https://shop.example/hook',
    return_origins: ['https://shop.example'],
  });
  t.same(
    [api.status, api.headers.get('retry-after'), api.body],
    [
      503,
      '5',
      {
        code: 'storage_unavailable',
        message: 'Sign-in is unavailable for a moment on our side. Go back to the store and try again in a minute.',
      },
    ],
  );
  t.equal((await s.browser.get(`${s.relay.url}/readyz`)).status, 503, 'not ready at once: a write just failed');

  const entries = s.relay.logs.map((line) => JSON.parse(line) as { level: number; msg: string; fault?: string });
  const outage = entries.filter((entry) => entry.msg.startsWith('database unavailable'));
  t.same(
    outage.map((entry) => [entry.level, entry.fault]),
    [[50, 'file_replaced']],
    'one error line for the outage',
  );
  t.equal(
    entries.filter((entry) => entry.msg === 'request failed: database unavailable').length,
    2,
    'a warning per request',
  );

  const metrics = await (await fetch(`${s.relay.url}/metrics`)).text();
  t.match(metrics, /^igr_storage_writable 0$/m);
  t.match(metrics, /^igr_storage_faults_total\{fault="file_replaced"\} [2-9]$/m);
});
