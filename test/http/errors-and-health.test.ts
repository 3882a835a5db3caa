import t from 'tap';
import { adminRequest } from '../helpers/scenario.js';
import { startRelay } from '../helpers/relay.js';

t.test('health and readiness', async (t) => {
  const relay = await startRelay(t);
  for (const path of ['/healthz', '/readyz']) {
    const answer = await fetch(`${relay.url}${path}`);
    t.same([answer.status, await answer.json()], [200, { status: 'ok' }], path);
  }
  await relay.repo.close();
  t.equal((await fetch(`${relay.url}/readyz`)).status, 200, 'a fresh answer is reused for 5 s');
  relay.clock.advance(5000);
  const notReady = await fetch(`${relay.url}/readyz`);
  t.same(
    [notReady.status, notReady.headers.get('retry-after'), await notReady.json()],
    [503, '5', { code: 'not_ready', message: 'The relay is not ready: its database does not take writes.' }],
  );
  t.equal((await fetch(`${relay.url}/healthz`)).status, 200, 'alive while the process runs');
});

t.test('unknown routes are JSON 404s', async (t) => {
  const relay = await startRelay(t);
  const answer = await fetch(`${relay.url}/wp-login.php?x=1`, { method: 'POST' });
  t.same([answer.status, await answer.json()], [404, { code: 'not_found', message: 'Not found.' }]);
});

t.test('5xx answers reveal nothing; the log keeps the cause', async (t) => {
  const relay = await startRelay(t);
  await relay.repo.close();
  const answer = await adminRequest(relay, 'GET', '/v1/stores');
  t.same(
    [answer.status, answer.body],
    [500, { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' }],
  );
  const logged = relay.logs
    .map((line) => JSON.parse(line) as { msg: string; level: number; err?: { message: string } })
    .find((entry) => entry.msg === 'request failed');
  t.match(logged?.err?.message, /database connection is not open/);
  t.equal(logged?.level, 50);
});

t.test('request ids: taken from a well-formed x-request-id, else generated', async (t) => {
  const relay = await startRelay(t);
  const given = await fetch(`${relay.url}/healthz`, { headers: { 'x-request-id': 'edge-123.abc' } });
  t.equal(given.headers.get('x-request-id'), 'edge-123.abc');
  const hostile = await fetch(`${relay.url}/healthz`, { headers: { 'x-request-id': 'a b"\u00e9' } });
  t.match(hostile.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
  const line = relay.logs
    .map((l) => JSON.parse(l) as { reqId?: string })
    .find((entry) => entry.reqId === 'edge-123.abc');
  t.same(
    { ...line, time: undefined, ms: undefined },
    {
      level: 30,
      time: undefined,
      service: 'ig-login-relay',
      reqId: 'edge-123.abc',
      method: 'GET',
      path: '/healthz',
      route: '/healthz',
      status: 200,
      ms: undefined,
      msg: 'request',
    },
  );
});
