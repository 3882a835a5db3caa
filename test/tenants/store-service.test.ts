import t from 'tap';
import { createSecretBox } from '../../src/crypto/secret-box.js';
import { openSqliteRepository } from '../../src/storage/sqlite/sqlite-repository.js';
import { createStoreService, STORE_CACHE_MS } from '../../src/tenants/store-service.js';
import { testClock } from '../helpers/clock.js';

const settings = { webhook_url: 'https://shop.example/hook', return_origins: ['https://shop.example'] };

t.test(
  'stores are cached briefly; this process sees its own changes at once, another within the cache time',
  async (t) => {
    const repo = openSqliteRepository(':memory:');
    t.teardown(() => repo.close());
    const clock = testClock();
    const box = createSecretBox([Buffer.alloc(32, 1)]);
    const service = () =>
      createStoreService({
        repo,
        box,
        clock,
        redirectUri: 'https://relay.example/callback',
        allowPrivateWebhooks: false,
        webhookUserAgent: 'ig-login-relay/1',
      });
    const here = service();
    const elsewhere = service(); // another relay instance on the same database

    await here.put('shop-1', settings);
    t.equal((await elsewhere.get('shop-1'))?.webhookUrl, 'https://shop.example/hook');
    await here.put('shop-1', { webhook_url: 'https://shop.example/new-hook' });
    t.equal((await here.get('shop-1'))?.webhookUrl, 'https://shop.example/new-hook', 'at once where it was changed');
    t.equal((await elsewhere.get('shop-1'))?.webhookUrl, 'https://shop.example/hook', 'still cached elsewhere');
    clock.advance(STORE_CACHE_MS);
    t.equal(
      (await elsewhere.get('shop-1'))?.webhookUrl,
      'https://shop.example/new-hook',
      'elsewhere after the cache time',
    );

    t.equal(await here.delete('shop-1'), true);
    t.equal(await here.get('shop-1'), undefined);
  },
);

t.test('secrets are sealed at rest, bound to their store and field', async (t) => {
  const repo = openSqliteRepository(':memory:');
  t.teardown(() => repo.close());
  const box = createSecretBox([Buffer.alloc(32, 1)]);
  const stores = createStoreService({
    repo,
    box,
    clock: testClock(),
    redirectUri: 'x',
    allowPrivateWebhooks: false,
    webhookUserAgent: 'ua',
  });
  const { store } = await stores.put('shop-1', {
    ...settings,
    instagram: { app_id: '1234567890', app_secret: 'a'.repeat(32) },
  });
  const row = await repo.getStore('shop-1');
  t.notMatch(JSON.stringify(row), store.secret.slice(6), 'no store secret in the row');
  t.notMatch(JSON.stringify(row), 'a'.repeat(32), 'no app secret in the row');
  t.match(row?.igAppSecret, /^v1\./);
  t.throws(
    () => box.open(row?.igAppSecret as string, 'store:shop-1:secret'),
    'a sealed value opens only in its own place',
  );
});
