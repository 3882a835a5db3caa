import t, { type Test } from 'tap';
import { startFakeInstagram, type FakeApp, type FakeUser } from '../../src/dev/fake-instagram/server.js';
import { createInstagramClient } from '../../src/instagram/client.js';
import { InstagramError } from '../../src/instagram/instagram-error.js';
import { testClock } from '../helpers/clock.js';
import { codeFromFake } from '../helpers/fake-consent.js';

const REDIRECT = 'https://relay.example/callback';
const DAY = 24 * 60 * 60 * 1000;
// Odd, so that parsing it as a JavaScript number would change its last digit.
const owner: FakeUser = {
  username: 'lumen.coffee',
  userId: '17841400774391235',
  name: 'Lumen',
  accountType: 'Business',
  profilePictureUrl: 'https://cdn.example/l.jpg',
};
const personal: FakeUser = { username: 'jonas.personal', userId: '17841412345678901', accountType: 'Personal' };
const stranger: FakeUser = { username: 'no.role', userId: '17841499999999999', accountType: 'Business' };
const business: FakeApp = {
  appId: '1111111111111111',
  appSecret: 'b'.repeat(32),
  redirectUris: [REDIRECT],
  mode: 'business',
  tokenUserId: 'ig_user_id',
};
const documented: FakeApp = { ...business, appId: '2222222222222222', tokenResponseShape: 'doc_data_array' };
const standard: FakeApp = {
  ...business,
  appId: '3333333333333333',
  accessLevel: 'standard',
  testers: ['lumen.coffee'],
};
const basic: FakeApp = {
  appId: '4444444444444444',
  appSecret: 'd'.repeat(32),
  redirectUris: [REDIRECT],
  mode: 'basic_display',
};
const asApp = (app: FakeApp, api: 'instagram-login' | 'basic-display' = 'instagram-login') => ({
  appId: app.appId,
  appSecret: app.appSecret,
  api,
});

async function setup(t: Test) {
  const clock = testClock(Date.UTC(2026, 10, 1));
  const fake = await startFakeInstagram({
    apps: [business, documented, standard, basic],
    users: [owner, personal, stranger],
    now: () => clock.now(),
  });
  t.teardown(() => fake.close());
  const client = createInstagramClient({
    wwwUrl: fake.wwwUrl,
    apiUrl: fake.apiUrl,
    graphUrl: fake.graphUrl,
    graphVersion: 'v25.0',
    timeoutMs: 1000,
    userAgent: 'test',
  });
  return { fake, client, clock };
}

async function failure(promise: Promise<unknown>): Promise<InstagramError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InstagramError) return error;
    throw error;
  }
  throw new Error('expected an InstagramError');
}

t.test('authorization window per API generation', async (t) => {
  const { client, fake } = await setup(t);
  const url = new URL(
    client.authorizeUrl(asApp(business), {
      redirectUri: REDIRECT,
      scopes: ['instagram_business_basic', 'instagram_business_manage_messages'],
      state: 'st',
    }),
  );
  t.equal(`${url.origin}${url.pathname}`, `${fake.wwwUrl}/oauth/authorize`);
  t.same(Object.fromEntries(url.searchParams), {
    client_id: business.appId,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'instagram_business_basic,instagram_business_manage_messages',
    state: 'st',
  });
  const legacy = new URL(
    client.authorizeUrl(asApp(basic, 'basic-display'), {
      redirectUri: REDIRECT,
      scopes: ['user_profile'],
      state: 'st',
    }),
  );
  t.equal(`${legacy.origin}${legacy.pathname}`, `${fake.apiUrl}/oauth/authorize`);
});

