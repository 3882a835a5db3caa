import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock.js';
import { timeOrderedToken } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { AttemptOutcome, LoginClaim, OutboxRow, Repository } from '../storage/repository.js';
import { afterFailure, parseRetryAfter } from './retry-schedule.js';
import type { SendWebhook } from './sender.js';
import { signWebhook, type SignedHeaders } from './signature.js';

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

/** A sign-in event the store may claim by its login id until `claimableUntil` (its flow's expiry). */
export interface ClaimableLogin {
  loginId: string;
  claimableUntil: number;
}

/** What a claim hands the store: the event exactly as its webhook carries it, signed now. */
export type ClaimAnswer =
  { result: 'claimed'; headers: SignedHeaders; body: string } | { result: Exclude<LoginClaim['result'], 'claimed'> };

export interface Outbox {
  /** A new sealed event, due at once; `id` is its `webhook-id`. */
  newEvent(storeId: string, type: string, body: string, login?: ClaimableLogin): OutboxRow;
  /**
   * Queues the event claimed by this instance, then makes the first attempt (none while the
   * store's webhook is disabled); resolves whether the store accepted it.
   */
  enqueueAndSend(
    target: DeliveryTarget,
    type: string,
    body: string,
    login?: ClaimableLogin,
  ): Promise<{ id: string; delivered: boolean }>;
  /**
   * Queues the event as enqueueAndSend does and resolves once it is durable; the first
   * attempt goes on in the background (its failure is a retry like any other).
   */
  enqueueAndStart(target: DeliveryTarget, type: string, body: string, login?: ClaimableLogin): Promise<string>;
  /**
   * Hands a store the sign-in event of one of its logins, marked delivered by claim, with
   * webhook headers signed now: the store verifies it exactly as it verifies a webhook.
   */
  claimLogin(target: DeliveryTarget, loginId: string): Promise<ClaimAnswer>;
  /** Resolves once every background first attempt has finished (the app's close waits for this). */
  settle(): Promise<void>;
  /** Attempts an event this instance has claimed. */
  deliverClaimed(event: OutboxRow, target: DeliveryTarget): Promise<boolean>;
}

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
}): Outbox {
  const { repo, box, send, clock, log, instanceId } = deps;
  /** First attempts the browser did not wait for; closing waits for them. */
  const inFlight = new Set<Promise<unknown>>();

  function newEvent(storeId: string, type: string, body: string, login?: ClaimableLogin): OutboxRow {
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
      loginId: login?.loginId ?? null,
      claimableUntil: login?.claimableUntil ?? null,
      deliveredVia: null,
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

  /** Writes the event, claimed by this instance for its first attempt unless the webhook is disabled. */
  async function enqueue(target: DeliveryTarget, type: string, body: string, login?: ClaimableLogin) {
    const event = newEvent(target.storeId, type, body, login);
    await repo.addEvent(event, target.disabled ? undefined : { owner: instanceId, until: clock.now() + deps.leaseMs });
    return event;
  }

  return {
    newEvent,

    async enqueueAndSend(
      target: DeliveryTarget,
      type: string,
      body: string,
      login?: ClaimableLogin,
    ): Promise<{ id: string; delivered: boolean }> {
      const event = await enqueue(target, type, body, login);
      return { id: event.id, delivered: !target.disabled && (await attempt(event, body, target)) };
    },

    async enqueueAndStart(target: DeliveryTarget, type: string, body: string, login?: ClaimableLogin): Promise<string> {
      const event = await enqueue(target, type, body, login);
      if (!target.disabled) {
        const first = attempt(event, body, target).catch((error: unknown) => {
          // The lease runs out and a worker takes the event over: nothing is lost.
          log.warn({ event: event.id, err: error }, 'a first delivery attempt failed to finish');
        });
        inFlight.add(first);
        void first.finally(() => inFlight.delete(first));
      }
      return event.id;
    },

    async claimLogin(target: DeliveryTarget, loginId: string): Promise<ClaimAnswer> {
      const claim = await repo.claimLogin(target.storeId, loginId, clock.now());
      if (claim.result !== 'claimed') return claim;
      const { id, body: sealed } = claim.event;
      if (sealed === null) throw new Error(`event ${id} has no body to hand over`);
      const body = box.open(sealed, outboxContext(id));
      return { result: 'claimed', headers: signWebhook(target.keys, id, Math.floor(clock.now() / 1000), body), body };
    },

    async settle(): Promise<void> {
      await Promise.all(inFlight);
    },

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
