import type { Test } from 'tap';
import {
  startFakeInstagram,
  type FakeApp,
  type FakeInstagram,
  type FakeUser,
} from '../../src/dev/fake-instagram/server.js';
import { demoUsers } from '../../src/dev/fake-instagram/server.js';
import { authorizeUrl, type AuthorizeParams } from '../../src/flow/authorize-link.js';
import type { ApiGeneration } from '../../src/instagram/api-generations.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { Browser, type Page } from './browser.js';
import { testClock } from './clock.js';
import { startRelay, type RelayOptions, type TestRelay } from './relay.js';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.js';

/**
 * The whole cast of a sign-in, on real loopback servers: the fake Instagram,
 * the relay, a store webhook receiver, a store registered through the admin
 * API, and a browser. Tests drive the flow hop by hop.
 */
export const SHOP = 'https://shop.example';
export const BUSINESS = demoUsers[0] as FakeUser;
export const CREATOR = demoUsers[1] as FakeUser;
export const PERSONAL = demoUsers[2] as FakeUser;

export interface Scenario {
  fake: FakeInstagram;
  relay: TestRelay;
  receiver: WebhookReceiver;
  browser: Browser;
  store: { id: string; secret: string; key: Buffer };
  igApp: FakeApp;
  /** A store-signed /authorize URL. */
  link(params?: Partial<AuthorizeParams>): string;
  /** Opens the link and approves (or denies) on the fake consent page; returns the redirect to /callback. */
  consent(link: string, choice?: { username?: string; decision?: 'allow' | 'deny' }): Promise<Page>;
  /** The whole round trip: link → consent → callback; returns the relay's answer to the callback. */
  signIn(params?: Partial<AuthorizeParams>, choice?: { username?: string; decision?: 'allow' | 'deny' }): Promise<Page>;
}

export interface ScenarioOptions {
  api?: ApiGeneration;
  scopes?: string[];
  igApp?: Partial<FakeApp>;
  relay?: Omit<RelayOptions, 'fake'>;
}

export async function startScenario(t: Test, options: ScenarioOptions = {}): Promise<Scenario> {
  const api = options.api ?? 'instagram-login';
  // One clock for the relay and Instagram: a test that moves time moves it for both.
  const clock = options.relay?.clock ?? testClock();
  const fake = await startFakeInstagram({ users: demoUsers, now: () => clock.now() });
  t.teardown(() => fake.close());
  const relay = await startRelay(t, { ...options.relay, fake, clock });
  const receiver = await startWebhookReceiver(t);
  const igApp: FakeApp = {
    appId: '990011223344556',
    appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
    redirectUris: [relay.config.redirectUri],
    mode: api === 'instagram-login' ? 'business' : 'basic_display',
    ...options.igApp,
  };
  fake.addApp(igApp);

  const created = await adminRequest(relay, 'PUT', '/v1/stores/shop-1', {
    webhook_url: receiver.url,
    return_origins: [SHOP],
    instagram: {
      app_id: igApp.appId,
      app_secret: igApp.appSecret,
      api,
      scopes:
        options.scopes ?? (api === 'instagram-login' ? ['instagram_business_basic'] : ['user_profile', 'user_media']),
    },
  });
  if (created.status !== 201) throw new Error(`store not created: ${created.status} ${JSON.stringify(created.body)}`);
  const secret = (created.body as { secret: string }).secret;
  const store = { id: 'shop-1', secret, key: storeSecretKey(secret) as Buffer };
  const browser = new Browser();

  const link = (params: Partial<AuthorizeParams> = {}) =>
    authorizeUrl(relay.url, store.key, {
      store: store.id,
      purpose: 'login',
      return_to: `${SHOP}/my-account?lang=en`,
      state: 'nonce-1',
      exp: Math.floor(relay.clock.now() / 1000) + 300,
      ...params,
    });

  const consent: Scenario['consent'] = async (url, choice = {}) => {
    const toInstagram = await browser.get(url);
    if (toInstagram.status !== 302 || toInstagram.location === undefined) {
      throw new Error(`authorize answered ${toInstagram.status}: ${toInstagram.body}`);
    }
    const window = new URL(toInstagram.location);
    const fields = Object.fromEntries(window.searchParams);
    return browser.postForm(`${window.origin}${window.pathname}`, {
      ...fields,
      username: choice.username ?? BUSINESS.username,
      decision: choice.decision ?? 'allow',
    });
  };

  return {
    fake,
    relay,
    receiver,
    browser,
    store,
    igApp,
    link,
    consent,
    async signIn(params, choice) {
      const toCallback = await consent(link(params), choice);
      if (toCallback.location === undefined)
        throw new Error(`consent answered ${toCallback.status}: ${toCallback.body}`);
      return browser.get(toCallback.location);
    },
  };
}

export async function adminRequest(
  relay: TestRelay,
  method: string,
  path: string,
  body?: unknown,
  token = relay.adminToken,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${relay.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? null : JSON.parse(text), headers: response.headers };
}