t.test('Instagram Login: code → short-lived → long-lived → profile, IDs exact', async (t) => {
  const { client, fake } = await setup(t);
  const code = await codeFromFake(fake, business, { username: owner.username });
  const short = await client.exchangeCode(asApp(business), { code, redirectUri: REDIRECT });
  t.equal(short.userId, owner.userId, 'every digit of a numeric user_id above 2^53');
  t.same(short.permissions, ['instagram_business_basic']);
  const exchange = fake.requests.find((request) => request.endpoint === 'oauth_access_token');
  t.equal(exchange?.method, 'POST');
  t.same(exchange?.query, {}, 'no secret in the token request URL');
  t.same(exchange?.form, {
    client_id: business.appId,
    client_secret: business.appSecret,
    grant_type: 'authorization_code',
    redirect_uri: REDIRECT,
    code,
  });

  const long = await client.exchangeForLongLived(asApp(business), short.accessToken);
  t.equal(long.expiresIn, 60 * 24 * 60 * 60);
  const profile = await client.fetchProfile('instagram-login', long.accessToken);
  t.equal(profile.userId, owner.userId);
  t.match(profile.id, /^\d+$/);
  t.not(profile.id, owner.userId, 'the app-scoped id differs from the account id');
  t.same(
    { ...profile, id: null },
    {
      id: null,
      userId: owner.userId,
      username: owner.username,
      name: 'Lumen',
      accountType: 'Business',
      profilePictureUrl: 'https://cdn.example/l.jpg',
    },
  );
  const me = fake.requests.find((request) => request.endpoint === 'me');
  t.equal(me?.path, '/graph/v25.0/me');
  t.equal(me?.query.fields, 'id,user_id,username,name,account_type,profile_picture_url');
});

t.test('the documented data-array shape reads the same', async (t) => {
  const { client, fake } = await setup(t);
  const code = await codeFromFake(fake, documented, { username: owner.username });
  const short = await client.exchangeCode(asApp(documented), { code, redirectUri: REDIRECT });
  t.equal(short.userId, owner.userId);
  t.same(short.permissions, ['instagram_business_basic']);
});

t.test('Basic Display: user_id only, no permissions, upper-case account type', async (t) => {
  const { client, fake } = await setup(t);
  const code = await codeFromFake(fake, basic, { username: personal.username });
  const short = await client.exchangeCode(asApp(basic, 'basic-display'), { code, redirectUri: REDIRECT });
  t.equal(short.permissions, null);
  const long = await client.exchangeForLongLived(asApp(basic, 'basic-display'), short.accessToken);
  const profile = await client.fetchProfile('basic-display', long.accessToken);
  t.equal(profile.accountType, 'PERSONAL', 'personal accounts were allowed in Basic Display');
  t.equal(profile.userId, null);
  t.equal(profile.username, personal.username);
});

t.test('token endpoint refusals map to what the admin must fix', async (t) => {
  const { client, fake } = await setup(t);
  const code = await codeFromFake(fake, business, { username: owner.username });
  const wrongSecret = await failure(
    client.exchangeCode({ ...asApp(business), appSecret: 'x'.repeat(32) }, { code, redirectUri: REDIRECT }),
  );
  t.same(
    [wrongSecret.kind, wrongSecret.endpoint, wrongSecret.details],
    [
      'invalid_app',
      'oauth_access_token',
      { status: 400, igCode: 400, igSubcode: undefined, igType: 'OAuthException', igMessage: 'Invalid platform app' },
    ],
  );
  t.equal(
    (await failure(client.exchangeCode(asApp(business), { code, redirectUri: `${REDIRECT}/` }))).kind,
    'redirect_uri_mismatch',
  );
  t.equal(
    (await failure(client.exchangeCode(asApp(business), { code: `${code}#_`, redirectUri: REDIRECT }))).kind,
    'code_rejected',
    'a code with #_ is not a code',
  );
  await client.exchangeCode(asApp(business), { code, redirectUri: REDIRECT });
  t.equal(
    (await failure(client.exchangeCode(asApp(business), { code, redirectUri: REDIRECT }))).kind,
    'code_rejected',
    'single use',
  );
});

