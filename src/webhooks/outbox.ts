import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import { timeOrderedToken } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { AttemptOutcome, OutboxRow, Repository } from '../storage/repository.js';
import { afterFailure, parseRetryAfter } from './retry-schedule.js';
import type { SendWebhook } from './sender.js';
import { signWebhook } from './signature.js';

/**
 * The outbox: an event is written (sealed) before any attempt to send it, so
 * a store that is down, slow or answers non-2xx loses nothing. Every attempt
 * re-sends the same bytes under the same id, is logged, and sets what comes
 * next: delivered, a retry on the schedule, or dead after the last one.
 */
export interface DeliveryTarget {
  storeId: string;
  webhookUrl: string;
  /** Every currently valid signing key of the store (two while a secret rotates). */
  keys: readonly Buffer[];
  /** The webhook answered 410 Gone: events wait until it is set again. */
  disabled: boolean;
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(deps: {
  repo: Repository;
  box: SecretBox;
  send: SendWebhook;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Told of every attempt's outcome. */
  onAttempt?: (outcome: 'delivered' | 'failed' | 'gone') => void;
  /** Called when a store's webhook answers 410 Gone. */
  disableWebhook: (storeId: string, at: number) => Promise<void>;
  /** This relay instance: the owner of the claims it makes. */
  instanceId: string;
  /** How long a claim holds: longer than one attempt can take. */
  leaseMs: number;
  random?: () => number;
}) {
  const { repo, box, send, clock, log, instanceId } = deps;

  /** A new sealed event, due at once; `id` is its `webhook-id`. */
  function newEvent(storeId: string, type: string, body: string): OutboxRow {
    const now = clock.now();
    // Time-ordered, like the KSUIDs Standard Webhooks senders use: new rows append to the index.
    const id = `msg_${timeOrderedToken(now, 18)}`;
    return {
      id,
      storeId,
      type,
      body: box.seal(body, outboxContext(id)),
      status: 'pending',
      attempts: 0,
      createdAt: now,
      lastAttemptAt: null,
      lastStatus: null,
      lastError: null,
      deliveredAt: null,
      nextAttemptAt: now,
      retryStep: 0,
    };
  }

  /** One attempt of a claimed event; resolves whether the store accepted it. */
  async function attempt(event: Pick<OutboxRow, 'id' | 'retryStep'>, body: string, target: DeliveryTarget) {
    const now = clock.now();
    const headers = signWebhook(target.keys, event.id, Math.floor(now / 1000), body);
    const result = await send(target.webhookUrl, headers, body);
    let outcome: AttemptOutcome = { next: 'delivered' };
    if (!result.delivered) {
      outcome = afterFailure(event.retryStep, now, parseRetryAfter(result.retryAfter, now), deps.random);
    }
    if (result.status === 410) {
      // Standard Webhooks: 410 Gone means the endpoint is gone for good. Its events wait, on their
      // schedule, until the operator sets the store's webhook URL again.
      await deps.disableWebhook(target.storeId, now);
      log.warn({ store: target.storeId }, 'the store webhook answered 410 Gone; deliveries to it are disabled');
    }
    deps.onAttempt?.(result.delivered ? 'delivered' : result.status === 410 ? 'gone' : 'failed');
    const { delivered, retryAfter: _retryAfter, ...report } = result;
    if (!(await repo.finishAttempt(event.id, instanceId, { at: now, ...report }, outcome))) {
      log.warn({ event: event.id }, 'a delivery outlived its claim; another instance owns the event now');
    }
    return delivered;
  }

  return {
    newEvent,

    /**
     * Queues the event claimed by this instance, then makes the first attempt (none while the
     * store's webhook is disabled); resolves whether the store accepted it.
     */
    async enqueueAndSend(
      target: DeliveryTarget,
      type: string,
      body: string,
    ): Promise<{ id: string; delivered: boolean }> {
      const event = newEvent(target.storeId, type, body);
      if (target.disabled) {
        await repo.addEvent(event);
        return { id: event.id, delivered: false };
      }
      await repo.addEvent(event, { owner: instanceId, until: clock.now() + deps.leaseMs });
      return { id: event.id, delivered: await attempt(event, body, target) };
    },

    /** Attempts an event this instance has claimed. */
    deliverClaimed(event: OutboxRow, target: DeliveryTarget): Promise<boolean> {
      if (event.body === null) throw new Error(`event ${event.id} has no body to send`);
      return attempt(event, box.open(event.body, outboxContext(event.id)), target);
    },
  };
}

/** Binds a sealed body to its event id, so bodies cannot be swapped between rows. */
export function outboxContext(id: string): string {
  return `outbox:${id}`;
}
