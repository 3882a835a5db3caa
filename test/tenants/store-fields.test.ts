import t from 'tap';
import {
  checkApi,
  checkAppId,
  checkAppSecret,
  checkReturnOrigins,
  checkScopes,
  checkStoreId,
  checkWebhookUrl,
  InvalidField,
  normaliseOrigin,
} from '../../src/tenants/store-fields.js';

const reason = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    if (error instanceof InvalidField) return error.message;
    throw error;
  }
  return 'accepted';
};

t.test('origins are normalised and must be bare', async (t) => {
  t.equal(normaliseOrigin('https://Shop.Example:443/'), 'https://shop.example');
  t.equal(normaliseOrigin('http://localhost:8080'), 'http://localhost:8080');
  t.equal(normaliseOrigin('https://xn--bcher-kva.example'), 'https://xn--bcher-kva.example');
  t.equal(normaliseOrigin('https://bücher.example'), 'https://xn--bcher-kva.example');
  t.equal(
    reason(() => normaliseOrigin('https://shop.example/account')),
    'return_origins: must be an origin (scheme, host and optional port) without a path',
  );
  t.equal(
    reason(() => normaliseOrigin('https://shop.example?')),
    'return_origins: must be an origin (scheme, host and optional port) without a path',
  );
  t.equal(
    reason(() => normaliseOrigin('shop.example')),
    'return_origins: must be an absolute URL',
  );
  t.equal(
    reason(() => normaliseOrigin('ftp://shop.example')),
    'return_origins: must use http or https',
  );
  t.equal(
    reason(() => normaliseOrigin('https://user@shop.example')),
    'return_origins: must not contain a user name or password',
  );
  t.same(checkReturnOrigins(['https://a.example', 'https://A.example:443']), ['https://a.example']);
  t.equal(
    reason(() => checkReturnOrigins([])),
    'return_origins: give between 1 and 20 origins',
  );
  t.equal(
    reason(() => checkReturnOrigins(['https://a.example', 'nope'])),
    'return_origins[1]: must be an absolute URL',
  );
});

t.test('webhook URLs: https and public unless WEBHOOK_ALLOW_PRIVATE', async (t) => {
  const strict = { allowPrivate: false };
  t.equal(checkWebhookUrl('https://shop.example/hook?x=1', strict), 'https://shop.example/hook?x=1');
  t.equal(
    reason(() => checkWebhookUrl('http://shop.example/hook', strict)),
    'webhook_url: must use https (tokens travel in the body)',
  );
  for (const host of [
    '127.0.0.1',
    '10.1.2.3',
    '192.168.1.1',
    '[::1]',
    '[::ffff:127.0.0.1]',
    'localhost',
    'api.localhost',
    '169.254.169.254',
  ]) {
    t.match(
      reason(() => checkWebhookUrl(`https://${host}/hook`, strict)),
      /loopback or private address/,
      host,
    );
  }
  t.equal(
    reason(() => checkWebhookUrl('https://shop.example/hook#x', strict)),
    'webhook_url: must not have a #fragment',
  );
  t.equal(checkWebhookUrl('http://127.0.0.1:8080/hook', { allowPrivate: true }), 'http://127.0.0.1:8080/hook');
});

t.test('scopes per API generation', async (t) => {
  t.same(checkScopes('instagram-login', ['instagram_business_basic', 'instagram_business_basic']), [
    'instagram_business_basic',
  ]);
  t.equal(
    reason(() => checkScopes('instagram-login', ['business_basic'])),
    'instagram.scopes: business_basic was retired by Meta on 2025-01-27; use instagram_business_basic',
  );
  t.match(
    reason(() => checkScopes('instagram-login', ['user_profile'])),
    /^instagram.scopes: only instagram_business_basic, /,
  );
  t.equal(
    reason(() => checkScopes('instagram-login', ['instagram_business_manage_comments'])),
    'instagram.scopes: must include instagram_business_basic',
  );
  t.same(checkScopes('basic-display', ['user_profile', 'user_media']), ['user_profile', 'user_media']);
  t.equal(
    reason(() => checkScopes('basic-display', ['user_media'])),
    'instagram.scopes: must include user_profile',
  );
});

t.test('ids and app credentials', async (t) => {
  t.equal(checkStoreId('shop-1_A'), 'shop-1_A');
  for (const bad of ['', '-shop', 'shop/1', 'a'.repeat(65), 'shop 1'])
    t.equal(
      reason(() => checkStoreId(bad)),
      'id: use 1–64 letters, digits, "-" or "_", starting with a letter or digit',
    );
  t.equal(checkApi('basic-display'), 'basic-display');
  t.equal(
    reason(() => checkApi('graph')),
    'instagram.api: must be one of instagram-login, basic-display',
  );
  t.equal(checkAppId('1234567890123456'), '1234567890123456');
  t.match(
    reason(() => checkAppId('my-app')),
    /numeric Instagram app ID/,
  );
  t.equal(checkAppSecret('0123456789abcdef0123456789abcdef'), '0123456789abcdef0123456789abcdef');
  t.match(
    reason(() => checkAppSecret('short')),
    /Instagram app secret/,
  );
});
