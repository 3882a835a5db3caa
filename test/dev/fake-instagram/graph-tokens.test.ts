import t from 'tap';
import type { Test } from 'tap';
import {
  BASIC_APP,
  BUSINESS_APP,
  BUSINESS_USER,
  DAY,
  HOUR,
  PERSONAL_USER,
  graphErrorOf,
  graphUrl,
  obtainToken,
  request,
  startHarness,
} from './fixtures/harness.js';

const CANNOT_PARSE = {
  error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 },
};
const PASSWORD_CHANGED = {
  error: {
    message:
      'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
    type: 'OAuthException',
    code: 190,
    error_subcode: 460,
  },
};
const UNSUPPORTED_GET = {
  error: { message: 'Unsupported request - method type: get', type: 'IGApiException', code: 100 },
};

function exchangeQuery(accessToken: string, secret = BUSINESS_APP.appSecret): Record<string, string> {
  return { grant_type: 'ig_exchange_token', client_secret: secret, access_token: accessToken };
}

function refreshQuery(accessToken: string): Record<string, string> {
  return { grant_type: 'ig_refresh_token', access_token: accessToken };
}

function longLivedBody(t: Test, text: string, prefix = 'IGAA'): string {
  const body = JSON.parse(text) as { access_token: string };
  t.match(body.access_token, new RegExp(`^${prefix}[A-Za-z0-9_-]+$`));
  t.same(body, { access_token: body.access_token, token_type: 'bearer', expires_in: 5184000 });
  return body.access_token;
}

t.test('a short-lived token becomes a 60-day token', async (t) => {
  const { fake } = await startHarness(t);
  const short = await obtainToken(fake);
  const answer = await request(graphUrl(fake, '/access_token', exchangeQuery(short)));
  t.equal(answer.status, 200);
  t.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
  const long = longLivedBody(t, answer.text);
  t.not(long, short);
  t.same(fake.requests.at(-1), {
    endpoint: 'access_token',
    method: 'GET',
    path: '/graph/access_token',
    contentType: null,
    query: exchangeQuery(short),
    form: {},
  });
  const versioned = await request(graphUrl(fake, '/v25.0/access_token', exchangeQuery(short)));
  t.equal(versioned.status, 200, 'the versioned path works too');
  t.equal(fake.requests.at(-1)?.endpoint, 'access_token');
});

t.test('Basic Display long-lived tokens keep their prefix', async (t) => {
  const { fake } = await startHarness(t);
  const short = await obtainToken(fake, { app: BASIC_APP });
  const answer = await request(graphUrl(fake, '/access_token', exchangeQuery(short, BASIC_APP.appSecret)));
  longLivedBody(t, answer.text, 'IGQVJ');
});

t.test('the exchange needs an unexpired short-lived token and the right secret', async (t) => {
  const { fake, clock } = await startHarness(t);
  const short = await obtainToken(fake);

  const wrongSecret = await request(graphUrl(fake, '/access_token', exchangeQuery(short, 'meta-app-secret')));
  t.equal(wrongSecret.status, 400);
  t.same(graphErrorOf(t, wrongSecret), {
    error: { message: 'Error validating client secret.', type: 'OAuthException', code: 1 },
  });

  const otherSecret = await request(graphUrl(fake, '/access_token', exchangeQuery(short, BASIC_APP.appSecret)));
  t.same(graphErrorOf(t, otherSecret), {
    error: { message: 'Error validating client secret.', type: 'OAuthException', code: 1 },
  });

  const badGrant = await request(
    graphUrl(fake, '/access_token', { ...exchangeQuery(short), grant_type: 'ig_refresh_token' }),
  );
  t.same(graphErrorOf(t, badGrant), {
    error: { message: 'Invalid grant_type: expected ig_exchange_token', type: 'OAuthException', code: 100 },
  });

  const garbage = await request(graphUrl(fake, '/access_token', exchangeQuery('EAAB-not-instagram')));
  t.equal(garbage.status, 400);
  t.same(graphErrorOf(t, garbage), CANNOT_PARSE);

  const missing = await request(
    graphUrl(fake, '/access_token', { grant_type: 'ig_exchange_token', client_secret: BUSINESS_APP.appSecret }),
  );
  t.same(graphErrorOf(t, missing), CANNOT_PARSE, 'no token at all');

  const long = longLivedBody(t, (await request(graphUrl(fake, '/access_token', exchangeQuery(short)))).text);
  const fromLong = await request(graphUrl(fake, '/access_token', exchangeQuery(long)));
  t.same(graphErrorOf(t, fromLong), {
    error: {
      message: 'Invalid parameter: access_token must be a short-lived token',
      type: 'OAuthException',
      code: 100,
    },
  });

  clock.advance(HOUR);
  const expired = await request(graphUrl(fake, '/access_token', exchangeQuery(short)));
  t.equal(expired.status, 400);
  t.same(graphErrorOf(t, expired), {
    error: {
      message:
        'Error validating access token: Session has expired on Wednesday, 15-Jan-25 05:00:00 PST. The current time is Wednesday, 15-Jan-25 05:00:00 PST.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 463,
    },
  });
});

t.test('the expiry message prints Pacific daylight time in summer', async (t) => {
  const { fake, clock } = await startHarness(t);
  clock.advance(180 * DAY);
  const short = await obtainToken(fake);
  clock.advance(2 * HOUR + 1234);
  const expired = await request(graphUrl(fake, '/access_token', exchangeQuery(short)));
  t.same(graphErrorOf(t, expired), {
    error: {
      message:
        'Error validating access token: Session has expired on Monday, 14-Jul-25 06:00:00 PDT. The current time is Monday, 14-Jul-25 07:00:01 PDT.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 463,
    },
  });
});

