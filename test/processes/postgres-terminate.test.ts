import t from 'tap';
import { checkAlive, checkNothingLost, checkOperatorSaw, startLoad } from '../helpers/fault-load.js';
import { onPostgresServer } from '../helpers/postgres.js';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitForLine, waitUntil } from '../helpers/relay-process.js';

/**
 * The server closes the relay's connections (`pg_terminate_backend`, as an
 * administrator or a connection pooler's failover does) again and again while
 * shoppers sign in: the relay stays up, the sign-ins whose statement was cut
 * off get the "try again" page, and the next ones go through on new
 * connections.
 */
const SHOPPERS = 25;

t.test('connections terminated by the server under load: nothing lost, no crash', async (t) => {
  const stack = await startProcessStack(t, { database: 'postgres', env: { WEBHOOK_TIMEOUT_MS: '5000' } });
  const relay = await stack.startInstance('relay-terminated');
  await stack.createStore(relay);
  const database = new URL(stack.databaseUrl).pathname.slice(1);
  const terminateAll = () =>
    onPostgresServer(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`,
    );

  const load = startLoad(stack, () => relay, SHOPPERS);
  await waitUntil(
    () => load.completedSince(0) >= SHOPPERS,
    60_000,
    () => 'sign-ins to flow',
  );
  const faultAt = Date.now();
  // Terminate every connection after each completed sign-in, until the relay has been hit mid-statement.
  let rounds = 0;
  await waitUntil(
    async () => {
      if (load.completedSince(faultAt) >= rounds) {
        rounds += 1;
        await terminateAll();
      }
      return relay.process.lines.some((line) => line.includes('"msg":"database unavailable'));
    },
    120_000,
    () => `a terminated connection to cut a statement off (${rounds} rounds)`,
  );
  const restoredAt = Date.now();
  await waitForLine(relay.process.lines, /"msg":"database writable again"/, 60_000);
  const readyAt = Date.now();
  await waitUntil(
    () => load.completedSince(restoredAt) >= 1,
    60_000,
    () => 'a sign-in after the last termination',
  );
  const signedInAt = load.attempts.find((attempt) => attempt.ending === 'completed' && attempt.at > restoredAt)!.at;
  await load.stop();
  t.comment(`connections terminated in ${rounds} rounds`);

  checkAlive(t, relay);
  await checkNothingLost(t, stack, relay, load.attempts, { faultAt, restoredAt, readyAt, signedInAt });
  await checkOperatorSaw(t, relay, 'unreachable');
});
