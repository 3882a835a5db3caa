import type { FastifyBaseLogger } from 'fastify';
import { pollLoop, type PollLoop } from '../background/poll-loop.js';
import type { Clock } from '../clock.js';
import { storageFaultOf } from '../storage/storage-fault.js';
import type { OutboxRow, Repository } from '../storage/repository.js';
import type { DeliveryTarget, Outbox } from './outbox.js';

/**
 * Sends what the outbox holds when it is due: events whose first attempt
 * failed, events queued without one, and events whose claim expired because
 * the instance holding them died. Any number of instances may run it against
 * one database; a claim (lease) keeps each event with one of them at a time.
 */
export interface DeliveryWorker extends PollLoop {
  /** Claims one batch of due events and attempts them all; resolves how many there were. */
  runOnce(): Promise<number>;
}

export function createDeliveryWorker(deps: {
  repo: Repository;
  outbox: Outbox;
  /** Where and how a store's events are sent; undefined once the store is deleted. */
  targetOf: (storeId: string) => Promise<DeliveryTarget | undefined>;
  clock: Clock;
  log: FastifyBaseLogger;
  instanceId: string;
  leaseMs: number;
  /** Events claimed and attempted together. */
  batchSize: number;
  idleMs: number;
}): DeliveryWorker {
  const { repo, outbox, clock, log } = deps;

  async function deliver(event: OutboxRow): Promise<void> {
    try {
      const target = await deps.targetOf(event.storeId);
      if (target === undefined) {
        // Deleting a store deletes its events; this one lost a race with the deletion.
        const report = { at: clock.now(), status: null, latencyMs: 0, error: 'the store no longer exists' };
        await repo.finishAttempt(event.id, deps.instanceId, report, { next: 'dead' });
        return;
      }
      await outbox.deliverClaimed(event, target);
    } catch (error) {
      // A database outage is logged once, where it is noticed (storage/storage-health.ts); a bug with its stack.
      const fault = storageFaultOf(error);
      if (fault !== undefined)
        log.warn(
          { event: event.id, fault },
          'delivery not recorded: the database is unavailable; retried once its claim expires',
        );
      else log.error({ err: error, event: event.id }, 'delivery failed unexpectedly; retried once its claim expires');
    }
  }

  async function runOnce(): Promise<number> {
    const now = clock.now();
    const due = await repo.claimDueEvents({ owner: deps.instanceId, until: now + deps.leaseMs }, now, deps.batchSize);
    await Promise.all(due.map(deliver));
    return due.length;
  }

  return { runOnce, ...pollLoop('deliveries', runOnce, { idleMs: deps.idleMs, log }) };
}
