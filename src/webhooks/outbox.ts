import { timeOrderedToken } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Repository } from '../storage/repository.js';
import type { Clock } from '../clock.js';
import type { SendWebhook } from './sender.js';
import { signWebhook } from './signature.js';

/**
 * The outbox: an event is written (sealed) before any attempt to send it, so
 * a store that is down, slow or answers non-2xx loses nothing; the row keeps
 * its status and the next attempt re-sends the same bytes under the same id.
 */
export interface DeliveryTarget {
  storeId: string;
  webhookUrl: string;
  /** Every currently valid signing key of the store (two while a secret rotates). */
  keys: readonly Buffer[];
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(deps: { repo: Repository; box: SecretBox; send: SendWebhook; clock: Clock }) {
  const { repo, box, send, clock } = deps;

  async function attempt(target: DeliveryTarget, id: string, body: string): Promise<boolean> {
    const now = clock.now();
    const headers = signWebhook(target.keys, id, Math.floor(now / 1000), body);
    const result = await send(target.webhookUrl, headers, body);
    await repo.recordAttempt(id, { at: now, ...result });
    return result.delivered;
  }

  return {
    /** Queues the event, then makes the first attempt; resolves whether the store accepted it. */
    async enqueueAndSend(
      target: DeliveryTarget,
      type: string,
      body: string,
    ): Promise<{ id: string; delivered: boolean }> {
      // Time-ordered, like the KSUIDs Standard Webhooks senders use: new rows append to the index.
      const id = `msg_${timeOrderedToken(clock.now(), 18)}`;
      await repo.addEvent({
        id,
        storeId: target.storeId,
        type,
        body: box.seal(body, outboxContext(id)),
        status: 'pending',
        attempts: 0,
        createdAt: clock.now(),
        lastAttemptAt: null,
        lastStatus: null,
        lastError: null,
        deliveredAt: null,
      });
      return { id, delivered: await attempt(target, id, body) };
    },
  };
}

/** Binds a sealed body to its event id, so bodies cannot be swapped between rows. */
function outboxContext(id: string): string {
  return `outbox:${id}`;
}
