import { pino } from 'pino';
import t from 'tap';
import { pollLoop } from '../../src/background/poll-loop.js';
import { StorageUnavailableError } from '../../src/storage/storage-fault.js';
import { captureLog } from '../helpers/log-capture.js';
import { waitUntil } from '../helpers/relay-process.js';

/** A loop whose work fails while the database is away: logged once, backed off, resumed when it is back. */
function capture() {
  const { stream, entries } = captureLog();
  return { entries, log: pino(stream) };
}

t.test('an outage pauses the loop with one warning; the first round that works resumes it', async (t) => {
  const { entries, log } = capture();
  let rounds = 0;
  let away = true;
  const loop = pollLoop(
    'deliveries',
    async () => {
      rounds += 1;
      if (away) throw new StorageUnavailableError('unreachable', 'the database does not answer');
      return 0;
    },
    { idleMs: 1, log },
  );
  loop.start();
  t.teardown(() => loop.stop());
  await waitUntil(
    () => rounds >= 4,
    10_000,
    () => 'four failed rounds',
  );
  away = false;
  loop.wake();
  await waitUntil(
    () => entries().some((line) => line.msg === 'background work resumed'),
    10_000,
    () => 'resumed',
  );
  t.same(
    entries().map((line) => [line.level, line.msg]),
    [
      [40, 'background work paused: the database is unavailable'],
      [30, 'background work resumed'],
    ],
  );
});

t.test('a bug is logged as an error, with its stack', async (t) => {
  const { entries, log } = capture();
  let rounds = 0;
  const loop = pollLoop(
    'token refreshes',
    async () => {
      rounds += 1;
      if (rounds === 1) throw new Error('a bug');
      return 0;
    },
    { idleMs: 1, log },
  );
  loop.start();
  await waitUntil(
    () => entries().length >= 2,
    10_000,
    () => 'the error and the resumption',
  );
  await loop.stop();
  t.match(entries()[0], { level: 50, msg: 'background work failed; trying again', err: { message: 'a bug' } });
});
