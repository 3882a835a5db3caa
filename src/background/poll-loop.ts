import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `work` again and again while it finds something to do, and every
 * `idleMs` when it does not (or sooner, when woken). `work` resolves how many
 * items it handled. Stopping waits for the round in progress to finish.
 */
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

  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, options.idleMs);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function loop(): Promise<void> {
    while (running) {
      let handled = 0;
      try {
        handled = await work();
      } catch (error) {
        // A database hiccup must not end the loop; what was claimed is taken up again once its lease expires.
        options.log.error({ err: error, loop: name }, 'background work failed; trying again');
      }
      if (handled === 0 && running) await idle();
    }
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
