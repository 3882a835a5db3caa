import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { InstagramEndpoint } from '../instagram/instagram-error.js';
import type { LoginClaim, Repository } from '../storage/repository.js';
import { storageFaultOf, type StorageFault } from '../storage/storage-fault.js';

/**
 * What an operator watches, in Prometheus' text format at /metrics: flows,
 * Instagram calls (with latency), webhook deliveries, the outbox and token
 * refreshes, plus the process's own CPU, memory and event-loop lag. One
 * registry per app, so tests and several apps in one process never mix.
 */
export interface Metrics {
  flowStarted: (purpose: string) => void;
  flowFinished: (outcome: string) => void;
  instagramCall: (endpoint: InstagramEndpoint, outcome: string, seconds: number) => void;
  deliveryAttempt: (outcome: 'delivered' | 'failed' | 'gone') => void;
  loginClaim: (result: LoginClaim['result']) => void;
  tokenRefresh: (outcome: 'refreshed' | 'retrying' | 'failed') => void;
  storageFault: (fault: StorageFault) => void;
  readonly contentType: string;
  /** The exposition text; the outbox is read from the database at each scrape (kept as it was while it is away). */
  render(): Promise<string>;
}

export function createMetrics(deps: {
  repo: Repository;
  now: () => number;
  storageAvailable?: () => boolean;
}): Metrics {
  const registry = new Registry();
  // The process's own metrics (CPU, memory, event-loop lag) start with the first scrape: a relay nobody
  // scrapes does not keep their collectors and event-loop histogram running.
  let processMetrics = false;
  const flowsStarted = new Counter({
    name: 'igr_flows_started_total',
    help: 'Sign-in flows started at /authorize.',
    labelNames: ['purpose'] as const,
    registers: [registry],
  });
  const flowsFinished = new Counter({
    name: 'igr_flows_finished_total',
    help: 'Sign-in flows finished at /callback, by outcome (delivered, delivery_failed, access_denied, instagram_error, invalid_request).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const instagramCalls = new Histogram({
    name: 'igr_instagram_request_duration_seconds',
    help: 'Calls to Instagram by endpoint and outcome (ok or a failure kind), with their latency.',
    labelNames: ['endpoint', 'outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'igr_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (delivered, failed, gone).',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const claims = new Counter({
    name: 'igr_login_claims_total',
    help: 'Stores claiming a sign-in over the store API, by result (claimed, not_found, expired, delivered).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const refreshes = new Counter({
    name: 'igr_token_refreshes_total',
    help: "Refreshes of stores' connected-account tokens by outcome (refreshed, retrying, failed).",
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  const storageFaults = new Counter({
    name: 'igr_storage_faults_total',
    help: 'Database calls that failed because the database was unavailable, by fault (unreachable, read_only, write_failed, file_replaced).',
    labelNames: ['fault'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'igr_storage_writable',
    help: '1 while the database takes writes, 0 during an outage (when /readyz answers 503).',
    registers: [registry],
    collect() {
      this.set(deps.storageAvailable?.() === false ? 0 : 1);
    },
  });
  const outbox = { pending: 0, oldestPendingAt: null as number | null };
  new Gauge({
    name: 'igr_outbox_pending_events',
    help: 'Events waiting in the outbox (queued, retrying or held for a disabled webhook).',
    registers: [registry],
    collect() {
      this.set(outbox.pending);
    },
  });
  new Gauge({
    name: 'igr_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest event waiting in the outbox; 0 when none waits.',
    registers: [registry],
    collect() {
      this.set(outbox.oldestPendingAt === null ? 0 : (deps.now() - outbox.oldestPendingAt) / 1000);
    },
  });

  // Sign-ins count on the hot path: keep each label's child instead of hashing labels on every call.
  const started = new Map<string, ReturnType<typeof flowsStarted.labels>>();
  const finished = new Map<string, ReturnType<typeof flowsFinished.labels>>();
  const child = <C>(cache: Map<string, C>, value: string, make: () => C): C => {
    let found = cache.get(value);
    if (found === undefined) cache.set(value, (found = make()));
    return found;
  };

  return {
    flowStarted: (purpose: string) => child(started, purpose, () => flowsStarted.labels(purpose)).inc(),
    flowFinished: (outcome: string) => child(finished, outcome, () => flowsFinished.labels(outcome)).inc(),
    instagramCall: (endpoint: InstagramEndpoint, outcome: string, seconds: number) =>
      instagramCalls.observe({ endpoint, outcome }, seconds),
    deliveryAttempt: (outcome: 'delivered' | 'failed' | 'gone') => deliveries.inc({ outcome }),
    loginClaim: (result: LoginClaim['result']) => claims.inc({ result }),
    tokenRefresh: (outcome: 'refreshed' | 'retrying' | 'failed') => refreshes.inc({ outcome }),
    storageFault: (fault: StorageFault) => storageFaults.inc({ fault }),
    contentType: registry.contentType,
    async render(): Promise<string> {
      try {
        Object.assign(outbox, await deps.repo.outboxStats());
      } catch (error) {
        if (storageFaultOf(error) === undefined) throw error;
      }
      if (!processMetrics) {
        collectDefaultMetrics({ register: registry });
        processMetrics = true;
      }
      return registry.metrics();
    },
  };
}
