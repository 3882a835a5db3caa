import t from 'tap';
import { checkAlive, checkNothingLost, checkOperatorSaw, startLoad, waitForReadiness } from '../helpers/fault-load.js';
import { startPrivatePostgres } from '../helpers/private-postgres.js';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitForLine, waitUntil } from '../helpers/relay-process.js';

/**
 * PostgreSQL stopped (`pg_ctl stop -m fast`, as a restart or a failover
 * does) and started again while shoppers sign in: the relay stays up, says it
 * is not ready while the database is away, shoppers caught in the middle get
 * the "try again" page, and once the database is back the relay is ready and
 * signs people in again by itself, with every completed sign-in delivered.
 */
const SHOPPERS = 25;
/** As long as a restart or a failover takes; the test waits on what it sees, this only shapes the fault. */
const OUTAGE_MS = 10_000;

t.test('PostgreSQL stopped and restarted under load: nothing lost, no crash, recovery by itself', async (t) => {
  const server = await startPrivatePostgres(t);
  const stack = await startProcessStack(t, {
    database: 'postgres',
    databaseUrl: server.url,
    env: { WEBHOOK_TIMEOUT_MS: '5000' },
  });
  const relay = await stack.startInstance('relay-pg');
  await stack.createStore(relay);

  const load = startLoad(stack, () => relay, SHOPPERS);
  await waitUntil(
    () => load.completedSince(0) >= SHOPPERS,
    60_000,
    () => 'sign-ins to flow',
  );

  const faultAt = Date.now();
  await server.stop();
  await waitForReadiness(relay, 503, 30_000);
  // Down until shoppers have met the outage and the delivery worker has paused, not for a fixed time.
  await waitForLine(relay.process.lines, /"msg":"background work paused: the database is unavailable"/, 60_000);
  await waitUntil(
    () =>
      load.attempts.filter((attempt) => attempt.ending === 'failed_cleanly' && attempt.at > faultAt).length >= SHOPPERS,
    60_000,
    () => 'shoppers to meet the outage',
  );
  await new Promise((resolve) => setTimeout(resolve, faultAt + OUTAGE_MS - Date.now()));
  await server.start();
  const restoredAt = Date.now();
  const readyAt = await waitForReadiness(relay, 200, 60_000);
  await waitUntil(
    () => load.completedSince(restoredAt) >= 1,
    60_000,
    () => 'a sign-in after the restart',
  );
  const signedInAt = load.attempts.find((attempt) => attempt.ending === 'completed' && attempt.at > restoredAt)!.at;
  await load.stop();
  await waitForLine(relay.process.lines, /"msg":"background work resumed"/, 60_000);

  checkAlive(t, relay);
  await checkNothingLost(t, stack, relay, load.attempts, { faultAt, restoredAt, readyAt, signedInAt });
  await checkOperatorSaw(t, relay, 'unreachable');
});
