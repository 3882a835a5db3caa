import { join } from 'node:path';
import t from 'tap';
import { checkAlive, checkNothingLost, checkOperatorSaw, startLoad, waitForReadiness } from '../helpers/fault-load.js';
import { chattr, immutableCapableFolder } from '../helpers/immutable-files.js';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitUntil } from '../helpers/relay-process.js';

/**
 * The SQLite database stops taking writes while shoppers sign in (its file,
 * its WAL and its folder made immutable: a disk gone read-only, a full or
 * failing volume): the relay says it is not ready, shoppers get the "try
 * again" page instead of a 500, and when the disk writes again the relay is
 * ready and signs people in by itself.
 */
const SHOPPERS = 20;
/** How long the disk stays read-only at least; the test waits on what it sees, this only shapes the fault. */
const OUTAGE_MS = 5000;

t.test('SQLite made read-only under load: not ready, clean failures, recovery by itself', async (t) => {
  const dir = immutableCapableFolder(t, 'relay-read-only-');
  const path = join(dir, 'relay.db');
  const stack = await startProcessStack(t, {
    database: 'sqlite',
    databaseUrl: `sqlite:${path}`,
    env: { WEBHOOK_TIMEOUT_MS: '5000' },
  });
  const relay = await stack.startInstance('relay-sqlite');
  await stack.createStore(relay);

  const load = startLoad(stack, () => relay, SHOPPERS);
  await waitUntil(
    () => load.completedSince(0) >= SHOPPERS,
    60_000,
    () => 'sign-ins to flow',
  );
  const faultAt = Date.now();
  // Not its -shm: SQLite maps that file into memory, and a write to an immutable mapping is a SIGBUS.
  const frozen = [path, `${path}-wal`, dir];
  t.teardown(() => chattr('-i', frozen));
  chattr('+i', frozen);
  await waitForReadiness(relay, 503, 30_000);
  await waitUntil(
    () => load.attempts.filter((a) => a.ending === 'failed_cleanly' && a.at > faultAt).length >= SHOPPERS,
    60_000,
    () => 'shoppers to meet the outage',
  );
  await new Promise((resolve) => setTimeout(resolve, faultAt + OUTAGE_MS - Date.now()));
  chattr('-i', frozen);
  const restoredAt = Date.now();
  const readyAt = await waitForReadiness(relay, 200, 60_000);
  await waitUntil(
    () => load.completedSince(restoredAt) >= 1,
    60_000,
    () => 'a sign-in once the disk writes',
  );
  const signedInAt = load.attempts.find((attempt) => attempt.ending === 'completed' && attempt.at > restoredAt)!.at;
  await load.stop();

  checkAlive(t, relay);
  await checkNothingLost(t, stack, relay, load.attempts, { faultAt, restoredAt, readyAt, signedInAt });
  await checkOperatorSaw(t, relay, 'write_failed');
});
