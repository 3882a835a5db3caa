import t from 'tap';
import { createPool, inTransaction } from '../../src/storage/postgres/pool.js';
import { storageFaultOf } from '../../src/storage/storage-fault.js';
import { freshPostgresDatabase, onPostgresServer } from '../helpers/postgres.js';

/**
 * A connection the server closes while a transaction holds it (a restart, a
 * failover, `pg_terminate_backend`): the transaction fails with a fault the
 * relay answers 503, the process lives on (an 'error' event nobody listens to
 * would end it), and the pool hands out a working connection next.
 */
t.test('a connection terminated mid-transaction fails that transaction, not the process', async (t) => {
  const pool = createPool(await freshPostgresDatabase(t));
  t.teardown(() => pool.end());
  const failed = inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const ended = new Promise((resolve) => client.once('end', resolve));
    await onPostgresServer(`SELECT pg_terminate_backend(${rows[0]?.pid})`);
    // The server's "terminating connection" arrives between two queries: as an 'error' event.
    await ended;
    return client.query('SELECT 1');
  });
  const error = await failed.catch((caught: unknown) => caught);
  t.equal(storageFaultOf(error), 'unreachable', `a fault the relay answers 503: ${(error as Error).message}`);
  t.same((await pool.query('SELECT 1 AS one')).rows, [{ one: 1 }], 'the next connection works');
  t.equal(pool.totalCount, 1, 'the broken connection was destroyed, not reused');
});

t.test('a server that is not there is a fault, found out at once', async (t) => {
  // Port 1 on loopback: nothing listens, the connection is refused.
  const pool = createPool('postgres://postgres@127.0.0.1:1/postgres');
  t.teardown(() => pool.end());
  const error = await inTransaction(pool, async () => undefined).catch((caught: unknown) => caught);
  t.equal(storageFaultOf(error), 'unreachable');
});
