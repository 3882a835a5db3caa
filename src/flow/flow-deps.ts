import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics/metrics.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Repository } from '../storage/repository.js';
import type { StoreService } from '../stores/store-service.js';
import type { ConnectedAccounts } from '../tokens/connected-accounts.js';
import type { Outbox } from '../webhooks/outbox.js';

/** What the OAuth flow needs from the rest of the relay. */
export interface FlowDeps {
  config: Pick<Config, 'redirectUri' | 'secureCookies'>;
  clock: Clock;
  repo: Repository;
  stores: StoreService;
  instagram: InstagramClient;
  outbox: Outbox;
  accounts: ConnectedAccounts;
  metrics: Metrics;
  /** Warns once when browsers arrive at another address than PUBLIC_URL. */
  checkPublicUrl: (request: FastifyRequest) => void;
}
