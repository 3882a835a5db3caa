import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import type { Repository } from '../storage/repository.js';
import { pollLoop, type PollLoop } from './poll-loop.js';

/**
 * Deletes once a minute what has outlived its use: flows, request ids,
 * heartbeats and daily counts past their retention (storage/retention.ts),
 * and the delivery log (attempts, delivered and dead events) after
 * DELIVERY_LOG_DAYS. A round that fails is logged and tried again a minute later.
 */
const PRUNE_EVERY_MS = 60_000;

export function createPruning(deps: {
  repo: Repository;
  clock: Clock;
  log: FastifyBaseLogger;
  deliveryLogDays: number;
}): PollLoop {
  const deliveryLogMs = deps.deliveryLogDays * 24 * 60 * 60 * 1000;
  return pollLoop(
    'pruning',
    async () => {
      try {
        await deps.repo.prune(deps.clock.now(), deliveryLogMs);
      } catch (error) {
        deps.log.error({ err: error }, 'pruning failed');
      }
      // However much a round deleted, the next one waits its minute.
      return 0;
    },
    { idleMs: PRUNE_EVERY_MS, log: deps.log },
  );
}
