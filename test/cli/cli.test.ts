import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { isAuthorizeSignatureValid } from '../../src/flow/authorize-link.js';
import { runCli } from '../../src/cli/run.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

function cli(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'relay.db')}`,
    MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
    PUBLIC_URL: 'https://relay.example',
    WEBHOOK_ALLOW_PRIVATE: 'false',
  };
  return async (argv: string[], stdin = '', extraEnv: Record<string, string> = {}): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      env: { ...env, ...extraEnv },
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      readStdin: async () => stdin,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}

/** What `stores create|show|update|rotate-secret` print: the store as JSON (the secret only when just made). */
const printedStore = (out: string) =>
  JSON.parse(out) as { secret: string; redirect_uri: string; instagram: { scopes: string[] } };

t.test('create, list, show, update, rotate, delete a store', async (t) => {
  const run = cli(t);
  t.match((await run(['stores', 'list'])).out, /^No stores yet/);
  const created = await run(
    [
      'stores',
      'create',
      'acme',
      '--webhook-url',
      'https://acme.example/hook',
      '--return-origin',
      'https://acme.example',
      '--return-origin',
      'https://www.acme.example',
      '--app-id',
      '1234567890',
      '--app-secret-stdin',
    ],
    'a1b2c3d4e5f60718293a4b5c6d7e8f90\n',
  );
  t.equal(created.code, 0, created.err);
  const view = printedStore(created.out);
  t.match(view.secret, /^whsec_/);
  t.same(view.instagram, {
    app_id: '1234567890',
    app_secret_set: true,
    api: 'instagram-login',
    scopes: ['instagram_business_basic'],
  });
  t.equal(view.redirect_uri, 'https://relay.example/callback');
  t.match(created.err, /shown only now/);
  t.notMatch(created.out, /a1b2c3d4e5f60718293a4b5c6d7e8f90/, 'the app secret is never printed');

  t.equal((await run(['stores', 'list'])).out, 'acme\tinstagram-login\t1234567890\thttps://acme.example/hook');
  t.equal(printedStore((await run(['stores', 'show', 'acme'])).out).secret, undefined);
  const updated = await run([
    'stores',
    'update',
    'acme',
    '--api',
    'basic-display',
    '--scope',
    'user_profile',
    '--scope',
    'user_media',
  ]);
  t.same(printedStore(updated.out).instagram.scopes, ['user_profile', 'user_media']);

  const link = await run([
    'authorize-url',
    'acme',
    '--return-to',
    'https://acme.example/account',
    '--state',
    'cli-test',
    '--purpose',
    'connect',
    '--ttl',
    '120',
  ]);
  const url = new URL(link.out);
  t.equal(`${url.origin}${url.pathname}`, 'https://relay.example/authorize');
  const params = {
    store: 'acme',
    purpose: 'connect' as const,
    return_to: 'https://acme.example/account',
    state: 'cli-test',
    exp: Number(url.searchParams.get('exp')),
  };
  t.ok(
    isAuthorizeSignatureValid([storeSecretKey(view.secret) as Buffer], params, url.searchParams.get('sig') as string),
    'signed with the store secret',
  );
  t.ok(params.exp - Date.now() / 1000 > 100 && params.exp - Date.now() / 1000 <= 120);

  const rotated = await run(['stores', 'rotate-secret', 'acme']);
  t.not(printedStore(rotated.out).secret, view.secret);
  t.match(rotated.err, /24 hours/);
  t.same(await run(['stores', 'delete', 'acme']), { code: 0, out: 'Deleted store acme.', err: '' });
  t.same(await run(['stores', 'show', 'acme']), { code: 1, out: '', err: 'ig-login-relay: no store with id acme' });
});

t.test('mistakes get a clear message and a non-zero exit', async (t) => {
  const run = cli(t);
  const bad = await run([
    'stores',
    'create',
    'acme',
    '--webhook-url',
    'http://acme.example/hook',
    '--return-origin',
    'https://acme.example',
  ]);
  t.same(bad, { code: 1, out: '', err: 'ig-login-relay: webhook_url: must use https (tokens travel in the body)' });
  t.equal((await run(['stores', 'list'])).out.startsWith('No stores yet'), true, 'nothing was written');
  const createAcme = [
    'stores',
    'create',
    'acme',
    '--webhook-url',
    'https://acme.example/hook',
    '--return-origin',
    'https://acme.example',
  ];
  await run(createAcme);
  t.same(await run(createAcme), {
    code: 1,
    out: '',
    err: 'ig-login-relay: store acme exists; use stores update',
  });
  const usage = await run(['stores', 'create', 'acme', '--colour', 'red']);
  t.equal(usage.code, 2);
  t.match(usage.err, /Unknown option '--colour'[\s\S]*Usage: ig-login-relay/);
  t.equal((await run(['stores', 'show'])).code, 2);
  t.equal((await run(['authorize-url', 'acme'])).code, 2, '--return-to is required');
  t.equal((await run(['authorize-url', 'acme', '--return-to', 'https://acme.example/', '--ttl', '601'])).code, 2);
  t.equal((await run(['authorize-url', 'acme', '--return-to', 'https://acme.example/', '--purpose', 'admin'])).code, 2);
  t.equal((await run(['frobnicate'])).code, 2);
  t.same(await run(['--help']), { code: 0, out: (await run([])).out, err: '' });
  t.match((await run([])).out, /^Usage: ig-login-relay <command>/);
  const noKey = await run(['stores', 'list'], '', { MASTER_KEY: '' });
  t.same(
    [noKey.code, noKey.err],
    [
      1,
      'ig-login-relay: invalid configuration:\n  MASTER_KEY: required (32 random bytes in base64, e.g. `openssl rand -base64 32`)',
    ],
  );
});

t.test("list a store's deliveries, show one with its attempts, redeliver one or all failed", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-cli-deliveries-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const database = `sqlite:${join(dir, 'relay.db')}`;
  const run = cli(t);
  const runHere = (argv: string[]) => run(argv, '', { DATABASE_URL: database });
  await runHere([
    'stores',
    'create',
    'acme',
    '--webhook-url',
    'https://acme.example/hook',
    '--return-origin',
    'https://acme.example',
  ]);
  t.equal((await runHere(['deliveries', 'list', 'acme'])).out, 'No deliveries.');

  const repo = openSqliteRepository(join(dir, 'relay.db'));
  const now = Date.now();
  const event = (id: string, loginId: string | null = null) => ({
    id,
    storeId: 'acme',
    type: 'instagram.authorized',
    body: 'sealed',
    status: 'pending' as const,
    attempts: 0,
    createdAt: now,
    lastAttemptAt: null,
    lastStatus: null,
    lastError: null,
    deliveredAt: null,
    nextAttemptAt: now,
    retryStep: 0,
    loginId,
    claimableUntil: loginId === null ? null : now + 600_000,
    deliveredVia: null,
  });
  const lease = { owner: 'relay-1', until: now + 60_000 };
  const report = { at: now, status: 500, latencyMs: 31, error: 'the store answered 500' };
  await repo.addEvent(event('msg_dead'), lease);
  await repo.finishAttempt('msg_dead', 'relay-1', report, { next: 'dead' });
  await repo.addEvent(event('msg_retrying'), lease);
  await repo.finishAttempt('msg_retrying', 'relay-1', report, { next: 'retry', at: now + 5000, retryStep: 1 });
  await repo.addEvent(event('msg_claimed', 'lgn_claimed'), lease);
  await repo.claimLogin('acme', 'lgn_claimed', now);
  await repo.finishAttempt(
    'msg_claimed',
    'relay-1',
    { ...report, status: 403, error: 'the store answered 403' },
    {
      next: 'retry',
      at: now + 5000,
      retryStep: 1,
    },
  );
  await repo.close();

  const listed = await runHere(['deliveries', 'list', 'acme']);
  t.equal(listed.code, 0, listed.err);
  t.match(listed.out, /msg_dead\tinstagram\.authorized\tdead\t1 attempts\t500/);
  t.match(listed.out, /msg_retrying\tinstagram\.authorized\tpending\t1 attempts\t500\tnext \d{4}-/);
  t.match(listed.out, /msg_claimed\tinstagram\.authorized\tdelivered by claim\t1 attempts\t403$/m);
  t.notMatch((await runHere(['deliveries', 'list', 'acme', '--status', 'dead'])).out, /msg_retrying/);

  const shown = JSON.parse((await runHere(['deliveries', 'show', 'acme', 'msg_dead'])).out) as {
    attempt_log: unknown[];
  };
  t.same(shown.attempt_log, [
    {
      attempt: 1,
      at: new Date(now).toISOString(),
      status: 500,
      latency_ms: 31,
      error: 'the store answered 500',
      instance: 'relay-1',
    },
  ]);

  t.equal((await runHere(['deliveries', 'redeliver', 'acme', 'msg_dead'])).out, 'Requeued msg_dead.');
  t.equal((await runHere(['deliveries', 'redeliver', 'acme', '--failed'])).out, 'Requeued 2 events.');
  t.match(await runHere(['deliveries', 'redeliver', 'acme', 'msg_nothing']), {
    code: 1,
    err: /has no event msg_nothing/,
  });
  t.match(await runHere(['deliveries', 'show', 'other', 'msg_dead']), { code: 1 });
  t.match(await runHere(['deliveries', 'redeliver', 'acme']), { code: 2 });
  t.match(await runHere(['deliveries', 'list', 'acme', '--status', 'lost']), { code: 2, err: /--status is pending/ });
  t.match(await runHere(['deliveries', 'list', 'acme', '--limit', '0']), { code: 2 });
  t.match(await runHere(['deliveries', 'list', 'nobody']), { code: 1, err: /no store with id nobody/ });
});

t.test('MASTER_KEY rotation: rekey re-seals everything with the new key, then the old one can go', async (t) => {
  const run = cli(t);
  const oldKey = Buffer.alloc(32, 9).toString('base64');
  const newKey = Buffer.alloc(32, 10).toString('base64');
  await run(
    [
      'stores',
      'create',
      'acme',
      '--webhook-url',
      'https://acme.example/hook',
      '--return-origin',
      'https://acme.example',
      '--app-id',
      '1234567890',
      '--app-secret-stdin',
    ],
    'a1b2c3d4e5f60718293a4b5c6d7e8f90\n',
  );
  t.match(
    await run(['stores', 'show', 'acme'], '', { MASTER_KEY: newKey }),
    { code: 1 },
    'the new key alone opens nothing yet',
  );
  const rekeyed = await run(['rekey'], '', { MASTER_KEY: `${newKey},${oldKey}` });
  t.same([rekeyed.code, rekeyed.out], [0, 'Re-sealed 2 secrets with the first MASTER_KEY.']);
  const shown = await run(['stores', 'show', 'acme'], '', { MASTER_KEY: newKey });
  t.equal(shown.code, 0, shown.err);
  t.match(JSON.parse(shown.out), { id: 'acme', instagram: { app_id: '1234567890', app_secret_set: true } });
  t.match(
    await run(['stores', 'show', 'acme'], '', { MASTER_KEY: oldKey }),
    { code: 1 },
    'the old key opens nothing now',
  );
});
