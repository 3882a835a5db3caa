import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'tap';
import { demoUsers, startFakeInstagram, type FakeInstagram } from '../../src/dev/fake-instagram/server.js';
import { freeLoopbackPort } from '../../src/dev/free-port.js';
import { authorizeUrl } from '../../src/flow/authorize-link.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { Browser, type Page } from './browser.js';
import { freshPostgresDatabase } from './postgres.js';
import { startRelayProcess, type RelayProcess } from './relay-process.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/**
 * Relay processes as an operator runs them, behind one public URL (a load
 * balancer would pick the instance; tests pick it themselves), sharing one
 * database, the fake Instagram and a store's webhook receiver.
 */
export interface ProcessStack {
  fake: FakeInstagram;
  receiver: WebhookReceiver;
  databaseUrl: string;
  /** Starts one more instance; `name` becomes its INSTANCE_ID. */
  startInstance(name: string): Promise<Instance>;
  /** Registers the store (through `instance`'s admin API) and the Instagram app. */
  createStore(instance: Instance): Promise<void>;
  /** A shopper's sign-in: /authorize on `start`, /callback on `finish`; returns where the relay sent the browser. */
  signIn(start: Instance, finish?: Instance, username?: string): Promise<string>;
  /** A sign-in by a shopper of their own (a browser of their own), told apart by how it ended. */
  trySignIn(instance: Instance): Promise<SignInAttempt>;
  admin(instance: Instance, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
}

/**
 * How a sign-in ended for the shopper: back at the store signed in, or at
 * the relay's "try again" page (503, storage_unavailable) or back at the store
 * with an error code, or anything else (a 500, a broken connection, a hang).
 */
export type SignInAttempt =
  | { ending: 'completed'; loginId: string }
  | { ending: 'failed_cleanly'; step: 'authorize' | 'callback' | 'delivery_failed' }
  | { ending: 'unclean'; detail: string };

export interface Instance {
  name: string;
  url: string;
  process: RelayProcess;
}

const SHOP = 'https://shop.example';
/** Longer than any answer a working relay gives under load; a request that takes longer is a hang. */
const HANG_MS = 30_000;

export async function startProcessStack(
  t: Test,
  options: { database: 'sqlite' | 'postgres'; env?: Record<string, string>; databaseUrl?: string },
): Promise<ProcessStack> {
  const fake = await startFakeInstagram({ users: demoUsers });
  t.teardown(() => fake.close());
  const receiver = await startWebhookReceiver(t);
  let databaseUrl: string;
  if (options.databaseUrl !== undefined) {
    databaseUrl = options.databaseUrl;
  } else if (options.database === 'postgres') {
    databaseUrl = await freshPostgresDatabase(t);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'relay-processes-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    databaseUrl = `sqlite:${join(dir, 'relay.db')}`;
  }
  const publicPort = await freeLoopbackPort();
  const adminToken = randomBytes(24).toString('base64url');
  // Every instance shares these, as instances behind one load balancer must.
  const shared = {
    PUBLIC_URL: `http://127.0.0.1:${publicPort}`,
    DATABASE_URL: databaseUrl,
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    ADMIN_TOKEN: adminToken,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    IG_WWW_URL: fake.wwwUrl,
    IG_API_URL: fake.apiUrl,
    IG_GRAPH_URL: fake.graphUrl,
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const igApp = {
    appId: '990011223344556',
    appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    redirectUris: [`${shared.PUBLIC_URL}/callback`],
    mode: 'business' as const,
  };
  fake.addApp(igApp);
  let storeKey: Buffer | undefined;
  const browser = new Browser();

  const signedLink = (instance: Instance) => {
    if (storeKey === undefined) throw new Error('create the store first');
    return authorizeUrl(instance.url, storeKey, {
      store: 'shop-1',
      purpose: 'login',
      return_to: `${SHOP}/account`,
      state: randomBytes(8).toString('hex'),
      exp: Math.floor(Date.now() / 1000) + 300,
    });
  };
  const tryAgainPage = (page: Page) =>
    page.status === 503 &&
    page.headers.get('retry-after') !== null &&
    (page.headers.get('content-type') ?? '').startsWith('text/html') &&
    page.body.includes('<code>storage_unavailable</code>');

  async function trySignIn(instance: Instance): Promise<SignInAttempt> {
    const shopper = new Browser(HANG_MS);
    const toInstagram = await shopper.get(signedLink(instance));
    if (tryAgainPage(toInstagram)) return { ending: 'failed_cleanly', step: 'authorize' };
    if (toInstagram.status !== 302 || toInstagram.location === undefined) {
      return { ending: 'unclean', detail: `authorize: ${toInstagram.status} ${toInstagram.body.slice(0, 200)}` };
    }
    const consent = new URL(toInstagram.location);
    const toCallback = await shopper.postForm(`${consent.origin}${consent.pathname}`, {
      ...Object.fromEntries(consent.searchParams),
      username: demoUsers[0]?.username ?? '',
      decision: 'allow',
    });
    const callback = new URL(toCallback.location ?? '');
    const back = await shopper.get(`${instance.url}${callback.pathname}${callback.search}`);
    if (tryAgainPage(back)) return { ending: 'failed_cleanly', step: 'callback' };
    const loginId = back.status === 303 ? /[?&]igr_login=([^&]+)/.exec(back.location ?? '')?.[1] : undefined;
    if (loginId !== undefined) return { ending: 'completed', loginId };
    if (back.status === 303 && /[?&]igr_error=delivery_failed/.test(back.location ?? '')) {
      return { ending: 'failed_cleanly', step: 'delivery_failed' };
    }
    return { ending: 'unclean', detail: `callback: ${back.status} ${back.location ?? back.body.slice(0, 200)}` };
  }

  const admin: ProcessStack['admin'] = async (instance, method, path, body) => {
    const response = await fetch(`${instance.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : JSON.parse(text) };
  };

  return {
    fake,
    receiver,
    databaseUrl,
    admin,
    async startInstance(name) {
      const port = await freeLoopbackPort();
      const process = await startRelayProcess(t, { ...shared, PORT: String(port), INSTANCE_ID: name });
      return { name, url: `http://127.0.0.1:${port}`, process };
    },
    async createStore(instance) {
      const created = await admin(instance, 'PUT', '/v1/stores/shop-1', {
        webhook_url: receiver.url,
        return_origins: [SHOP],
        instagram: { app_id: igApp.appId, app_secret: igApp.appSecret },
      });
      if (created.status !== 201) throw new Error(`store not created: ${JSON.stringify(created.body)}`);
      storeKey = storeSecretKey((created.body as { secret: string }).secret);
    },
    async trySignIn(instance) {
      try {
        return await trySignIn(instance);
      } catch (error) {
        return { ending: 'unclean', detail: `no answer: ${(error as Error).message}` };
      }
    },
    async signIn(start, finish = start, username = demoUsers[0]?.username ?? '') {
      const toInstagram = await browser.get(signedLink(start));
      if (toInstagram.location === undefined) throw new Error(`authorize answered ${toInstagram.status}`);
      const consent = new URL(toInstagram.location);
      const toCallback = await browser.postForm(`${consent.origin}${consent.pathname}`, {
        ...Object.fromEntries(consent.searchParams),
        username,
        decision: 'allow',
      });
      // The callback goes to PUBLIC_URL; the "load balancer" sends it to `finish`.
      const callback = new URL(toCallback.location ?? '');
      const back = await browser.get(`${finish.url}${callback.pathname}${callback.search}`);
      return back.location ?? `${back.status}: ${back.body}`;
    },
  };
}
