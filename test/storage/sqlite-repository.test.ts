import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t from 'tap';
import { migrations } from '../../src/storage/migrations/index.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { repositoryContract } from './repository-contract.js';

repositoryContract(t, async () => openSqliteRepository(':memory:'));

t.test('a file database survives a restart and migrates once', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-sqlite-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'nested', 'relay.db');
  const first = openSqliteRepository(path);
  await first.rememberRequestId('shop-1', 'r1', Date.now() + 60_000);
  await first.close();

  const second = openSqliteRepository(path);
  t.equal(await second.rememberRequestId('shop-1', 'r1', Date.now() + 60_000), false, 'the row is still there');
  await second.close();

  const db = new Database(path, { readonly: true });
  t.same(
    db.prepare('SELECT version FROM schema_migrations ORDER BY version').all(),
    migrations.map((m) => ({ version: m.version })),
  );
  t.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  db.close();
});