t.test('graph refusals: no role on a Standard Access app, expired and revoked tokens', async (t) => {
  const { client, fake, clock } = await setup(t);
  const strangerCode = await codeFromFake(fake, standard, { username: stranger.username });
  const strangerToken = await client.exchangeCode(asApp(standard), { code: strangerCode, redirectUri: REDIRECT });
  const noRole = await failure(client.exchangeForLongLived(asApp(standard), strangerToken.accessToken));
  t.same([noRole.kind, noRole.details.igCode, noRole.details.igType], ['not_tester', 100, 'IGApiException']);

  const code = await codeFromFake(fake, business, { username: owner.username });
  const short = await client.exchangeCode(asApp(business), { code, redirectUri: REDIRECT });
  clock.advance(3601 * 1000);
  const expired = await failure(client.exchangeForLongLived(asApp(business), short.accessToken));
  t.same([expired.kind, expired.details.igCode, expired.details.igSubcode], ['token_invalid', 190, 463]);

  const fresh = await client.exchangeCode(asApp(business), {
    code: await codeFromFake(fake, business, { username: owner.username }),
    redirectUri: REDIRECT,
  });
  const long = await client.exchangeForLongLived(asApp(business), fresh.accessToken);
  fake.invalidateTokens(owner.username, 'password_changed');
  const revoked = await failure(client.fetchProfile('instagram-login', long.accessToken));
  t.same([revoked.kind, revoked.details.igSubcode], ['token_invalid', 460]);
});

t.test('refresh: refused under 24 hours, a fresh 60 days after', async (t) => {
  const { client, fake, clock } = await setup(t);
  const short = await client.exchangeCode(asApp(business), {
    code: await codeFromFake(fake, business, { username: owner.username }),
    redirectUri: REDIRECT,
  });
  const long = await client.exchangeForLongLived(asApp(business), short.accessToken);
  const young = await failure(client.refreshLongLived(long.accessToken));
  t.match(young.details.igMessage, /24 hours/);
  clock.advance(DAY + 1000);
  const refreshed = await client.refreshLongLived(long.accessToken);
  t.equal(refreshed.expiresIn, 60 * 24 * 60 * 60);
  t.not(refreshed.accessToken, long.accessToken);
});

t.test('a personal account is refused for Instagram Login', async (t) => {
  const { client, fake } = await setup(t);
  const short = await client.exchangeCode(asApp(business), {
    code: await codeFromFake(fake, business, { username: personal.username }),
    redirectUri: REDIRECT,
  });
  const long = await client.exchangeForLongLived(asApp(business), short.accessToken);
  t.equal((await failure(client.fetchProfile('instagram-login', long.accessToken))).kind, 'not_professional');
});

t.test('transport failures: timeouts, hang-ups, server errors, junk, throttling', async (t) => {
  const { client, fake } = await setup(t);
  const app = asApp(business);
  const cases: [Parameters<typeof fake.failNext>[1], string][] = [
    [{ delayMs: 2500 }, 'timeout'],
    [{ hangUp: true }, 'unavailable'],
    [{ status: 502, body: '<html>Bad gateway</html>', contentType: 'text/html' }, 'unavailable'],
    [{ status: 200, body: '{"access_token":' }, 'malformed_response'],
    [{ status: 200, body: '{"unexpected":true}' }, 'malformed_response'],
    [{ status: 404, body: '{}' }, 'malformed_response'],
    [
      { status: 500, body: '{"error":{"message":"An unknown error has occurred.","type":"OAuthException","code":1}}' },
      'other',
    ],
    [
      {
        status: 400,
        body: '{"error":{"message":"Application request limit reached","type":"OAuthException","code":4,"is_transient":true}}',
      },
      'rate_limited',
    ],
    [
      { status: 200, body: '{"error_type":"OAuthException","code":400,"error_message":"Invalid platform app"}' },
      'invalid_app',
    ],
  ];
  for (const [failureToInject, kind] of cases) {
    fake.failNext('oauth_access_token', failureToInject);
    const before = fake.requests.filter((request) => request.endpoint === 'oauth_access_token').length;
    const error = await failure(client.exchangeCode(app, { code: 'AQx', redirectUri: REDIRECT }));
    t.equal(error.kind, kind, JSON.stringify(failureToInject));
    const after = fake.requests.filter((request) => request.endpoint === 'oauth_access_token').length;
    t.equal(after - before, 1, 'the one-time code exchange is never retried');
  }
});
