import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { storageFaultOf } from '../../src/storage/storage-fault.js';
import { chattr, immutableCapableFolder } from '../helpers/immutable-files.js';
import { waitUntil } from '../helpers/relay-process.js';
import { event, store, T0 } from './rows.js';

/** A SQLite file that stops taking writes, or is deleted or replaced, under an open repository. */
function logged() {
  const lines: { level: 'error' | 'info'; entry: object; message: string }[] = [];
  return {
    lines,
    log: {
      error: (entry: object, message: string) => lines.push({ level: 'error', entry, message }),
      info: (entry: object, message: string) => lines.push({ level: 'info', entry, message }),
    },
  };
}

function folder(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-sqlite-faults-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('a deleted file: every write refused from then on, reads go on, a copy is saved', async (t) => {
  const path = join(folder(t), 'relay.db');
  const { lines, log } = logged();
  const repo = openSqliteRepository(path, { log });
  t.teardown(() => repo.close());
  await repo.insertStore(store('shop-1'));
  await repo.addEvent(event('msg_pending'));
  rmSync(path);

  const refused = await repo.heartbeat('relay', T0).catch((error: unknown) => error);
  t.equal(storageFaultOf(refused), 'file_replaced');
  t.match((refused as Error).message, /relay\.db was deleted while the relay had it open/);
  t.equal(storageFaultOf(await repo.addEvent(event('msg_2')).catch((e: unknown) => e)), 'file_replaced', 'still');
  t.same((await repo.getStore('shop-1'))?.id, 'shop-1', 'reads still answer from the open file');
  t.notOk(existsSync(path), 'no new file was made at the path');

  await waitUntil(
    () => lines.some((line) => line.level === 'info'),
    10_000,
    () => 'the copy',
  );
  t.equal(lines.filter((line) => line.level === 'error').length, 1, 'the loss is logged once');
  const copy = (lines[1]?.entry as { copy: string }).copy;
  const saved = new Database(copy, { readonly: true });
  t.teardown(() => saved.close());
  t.same(saved.prepare('SELECT id, status FROM outbox').all(), [{ id: 'msg_pending', status: 'pending' }]);
});

t.test('a file replaced by another one is noticed as well', async (t) => {
  const dir = folder(t);
  const path = join(dir, 'relay.db');
  const repo = openSqliteRepository(path);
  t.teardown(() => repo.close());
  await repo.heartbeat('relay', T0);
  writeFileSync(join(dir, 'other.db'), '');
  renameSync(join(dir, 'other.db'), path);
  const refused = await repo.heartbeat('relay', T0).catch((error: unknown) => error);
  t.match((refused as Error).message, /was replaced by another file/);
  await waitUntil(
    () => readdirSync(dir).some((name) => name.startsWith('relay.db.rescued-')),
    10_000,
    () => 'the copy next to it',
  );
});

t.test('a disk that stops writing: the I/O error, not a follow-up, is what the caller gets', async (t) => {
  const dir = immutableCapableFolder(t, 'relay-sqlite-immutable-');
  const path = join(dir, 'relay.db');
  const repo = openSqliteRepository(path);
  t.teardown(() => repo.close());
  await repo.insertStore(store('shop-1'));
  const frozen = [path, `${path}-wal`, dir];
  t.teardown(() => chattr('-i', frozen));
  chattr('+i', frozen);
  const writes = await Promise.all(
    [repo.heartbeat('relay', T0), repo.addEvent(event('msg_1'))].map((write) => write.catch((e: unknown) => e)),
  );
  t.same(
    writes.map((error) => [storageFaultOf(error), (error as { code?: string }).code]),
    [
      ['write_failed', 'SQLITE_IOERR_WRITE'],
      ['write_failed', 'SQLITE_IOERR_WRITE'],
    ],
  );
  chattr('-i', frozen);
  await repo.addEvent(event('msg_1'));
  t.equal((await repo.getEvent('msg_1'))?.id, 'msg_1', 'writes go through again once the disk writes');
});
