import type { FromSchema } from 'json-schema-to-ts';
import type { AttemptRow, DeliverySummary } from '../storage/repository.js';
import type { DeliveryDetail, DeliveryView } from './schemas.js';

/** Deliveries as the admin and store APIs show them. */
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function deliveryView(event: DeliverySummary): FromSchema<typeof DeliveryView> {
  return {
    id: event.id,
    type: event.type,
    status: event.status,
    attempts: event.attempts,
    last_status: event.lastStatus,
    last_error: event.lastError,
    created_at: new Date(event.createdAt).toISOString(),
    last_attempt_at: iso(event.lastAttemptAt),
    next_attempt_at: iso(event.nextAttemptAt),
    delivered_at: iso(event.deliveredAt),
    delivered_via: event.deliveredVia,
  };
}

export function deliveryDetail(event: DeliverySummary, attempts: AttemptRow[]): FromSchema<typeof DeliveryDetail> {
  return {
    ...deliveryView(event),
    attempt_log: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      at: new Date(attempt.at).toISOString(),
      status: attempt.status,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
      instance: attempt.instance,
    })),
  };
}
