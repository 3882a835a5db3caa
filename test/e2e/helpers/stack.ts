import type { BrowserContext } from 'playwright-core';
import type { Test } from 'tap';
import {
  demoUsers,
  startFakeInstagram,
  type FakeApp,
  type FakeInstagram,
} from '../../../src/dev/fake-instagram/server.js';
import { adminRequest } from '../../helpers/scenario.js';
import { startRelay, type TestRelay } from '../../helpers/relay.js';
import { startBrowser } from './chromium.js';
import { startWordPress, type WordPress, type WordPressOptions } from './wordpress.js';

/**
 * The whole product on loopback for one test file: the fake Instagram, the
 * relay (with the store registered by the operator through the admin API), a
 * real WordPress with the plugin, and headless Chromium.
 */
export interface StoreStack {
  fake: FakeInstagram;
  relay: TestRelay;
  wordpress: WordPress;
  browser: BrowserContext;
  store: { id: string; secret: string };
  igApp: FakeApp;
}

export async function startStoreStack(t: Test, name: string, options: WordPressOptions = {}): Promise<StoreStack> {
  const fake = await startFakeInstagram({ users: demoUsers });
  t.teardown(() => fake.close());
  const relay = await startRelay(t, { fake, env: { WEBHOOK_TIMEOUT_MS: '10000', LOG_LEVEL: 'warn' } });
  const wordpress = await startWordPress(t, name, options);
  const igApp: FakeApp = {
    appId: '17841400000000001',
    appSecret: '5f3b0c2a9d8e7f6a5b4c3d2e1f0a9b8c',
    redirectUris: [relay.config.redirectUri],
    mode: 'business',
  };
  fake.addApp(igApp);
  // The operator registers the store; the store's admin sets the Instagram app through the plugin.
  const created = await adminRequest(relay, 'PUT', '/v1/stores/lumen', {
    webhook_url: `${wordpress.url}/wp-json/ig-login-relay/v1/webhook`,
    return_origins: [wordpress.url],
  });
  if (created.status !== 201) throw new Error(`store not created: ${JSON.stringify(created.body)}`);
  const browser = await startBrowser(t);
  return {
    fake,
    relay,
    wordpress,
    browser,
    store: { id: 'lumen', secret: (created.body as { secret: string }).secret },
    igApp,
  };
}
