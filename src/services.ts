import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createSecretBox, type SecretBox } from './crypto/secret-box.js';
import { createInstagramClient, type InstagramClient } from './instagram/client.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import type { Repository, SealedField } from './storage/repository.js';
import type { StorageHealth } from './storage/storage-health.js';
import { createStoreService, storeFieldContext, type StoreService } from './tenants/store-service.js';
import { createConnectedAccounts, tokenContext, type ConnectedAccounts } from './tokens/connected-accounts.js';
import { createTokenRefresher, type TokenRefresher } from './tokens/token-refresher.js';
import { createDeliveryWorker, type DeliveryWorker } from './webhooks/delivery-worker.js';
import { createOutbox, outboxContext, type Outbox } from './webhooks/outbox.js';
import { createWebhookSender } from './webhooks/sender.js';

/** How the relay introduces itself to Instagram and to stores. */
const USER_AGENT = 'ig-login-relay/1';

/** The relay's domain services, built once from the config; the HTTP app and the CLI share them. */
export interface Services {
  box: SecretBox;
  stores: StoreService;
  metrics: Metrics;
  /** Re-seals every secret at rest with the first MASTER_KEY (step 3 of a MASTER_KEY rotation). */
  resealSecrets(): Promise<number>;
  instagram: InstagramClient;
  outbox: Outbox;
  accounts: ConnectedAccounts;
  deliveries: DeliveryWorker;
  tokenRefresher: TokenRefresher;
}

/** The context a sealed value was sealed with, from where it lives (MASTER_KEY rotation re-seals with it). */
function sealedFieldContext(field: SealedField): string {
  if (field.table === 'outbox') return outboxContext(field.id);
  if (field.table === 'connected_accounts') return tokenContext(field.storeId);
  return storeFieldContext(field.id, field.column === 'ig_app_secret' ? 'app_secret' : field.column);
}

/** Due events are looked for this often when there is nothing to do. */
const DELIVERY_IDLE_MS = 1000;
/** Events claimed and attempted together by one instance. */
const DELIVERY_BATCH = 64;
/** Tokens come due a few a day per store: looking once a minute is plenty. */
const REFRESH_IDLE_MS = 60_000;
const REFRESH_BATCH = 16;

/**
 * `storage` (the app's, not the CLI's) tells the metrics about database
 * outages and wakes the workers when one ends.
 */
export function createServices(
  config: Config,
  repo: Repository,
  clock: Clock,
  log: FastifyBaseLogger,
  storage?: StorageHealth,
): Services {
  const box = createSecretBox(config.masterKeys);
  const send = createWebhookSender({
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
    userAgent: USER_AGENT,
  });
  const stores = createStoreService({
    repo,
    box,
    clock,
    redirectUri: config.redirectUri,
    allowPrivateWebhooks: config.webhookAllowPrivate,
    webhookUserAgent: USER_AGENT,
  });
  const instanceId = config.instanceId;
  // A claim outlives an attempt (at most WEBHOOK_TIMEOUT_MS, plus the writes around it) with room to
  // spare, so only a dead instance loses one; it is also how long a dead instance's events wait.
  const leaseMs = 2 * config.webhookTimeoutMs + 5000;
  const disableWebhook = (storeId: string, at: number) => stores.disableWebhook(storeId, at);
  const metrics = createMetrics({ repo, now: () => clock.now(), storageAvailable: () => storage?.available ?? true });
  storage?.onFault(metrics.storageFault);
  const onAttempt = metrics.deliveryAttempt;
  const outbox = createOutbox({ repo, box, send, clock, log, disableWebhook, onAttempt, instanceId, leaseMs });
  const instagram = createInstagramClient({
    ...config.instagram,
    userAgent: USER_AGENT,
    observe: metrics.instagramCall,
  });
  const accounts = createConnectedAccounts({ repo, box, clock });
  const deliveries = createDeliveryWorker({
    repo,
    outbox,
    targetOf: async (storeId) => {
      const store = await stores.get(storeId);
      return store && stores.deliveryTarget(store);
    },
    clock,
    log,
    instanceId,
    leaseMs,
    batchSize: DELIVERY_BATCH,
    idleMs: DELIVERY_IDLE_MS,
  });
  const tokenRefresher = createTokenRefresher({
    repo,
    accounts,
    instagram,
    outbox,
    clock,
    log,
    instanceId,
    redirectUri: config.redirectUri,
    onEventQueued: () => deliveries.wake(),
    onRefresh: metrics.tokenRefresh,
    batchSize: REFRESH_BATCH,
    idleMs: REFRESH_IDLE_MS,
  });
  // The workers back off while the database is away; the moment it is back, they look at once.
  storage?.onRecovered(() => {
    deliveries.wake();
    tokenRefresher.wake();
  });
  return {
    box,
    stores,
    metrics,
    resealSecrets: () =>
      repo.resealAll((sealed, field) => {
        const context = sealedFieldContext(field);
        return box.seal(box.open(sealed, context), context);
      }),
    instagram,
    outbox,
    accounts,
    deliveries,
    tokenRefresher,
  };
}
