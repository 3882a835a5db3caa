import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { openRepository } from '../storage/open-repository.js';
import type { Repository } from '../storage/repository.js';
import { generateStoreSecret } from '../tenants/store-secret.js';
import { createDemoStore } from './demo-store/server.js';
import { demoUsers, startFakeInstagram, type FakeInstagram } from './fake-instagram/server.js';
import { freeLoopbackPort } from './free-port.js';

/**
 * The demo stack: the relay, a simulated Instagram and a demo store, all on
 * loopback, with throw-away secrets (`npm run demo` starts it; tests too).
 */
export interface Demo {
  storeUrl: string;
  relayUrl: string;
  fake: FakeInstagram;
  close(): Promise<void>;
}

const DEMO_APP = { appId: '100200300400500', appSecret: randomBytes(16).toString('hex') };

export async function startDemo(options: { storePort?: number; logLevel?: string } = {}): Promise<Demo> {
  const fake = await startFakeInstagram({ users: demoUsers });
  const store = { id: 'demo-store', secret: generateStoreSecret() };
  // The store answers on "localhost" and the relay on "127.0.0.1": two host names, so
  // their cookies stay apart, as they would on two real domains.
  const storePort = options.storePort ?? 3000;
  const storeUrl = `http://localhost:${storePort}`;
  const relayPort = await freeLoopbackPort();

  const config = loadConfig({
    PORT: String(relayPort),
    DATABASE_URL: 'sqlite::memory:',
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: options.logLevel ?? 'warn',
    IG_WWW_URL: fake.wwwUrl,
    IG_API_URL: fake.apiUrl,
    IG_GRAPH_URL: fake.graphUrl,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    STORE_ID: store.id,
    STORE_SECRET: store.secret,
    STORE_WEBHOOK_URL: `http://127.0.0.1:${storePort}/webhooks/instagram`,
    STORE_RETURN_ORIGINS: storeUrl,
    STORE_IG_APP_ID: DEMO_APP.appId,
    STORE_IG_APP_SECRET: DEMO_APP.appSecret,
  });
  fake.addApp({ ...DEMO_APP, redirectUris: [config.redirectUri], mode: 'business' });

  let repo: Repository | undefined;
  let relay: FastifyInstance | undefined;
  let shop: FastifyInstance | undefined;
  const close = async () => {
    await shop?.close();
    await relay?.close();
    await repo?.close();
    await fake.close();
  };
  try {
    repo = await openRepository(config.database);
    // The relay runs as `npm start` runs it, background work included: a webhook the store missed is retried.
    relay = await buildApp({ config, repo, logger: createLogger(config.logLevel), background: true });
    await relay.listen({ host: config.host, port: config.port });
    shop = createDemoStore({
      relayUrl: config.publicUrl,
      storeId: store.id,
      storeSecret: store.secret,
      publicUrl: storeUrl,
    });
    await shop.listen({ host: 'localhost', port: storePort });
  } catch (error) {
    await close();
    throw error;
  }
  return { storeUrl, relayUrl: config.publicUrl, fake, close };
}
