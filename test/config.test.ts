import { resolve } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

const base = {
  COOKIE_SECRET: 'c'.repeat(32),
  MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
};

function problemsOf(env: Record<string, string>, options?: { for: 'server' | 'cli' }): readonly string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

t.test('defaults follow the contract', async (t) => {
  const config = loadConfig(base);
  t.equal(config.port, 3000);
  t.equal(config.host, '127.0.0.1');
  t.equal(config.publicUrl, 'http://127.0.0.1:3000');
  t.equal(config.redirectUri, 'http://127.0.0.1:3000/callback');
  t.equal(config.secureCookies, false);
  t.same(config.database, { kind: 'sqlite', path: resolve('./data/relay.db'), url: 'sqlite:./data/relay.db' });
  t.equal(config.adminToken, undefined);
  t.equal(config.logLevel, 'info');
  t.same(config.instagram, {
    wwwUrl: 'https://www.instagram.com',
    apiUrl: 'https://api.instagram.com',
    graphUrl: 'https://graph.instagram.com',
    graphVersion: 'v25.0',
    timeoutMs: 10000,
  });
  t.equal(config.webhookTimeoutMs, 10000);
  t.equal(config.webhookAllowPrivate, false);
  t.equal(config.trustProxy, false);
  t.equal(config.bootstrapStore, undefined);
  t.ok(Object.isFrozen(config) && Object.isFrozen(config.instagram), 'frozen');
});

t.test('PUBLIC_URL decides the redirect URI and secure cookies', async (t) => {
  const config = loadConfig({ ...base, PORT: '8080', PUBLIC_URL: 'https://relay.example.com/' });
  t.equal(config.publicUrl, 'https://relay.example.com');
  t.equal(config.redirectUri, 'https://relay.example.com/callback');
  t.equal(config.secureCookies, true);
  t.equal(loadConfig({ ...base, PORT: '8080' }).publicUrl, 'http://127.0.0.1:8080');
});

t.test('database URLs', async (t) => {
  t.same(loadConfig({ ...base, DATABASE_URL: 'sqlite::memory:' }).database.path, ':memory:');
  t.same(loadConfig({ ...base, DATABASE_URL: 'sqlite:/var/lib/relay.db' }).database.path, '/var/lib/relay.db');
  t.same(loadConfig({ ...base, DATABASE_URL: 'postgres://u:p@db/relay' }).database.kind, 'postgres');
  t.same(problemsOf({ ...base, DATABASE_URL: 'mysql://x' }), [
    'DATABASE_URL: must be sqlite:<path>, sqlite::memory: or postgres://user:password@host/db',
  ]);
});

t.test('every problem is reported at once, one line each', async (t) => {
  t.same(
    problemsOf({
      PORT: 'eighty',
      PUBLIC_URL: 'relay.example.com',
      COOKIE_SECRET: 'short',
      MASTER_KEY: 'bm90IDMyIGJ5dGVz',
      ADMIN_TOKEN: 'admin',
      LOG_LEVEL: 'loud',
      IG_GRAPH_VERSION: '25',
      WEBHOOK_TIMEOUT_MS: '5',
      WEBHOOK_ALLOW_PRIVATE: 'maybe',
      TRUST_PROXY: 'proxy.local',
    }),
    [
      'PORT: must be a whole number from 0 to 65535',
      'PUBLIC_URL: must be an absolute URL such as https://relay.example.com',
      'WEBHOOK_ALLOW_PRIVATE: must be true or false',
      'COOKIE_SECRET: every key must be at least 32 characters (first signs, all verify)',
      'MASTER_KEY: every key must be exactly 32 bytes, base64-encoded (`openssl rand -base64 32`); first seals, all open',
      'ADMIN_TOKEN: must be at least 24 characters (`openssl rand -base64 32`)',
      'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent',
      'IG_GRAPH_VERSION: must look like v25.0',
      'WEBHOOK_TIMEOUT_MS: must be a whole number from 100 to 120000',
      'TRUST_PROXY: must be a hop count, true, or a comma-separated list of proxy addresses or CIDR ranges',
    ],
  );
  t.same(problemsOf({}), [
    'COOKIE_SECRET: required (one or more comma-separated keys of 32+ characters)',
    'MASTER_KEY: required (32 random bytes in base64, e.g. `openssl rand -base64 32`)',
  ]);
  t.same(problemsOf({ ...base, PUBLIC_URL: 'https://relay.example.com/?x=1' }), [
    'PUBLIC_URL: must be an http or https URL without credentials, query or fragment',
  ]);
  t.match(new ConfigError(['A: b']).message, /invalid configuration:\n {2}A: b/);
});

