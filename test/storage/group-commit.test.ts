import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { groupCommit } from '../../src/storage/sqlite/group-commit.js';

function setup(t: Test) {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  t.teardown(() => db.close());
  const write = groupCommit(db);
  const insert = db.prepare('INSERT INTO items (name) VALUES (?)');
  return { db, write, insert };
}

t.test('writes issued together commit together, each caller getting its own result', async (t) => {
  const { db, write, insert } = setup(t);
  let transactionsSeen = 0;
  const inTransaction = () => {
    if (db.inTransaction) transactionsSeen += 1;
  };
  const results = await Promise.all(
    ['a', 'b', 'c'].map((name) => write(() => (inTransaction(), Number(insert.run(name).lastInsertRowid)))),
  );
  t.same(results, [1, 2, 3]);
  t.equal(transactionsSeen, 3, 'all three ran inside the batch transaction');
  t.equal((db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n, 3);
});

t.test('a failing statement fails only its caller', async (t) => {
  const { db, write, insert } = setup(t);
  const outcomes = await Promise.allSettled([
    write(() => insert.run('same')),
    write(() => insert.run('same')),
    write(() => insert.run('other')),
  ]);
  t.same(
    outcomes.map((outcome) => outcome.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  t.match((outcomes[1] as PromiseRejectedResult).reason, { code: 'SQLITE_CONSTRAINT_UNIQUE' });
  t.same(db.prepare('SELECT name FROM items ORDER BY id').all(), [{ name: 'same' }, { name: 'other' }]);
});

t.test('when the commit itself fails, every caller in the batch hears of it', async (t) => {
  const { db, write, insert } = setup(t);
  const pending = [write(() => insert.run('x')), write(() => insert.run('y'))];
  db.close();
  for (const outcome of await Promise.allSettled(pending)) t.equal(outcome.status, 'rejected');
});
