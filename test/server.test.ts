import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { freeLoopbackPort } from '../src/dev/free-port.js';
import { spawnRelay, waitForLine } from './helpers/relay-process.js';

t.test('bad configuration stops start-up with one line per problem', async (t) => {
  const { lines, exited } = spawnRelay({ PORT: 'x' });
  t.equal(await exited, 1);
  t.same(lines, [
    'ig-login-relay: invalid configuration:',
    '  PORT: must be a whole number from 0 to 65535',
    '  COOKIE_SECRET: required (one or more comma-separated keys of 32+ characters)',
    '  MASTER_KEY: required (32 random bytes in base64, e.g. `openssl rand -base64 32`)',
  ]);
});

t.test('starts, serves, shuts down gracefully, and a restart loses nothing', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-process-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const port = await freeLoopbackPort();
  const adminToken = randomBytes(24).toString('base64url');
  const env = {
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dir, 'relay.db')}`,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    ADMIN_TOKEN: adminToken,
    WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
  const url = `http://127.0.0.1:${port}`;

  const first = spawnRelay(env);
  t.teardown(() => first.child.kill('SIGKILL'));
  await waitForLine(first.lines, /"msg":"relay ready"/);
  t.equal((await fetch(`${url}/readyz`)).status, 200);
  const created = await fetch(`${url}/v1/stores/shop-1`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ webhook_url: 'http://127.0.0.1:9/hook', return_origins: ['https://shop.example'] }),
  });
  t.equal(created.status, 201);
  first.child.kill('SIGTERM');
  t.equal(await first.exited, 0, 'SIGTERM exits cleanly');
  t.ok(first.lines.some((line) => line.includes('"msg":"stopped"')));

  const second = spawnRelay(env);
  t.teardown(() => second.child.kill('SIGKILL'));
  await waitForLine(second.lines, /"msg":"relay ready"/);
  const read = await fetch(`${url}/v1/stores/shop-1`, { headers: admin });
  t.equal(read.status, 200, 'the store survived the restart');
  second.child.kill('SIGINT');
  t.equal(await second.exited, 0);
});

t.test('an unreachable database fails start-up clearly', async (t) => {
  const { lines, exited } = spawnRelay({
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    COOKIE_SECRET: 'c'.repeat(32),
    MASTER_KEY: Buffer.alloc(32).toString('base64'),
  });
  t.equal(await exited, 1);
  t.match(lines.join('\n'), /^ig-login-relay: could not start: /);
});
