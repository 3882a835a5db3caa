import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import {
  checkAlive,
  checkNothingLost,
  checkOperatorSaw,
  startLoad,
  waitForReadiness,
  type Load,
} from '../helpers/fault-load.js';
import { immutableCapableFolder } from '../helpers/immutable-files.js';
import { startProcessStack } from '../helpers/process-stack.js';
import { waitForLine, waitUntil } from '../helpers/relay-process.js';

/**
 * The SQLite file deleted while the relay runs (a mistaken `rm`, a volume
 * swapped under it): the relay notices before its next commit, refuses every
 * write from then on (none would survive a restart), says it is not ready, and
 * saves a copy of what the deleted file held. The operator stops the relay,
 * puts the copy back and starts it: every event the lost file held goes out.
 */
const SHOPPERS = 20;

t.test('SQLite file deleted under load: writes refused, not ready, the copy restores everything', async (t) => {
  const dir = immutableCapableFolder(t, 'relay-deleted-');
  const path = join(dir, 'relay.db');
  const stack = await startProcessStack(t, {
    database: 'sqlite',
    databaseUrl: `sqlite:${path}`,
    env: { WEBHOOK_TIMEOUT_MS: '5000' },
  });
  const first = await stack.startInstance('relay-before');
  await stack.createStore(first);

  const load = startLoad(stack, () => first, SHOPPERS);
  await waitUntil(
    () => load.completedSince(0) >= SHOPPERS,
    60_000,
    () => 'sign-ins to flow',
  );
  const faultAt = Date.now();
  rmSync(path);
  await waitForReadiness(first, 503, 30_000);
  await waitForLine(first.process.lines, /was deleted while the relay had it open/, 30_000);
  await waitForLine(first.process.lines, /"msg":"the lost database was copied/, 30_000);
  await waitUntil(
    () => load.attempts.filter((a) => a.ending === 'failed_cleanly' && a.at > faultAt).length >= SHOPPERS,
    60_000,
    () => 'shoppers to meet the outage',
  );
  await load.stop();
  checkAlive(t, first);
  await checkOperatorSaw(t, first, 'file_replaced', false);
  t.notOk(existsSync(path), 'the relay did not make a new, empty database behind the operator’s back');

  // The operator's part, as the log says: stop the relay, move the copy to the path, start it.
  const copy = readdirSync(dir).find((name) => name.startsWith('relay.db.rescued-'));
  t.ok(copy, `the copy is next to the lost file: ${copy}`);
  const sentBefore = new Set(stack.receiver.deliveries.map((delivery) => delivery.headers['webhook-id'] as string));
  first.process.child.kill('SIGTERM');
  t.equal(await first.process.exited, 0, 'the relay stopped cleanly');
  renameSync(join(dir, copy ?? ''), path);
  const restoredAt = Date.now();
  const second = await stack.startInstance('relay-after');
  const readyAt = await waitForReadiness(second, 200, 60_000);
  const after: Load = startLoad(stack, () => second, 5);
  await waitUntil(
    () => after.completedSince(restoredAt) >= 5,
    60_000,
    () => 'sign-ins on the restored database',
  );
  await after.stop();
  const signedInAt = after.attempts.find((attempt) => attempt.ending === 'completed')!.at;

  const listed = await stack.admin(second, 'GET', '/v1/stores/shop-1/deliveries?limit=1000');
  const kept = new Set((listed.body as { deliveries: { id: string }[] }).deliveries.map((event) => event.id));
  t.same(
    [...sentBefore].filter((id) => !kept.has(id)),
    [],
    `every event sent before the restart is in the restored database (${sentBefore.size} of ${kept.size})`,
  );
  await checkNothingLost(t, stack, second, [...load.attempts, ...after.attempts], {
    faultAt,
    restoredAt,
    readyAt,
    signedInAt,
  });
});
