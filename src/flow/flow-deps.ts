import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Metrics } from '../metrics/metrics.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Repository } from '../storage/repository.js';
import type { StoreService } from '../tenants/store-service.js';
import type { ConnectedAccounts } from '../tokens/connected-accounts.js';
import type { Outbox } from '../webhooks/outbox.js';
import type { FlowSealer } from './flow-state.js';

/** What the OAuth flow needs from the rest of the relay. */
export interface FlowDeps {
  config: Pick<Config, 'redirectUri' | 'secureCookies'>;
  clock: Clock;
  repo: Repository;
  /** Seals a started flow into the relay state, and opens it at the callback. */
  flows: FlowSealer;
  stores: StoreService;
  instagram: InstagramClient;
  outbox: Outbox;
  accounts: ConnectedAccounts;
  metrics: Metrics;
  /** Warns once when browsers arrive at another address than PUBLIC_URL. */
  checkPublicUrl: (request: FastifyRequest) => void;
}