t.test('COOKIE_SECRET is a rotation list; the CLI does not need it', async (t) => {
  const config = loadConfig({ ...base, COOKIE_SECRET: `${'n'.repeat(32)}, ${'o'.repeat(40)}` });
  t.same(config.cookieSecrets, ['n'.repeat(32), 'o'.repeat(40)]);
  t.same(problemsOf({ MASTER_KEY: base.MASTER_KEY }, { for: 'cli' }), []);
});

t.test('MASTER_KEY is a rotation list too: the first key seals, all open', async (t) => {
  const next = Buffer.alloc(32, 8).toString('base64');
  t.same(loadConfig({ ...base, MASTER_KEY: `${next},${base.MASTER_KEY}` }).masterKeys, [
    Buffer.alloc(32, 8),
    Buffer.alloc(32, 7),
  ]);
  t.match(problemsOf({ ...base, MASTER_KEY: `${next},short` }), [/^MASTER_KEY: every key must be exactly 32 bytes/]);
});

t.test('TRUST_PROXY takes a hop count, a boolean or addresses', async (t) => {
  t.equal(loadConfig({ ...base, TRUST_PROXY: '2' }).trustProxy, 2);
  t.equal(loadConfig({ ...base, TRUST_PROXY: 'TRUE' }).trustProxy, true);
  t.same(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1']);
});

t.test('single-store bootstrap', async (t) => {
  const store = {
    STORE_ID: 'acme',
    STORE_SECRET: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    STORE_WEBHOOK_URL: 'https://acme.example/wp-json/ig-login-relay/v1/webhook',
    STORE_RETURN_ORIGINS: 'https://acme.example, https://WWW.acme.example:443',
    STORE_IG_APP_ID: '1234567890123456',
    STORE_IG_APP_SECRET: 'f'.repeat(32),
  };
  t.same(loadConfig({ ...base, ...store }).bootstrapStore, {
    id: 'acme',
    secret: store.STORE_SECRET,
    webhook_url: store.STORE_WEBHOOK_URL,
    return_origins: ['https://acme.example', 'https://www.acme.example'],
    instagram: {
      app_id: '1234567890123456',
      app_secret: 'f'.repeat(32),
      api: 'instagram-login',
      scopes: ['instagram_business_basic'],
    },
  });
  t.same(loadConfig({ ...base, ...store, STORE_IG_API: 'basic-display' }).bootstrapStore?.instagram.scopes, [
    'user_profile',
  ]);
  t.same(problemsOf({ ...base, STORE_ID: 'acme' }), [
    'STORE_SECRET: required (required when STORE_ID is set)',
    'STORE_WEBHOOK_URL: required (required when STORE_ID is set)',
    'STORE_RETURN_ORIGINS: required (required when STORE_ID is set)',
    'STORE_IG_APP_ID: required (required when STORE_ID is set)',
    'STORE_IG_APP_SECRET: required (required when STORE_ID is set)',
  ]);
  t.same(
    problemsOf({
      ...base,
      ...store,
      STORE_SECRET: 'secret',
      STORE_IG_SCOPES: 'business_basic',
      STORE_WEBHOOK_URL: 'http://10.0.0.5/hook',
    }),
    [
      'STORE_SECRET: must be whsec_ followed by base64 of 24–64 random bytes',
      'STORE_WEBHOOK_URL: must use https (tokens travel in the body)',
      'STORE_IG_SCOPES: business_basic was retired by Meta on 2025-01-27; use instagram_business_basic',
    ],
  );
  t.same(problemsOf({ ...base, STORE_SECRET: store.STORE_SECRET }), [
    'STORE_SECRET: set without STORE_ID, so it would be ignored',
  ]);
});
