import { pino } from 'pino';
import t from 'tap';
import { createPruning } from '../../src/background/pruning.js';
import type { Repository } from '../../src/storage/repository.js';
import { captureLog } from '../helpers/log-capture.js';
import { waitUntil } from '../helpers/relay-process.js';

const DAY = 24 * 60 * 60 * 1000;

t.test('pruning runs once started and waits its minute after each round; a failed round is logged', async (t) => {
  const { stream, entries } = captureLog();
  const log = pino(stream);
  const calls: [number, number][] = [];
  let failing = true;
  const repo = {
    async prune(now: number, deliveryLogMs: number) {
      calls.push([now, deliveryLogMs]);
      if (failing) throw new Error('disk I/O error');
      return 12;
    },
  } as unknown as Repository;
  const pruning = createPruning({ repo, clock: { now: () => 1_000 }, log, deliveryLogDays: 30 });
  t.teardown(() => pruning.stop());

  pruning.start();
  pruning.start();
  await waitUntil(
    () => entries().length === 1,
    5000,
    () => 'the failure logged',
  );
  t.same(calls, [[1_000, 30 * DAY]], 'one loop, pruning as of now and keeping DELIVERY_LOG_DAYS of deliveries');
  t.match(entries(), [{ level: 50, msg: 'pruning failed', err: { message: 'disk I/O error' } }]);

  failing = false;
  pruning.wake();
  await waitUntil(
    () => calls.length === 2,
    5000,
    () => 'a second round',
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(calls.length, 2, 'rows deleted or not, the next round waits');
  t.equal(entries().length, 1, 'a round that works logs nothing');
  await pruning.stop();
});
