import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { createSecretBox } from './crypto/secret-box.js';
import { createInstagramClient } from './instagram/client.js';
import type { Repository } from './storage/repository.js';
import { createStoreService } from './stores/store-service.js';
import { createOutbox } from './webhooks/outbox.js';
import { createWebhookSender } from './webhooks/sender.js';

/** How the relay introduces itself to Instagram and to stores. */
const USER_AGENT = 'ig-login-relay/1';

/** The relay's domain services, built once from the config; the HTTP app and the CLI share them. */
export type Services = ReturnType<typeof createServices>;

export function createServices(config: Config, repo: Repository, clock: Clock) {
  const box = createSecretBox([config.masterKey]);
  const send = createWebhookSender({
    timeoutMs: config.webhookTimeoutMs,
    allowPrivate: config.webhookAllowPrivate,
    userAgent: USER_AGENT,
  });
  return {
    box,
    stores: createStoreService({
      repo,
      box,
      clock,
      redirectUri: config.redirectUri,
      allowPrivateWebhooks: config.webhookAllowPrivate,
    }),
    instagram: createInstagramClient({ ...config.instagram, userAgent: USER_AGENT }),
    outbox: createOutbox({ repo, box, send, clock }),
  };
}
