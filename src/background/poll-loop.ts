import type { FastifyBaseLogger } from 'fastify';
import { storageFaultOf } from '../storage/storage-fault.js';

/**
 * Runs `work` again and again while it finds something to do, and every
 * `idleMs` when it does not (or sooner, when woken). `work` resolves how many
 * items it handled. A round that fails (the database is away) is tried again
 * after a wait that doubles with each failure, up to MAX_BACKOFF_MS, and is
 * logged once per run of failures. Stopping waits for the round in progress.
 */
const MAX_BACKOFF_MS = 30_000;

export interface PollLoop {
  start(): void;
  stop(): Promise<void>;
  /** Something new is waiting: look now instead of at the next tick. */
  wake(): void;
}

export function pollLoop(
  name: string,
  work: () => Promise<number>,
  options: { idleMs: number; log: FastifyBaseLogger },
): PollLoop {
  let running = false;
  let finished: Promise<void> = Promise.resolve();
  let wakeUp: (() => void) | undefined;

  const idle = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function loop(): Promise<void> {
    let failures = 0;
    while (running) {
      let handled = 0;
      try {
        handled = await work();
        if (failures > 0) options.log.info({ loop: name, failures }, 'background work resumed');
        failures = 0;
      } catch (error) {
        // A database outage must not end the loop; what was claimed is taken up again once its lease expires.
        failures += 1;
        if (failures === 1) logFailure(error);
      }
      if (handled === 0 && running) await idle(failures === 0 ? options.idleMs : backoff(failures));
    }
  }

  const backoff = (failures: number) =>
    Math.max(options.idleMs, Math.min(options.idleMs * 2 ** failures, MAX_BACKOFF_MS));

  function logFailure(error: unknown): void {
    const fault = storageFaultOf(error);
    // The outage itself is logged once by storage-health.ts; a bug is logged with its stack.
    if (fault === undefined) options.log.error({ err: error, loop: name }, 'background work failed; trying again');
    else options.log.warn({ loop: name, fault }, 'background work paused: the database is unavailable');
  }

  return {
    start() {
      if (running) return;
      running = true;
      finished = loop();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await finished;
    },
    wake() {
      wakeUp?.();
    },
  };
}