t.test('a refresh needs a token at least 24 hours old and unexpired', async (t) => {
  const { fake, clock } = await startHarness(t);
  const long = await obtainToken(fake, { longLived: true });

  const young = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(long)));
  t.equal(young.status, 400);
  t.same(graphErrorOf(t, young), {
    error: {
      message: 'Invalid parameter: a long-lived token can be refreshed only once it is at least 24 hours old',
      type: 'OAuthException',
      code: 100,
    },
  });

  clock.advance(DAY - 1);
  const almost = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(long)));
  t.equal(almost.status, 400, 'one millisecond short of 24 h');

  clock.advance(1);
  const refreshed = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(long)));
  t.equal(refreshed.status, 200);
  const next = longLivedBody(t, refreshed.text);
  t.not(next, long);
  t.equal(fake.requests.at(-1)?.endpoint, 'refresh_access_token');

  const versioned = await request(graphUrl(fake, '/v21.0/refresh_access_token', refreshQuery(long)));
  t.equal(versioned.status, 200, 'the versioned path works too');

  const badGrant = await request(
    graphUrl(fake, '/refresh_access_token', { ...refreshQuery(long), grant_type: 'ig_exchange_token' }),
  );
  t.same(graphErrorOf(t, badGrant), {
    error: { message: 'Invalid grant_type: expected ig_refresh_token', type: 'OAuthException', code: 100 },
  });

  // The refreshed token lives 60 days from its refresh; the original expires 60 days after its own issue.
  clock.advance(59 * DAY);
  const dead = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(long)));
  t.equal(dead.status, 400);
  t.match(graphErrorOf(t, dead), { error: { code: 190, error_subcode: 463 } });
  const stillAlive = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(next)));
  t.equal(stillAlive.status, 200);
});

t.test('a short-lived token can never be refreshed', async (t) => {
  const { fake, clock } = await startHarness(t);
  const short = await obtainToken(fake);
  const young = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(short)));
  t.match(graphErrorOf(t, young), { error: { code: 100 } });
  clock.advance(DAY);
  const expired = await request(graphUrl(fake, '/refresh_access_token', refreshQuery(short)));
  t.match(graphErrorOf(t, expired), { error: { code: 190, error_subcode: 463 } });
});

t.test('a password change invalidates every token issued so far', async (t) => {
  const { fake } = await startHarness(t);
  const short = await obtainToken(fake);
  const long = await obtainToken(fake, { longLived: true });
  const otherUser = await obtainToken(fake, { username: PERSONAL_USER.username });
  fake.invalidateTokens(BUSINESS_USER.username, 'password_changed');
  for (const [name, url] of [
    ['exchange', graphUrl(fake, '/access_token', exchangeQuery(short))],
    ['refresh', graphUrl(fake, '/refresh_access_token', refreshQuery(long))],
    ['me', graphUrl(fake, '/me', { access_token: long })],
  ] as const) {
    const answer = await request(url);
    t.equal(answer.status, 400, name);
    t.same(graphErrorOf(t, answer), PASSWORD_CHANGED, name);
  }
  t.equal((await request(graphUrl(fake, '/me', { access_token: otherUser }))).status, 200, 'other users keep theirs');
  const fresh = await obtainToken(fake);
  t.equal((await request(graphUrl(fake, '/me', { access_token: fresh }))).status, 200, 'a new login works');
});

t.test('Standard Access: an account without a role fails every graph call with code 100', async (t) => {
  const standard = { ...BUSINESS_APP, accessLevel: 'standard' as const, testers: [BUSINESS_USER.username] };
  const { fake } = await startHarness(t, { apps: [standard] });
  const outsider = await obtainToken(fake, { app: standard, username: PERSONAL_USER.username });
  t.match(outsider, /^IGAA/, 'login and code exchange succeed');
  for (const [name, url] of [
    ['exchange', graphUrl(fake, '/access_token', exchangeQuery(outsider))],
    ['refresh', graphUrl(fake, '/refresh_access_token', refreshQuery(outsider))],
    ['me', graphUrl(fake, '/me', { fields: 'id,username', access_token: outsider })],
    ['versioned me', graphUrl(fake, '/v25.0/me', { access_token: outsider })],
  ] as const) {
    const answer = await request(url);
    t.equal(answer.status, 400, name);
    t.same(graphErrorOf(t, answer), UNSUPPORTED_GET, name);
  }
  const tester = await obtainToken(fake, { app: standard });
  t.equal((await request(graphUrl(fake, '/access_token', exchangeQuery(tester)))).status, 200, 'a tester is served');
});

t.test('graph endpoints answer other methods with the method error', async (t) => {
  const { fake } = await startHarness(t);
  const long = await obtainToken(fake, { longLived: true });
  for (const [method, path] of [
    ['POST', '/refresh_access_token'],
    ['POST', '/access_token'],
    ['DELETE', '/me'],
    ['PUT', '/v25.0/me'],
    ['PATCH', '/17841400774391234'],
  ] as const) {
    const answer = await request(graphUrl(fake, path, refreshQuery(long)), { method });
    t.equal(answer.status, 400, `${method} ${path}`);
    t.same(graphErrorOf(t, answer), {
      error: {
        message: `Unsupported request - method type: ${method.toLowerCase()}`,
        type: 'IGApiException',
        code: 100,
      },
    });
  }
});
