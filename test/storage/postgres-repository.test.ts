import pg from 'pg';
import t, { type Test } from 'tap';
import { migrations } from '../../src/storage/migrations/index.js';
import { openPostgresRepository } from '../../src/storage/postgres/postgres-repository.js';
import type { Repository } from '../../src/storage/repository.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { repositoryContract } from './repository-contract.js';
import { event, store as storeRow, T0 } from './rows.js';

// A database of its own for every contract test, dropped when the file's tests end.
repositoryContract(t, async () => openPostgresRepository(await freshPostgresDatabase(t)));

const store = (id: string) => storeRow(id, { igAppId: null, igAppSecret: null });
const openAll = async (t: Test, url: string, count: number): Promise<Repository[]> => {
  const repos = await Promise.all(Array.from({ length: count }, () => openPostgresRepository(url)));
  for (const repo of repos) t.teardown(() => repo.close());
  return repos;
};

t.test('repositories opening one empty database together apply each migration once', async (t) => {
  const url = await freshPostgresDatabase(t);
  const repos = await openAll(t, url, 4);
  await Promise.all(repos.map((repo) => repo.heartbeat('probe', Date.now())));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
  t.same(
    rows,
    migrations.map((m) => ({ version: m.version })),
  );
});

t.test('two instances (two pools) claiming 200 due events never take the same one', async (t) => {
  const url = await freshPostgresDatabase(t);
  const [a, b] = await openAll(t, url, 2);
  await a!.insertStore(store('shop-1'));
  for (let i = 0; i < 200; i++) await a!.addEvent(event(`msg_${String(i).padStart(3, '0')}`));
  const claimed = new Map<string, string[]>([
    ['a', []],
    ['b', []],
  ]);
  const worker = async (owner: string, repo: Repository) => {
    for (;;) {
      // Several claims in flight per instance, as a worker with a pool of connections may have.
      const batches = await Promise.all([1, 2, 3].map(() => repo.claimDueEvents({ owner, until: T0 + 60_000 }, T0, 7)));
      const ids = batches.flat().map((row) => row.id);
      if (ids.length === 0) return;
      claimed.get(owner)!.push(...ids);
    }
  };
  await Promise.all([worker('a', a!), worker('b', b!)]);
  const all = [...claimed.get('a')!, ...claimed.get('b')!];
  t.equal(all.length, 200, 'every event claimed once');
  t.equal(new Set(all).size, 200, 'no event claimed twice');
  t.ok(claimed.get('a')!.length > 0 && claimed.get('b')!.length > 0, 'both instances took a share');
});

t.test('times and counts come back as numbers', async (t) => {
  const [repo] = await openAll(t, await freshPostgresDatabase(t), 1);
  await repo!.insertStore(store('shop-1'));
  await repo!.addEvent(event('msg_1'));
  const row = await repo!.getStore('shop-1');
  t.equal(typeof row?.createdAt, 'number');
  t.strictSame(await repo!.outboxStats(), { pending: 1, oldestPendingAt: T0 });
  t.strictSame((await repo!.getEvent('msg_1'))?.nextAttemptAt, T0);
});

t.test('a restart keeps the data', async (t) => {
  const url = await freshPostgresDatabase(t);
  const first = await openPostgresRepository(url);
  await first.insertStore(store('shop-1'));
  await first.rememberRequestId('shop-1', 'r1', Date.now() + 60_000);
  await first.close();
  await first.close();

  const [second] = await openAll(t, url, 1);
  t.equal(await second!.rememberRequestId('shop-1', 'r1', Date.now() + 60_000), false, 'the row is still there');
  t.same(await second!.getStore('shop-1'), store('shop-1'));
});

t.test('a connection failure does not reveal the password', async (t) => {
  const error = await openPostgresRepository('postgres://relay:s3cret-pa55@127.0.0.1:1/relay').then(
    () => undefined,
    (error: unknown) => error as Error,
  );
  t.ok(error instanceof Error, 'opening fails');
  t.notMatch(error?.message, /s3cret-pa55/);
  t.notMatch(JSON.stringify(error), /s3cret-pa55/);
});
