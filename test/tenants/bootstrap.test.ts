import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { authorizeUrl } from '../../src/flow/authorize-link.js';
import { generateStoreSecret, storeSecretKey } from '../../src/tenants/store-secret.js';
import { adminRequest } from '../helpers/scenario.js';
import { startRelay } from '../helpers/relay.js';
import { testClock } from '../helpers/clock.js';

t.test('the single store from the environment is created, then overwritten at each start', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bootstrap-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const firstSecret = generateStoreSecret();
  const env = {
    DATABASE_URL: `sqlite:${join(dir, 'relay.db')}`,
    MASTER_KEY: Buffer.alloc(32, 4).toString('base64'),
    STORE_ID: 'solo',
    STORE_SECRET: firstSecret,
    STORE_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
    STORE_RETURN_ORIGINS: 'https://solo.example',
    STORE_IG_APP_ID: '1234567890',
    STORE_IG_APP_SECRET: 'a'.repeat(32),
  };
  const clock = testClock();
  const first = await startRelay(t, { env, clock });
  const created = await adminRequest(first, 'GET', '/v1/stores/solo');
  t.same((created.body as { instagram: unknown }).instagram, {
    app_id: '1234567890',
    app_secret_set: true,
    api: 'instagram-login',
    scopes: ['instagram_business_basic'],
  });
  await first.close();

  const secondSecret = generateStoreSecret();
  const second = await startRelay(t, {
    env: {
      ...env,
      STORE_SECRET: secondSecret,
      STORE_IG_API: 'basic-display',
      STORE_RETURN_ORIGINS: 'https://solo.example,https://www.solo.example',
    },
    clock,
  });
  const updated = (await adminRequest(second, 'GET', '/v1/stores/solo')).body as {
    instagram: { api: string; scopes: string[] };
    return_origins: string[];
    previous_secret_expires_at: string;
  };
  t.same([updated.instagram.api, updated.instagram.scopes], ['basic-display', ['user_profile']]);
  t.same(updated.return_origins, ['https://solo.example', 'https://www.solo.example']);
  t.equal(
    Date.parse(updated.previous_secret_expires_at),
    clock.now() + 24 * 60 * 60 * 1000,
    'a changed secret overlaps for 24 hours',
  );
  const link = (secret: string) =>
    authorizeUrl(second.url, storeSecretKey(secret) as Buffer, {
      store: 'solo',
      purpose: 'login',
      return_to: 'https://solo.example/',
      state: 's',
      exp: Math.floor(clock.now() / 1000) + 60,
    });
  t.equal((await fetch(link(firstSecret), { redirect: 'manual' })).status, 302, 'the previous secret still signs');
  t.equal((await fetch(link(secondSecret), { redirect: 'manual' })).status, 302);
});
