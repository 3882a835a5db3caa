import t from 'tap';
import { adminRequest, startScenario } from '../helpers/scenario.js';

t.test('refused requests are limited per client address and route group, for one minute', async (t) => {
  const s = await startScenario(t, { relay: { env: { FAILURE_LIMIT: '3' } } });
  const { app } = s.relay;
  const authorize = (query: string, remoteAddress = '203.0.113.7') =>
    app.inject({ method: 'GET', url: `/authorize?${query}`, remoteAddress, headers: { accept: 'application/json' } });
  const good = new URL(s.link()).search.slice(1);

  t.equal((await authorize(good)).statusCode, 302, 'successes are never counted');
  for (let i = 0; i < 3; i++) t.equal((await authorize(`${good}x`)).statusCode, 400, `bad signature ${i + 1}`);
  const blocked = await authorize(good);
  t.same(
    [blocked.statusCode, blocked.json()],
    [
      429,
      {
        code: 'too_many_requests',
        message: 'Too many refused requests from this address. Wait a minute and try again.',
      },
    ],
    'the fourth try is refused before any work, even a good one',
  );
  t.match(blocked.headers['retry-after'], /^(60|59)$/);
  t.equal((await authorize(good, '203.0.113.8')).statusCode, 302, 'another address is not affected');
  const admin = await app.inject({
    method: 'GET',
    url: '/v1/stores',
    remoteAddress: '203.0.113.7',
    headers: { authorization: `Bearer ${s.relay.adminToken}` },
  });
  t.equal(admin.statusCode, 200, 'another route group is not affected');

  s.relay.clock.advance(60_000);
  t.equal((await authorize(good)).statusCode, 302, 'a new window, a clean slate');
});

t.test('guessing the admin token, or scanning for paths, hits the limit too', async (t) => {
  const s = await startScenario(t, { relay: { env: { FAILURE_LIMIT: '2' } } });
  for (let i = 0; i < 2; i++)
    t.equal((await adminRequest(s.relay, 'GET', '/v1/stores', undefined, 'guess')).status, 401);
  t.equal((await adminRequest(s.relay, 'GET', '/v1/stores')).status, 429, 'the right token waits too');

  const scan = (path: string) => s.relay.app.inject({ method: 'GET', url: path, remoteAddress: '198.51.100.1' });
  t.equal((await scan('/wp-admin')).statusCode, 404);
  t.equal((await scan('/.env')).statusCode, 404);
  t.equal((await scan('/healthz')).statusCode, 429, 'the scanner is slowed down on every unlisted route');
});

t.test('FAILURE_LIMIT=0 turns the guard off', async (t) => {
  const s = await startScenario(t, { relay: { env: { FAILURE_LIMIT: '0' } } });
  for (let i = 0; i < 50; i++) await adminRequest(s.relay, 'GET', '/v1/stores', undefined, 'guess');
  t.equal((await adminRequest(s.relay, 'GET', '/v1/stores')).status, 200);
});
