import t from 'tap';
import {
  BASIC_APP,
  BUSINESS_APP,
  BUSINESS_USER,
  PERSONAL_USER,
  REDIRECT,
  authorizeParams,
  decide,
  request,
  startHarness,
} from './fixtures/harness.js';

const INVALID_PLATFORM_APP = '{"error_type":"OAuthException","code":400,"error_message":"Invalid platform app"}';
const INVALID_REDIRECT_URI = '{"error_type":"OAuthException","code":400,"error_message":"Invalid redirect_uri"}';

function oauthError(message: string): string {
  return JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: message });
}

t.test('GET /www/oauth/authorize shows the consent page', async (t) => {
  const { fake } = await startHarness(t);
  const params = authorizeParams(BUSINESS_APP, { state: 's-1', force_reauth: 'true', enable_fb_login: '0' });
  const answer = await request(`${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(params)}`);
  t.equal(answer.status, 200);
  t.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8');
  t.match(answer.text, 'Simulated Instagram for development.');
  t.match(answer.text, `Allow app ${BUSINESS_APP.appId} to access your Instagram account?`);
  t.match(
    answer.text,
    '<li><code>instagram_business_basic</code></li>\n<li><code>instagram_business_manage_messages</code></li>',
  );
  t.match(answer.text, '<form method="post" action="/www/oauth/authorize">');
  for (const [name, value] of Object.entries(params)) {
    t.match(answer.text, `<input type="hidden" name="${name}" value="${value}">`, `carries ${name}`);
  }
  t.match(answer.text, 'real Instagram would ask for the password again');
  t.match(
    answer.text,
    '<label><input type="radio" name="username" value="lumen.coffee" checked> @lumen.coffee — Lumen Coffee Roasters (Business)</label>',
  );
  t.match(
    answer.text,
    '<label><input type="radio" name="username" value="marta.makes"> @marta.makes (Media_Creator)</label>',
  );
  t.match(answer.text, '<button type="submit" name="decision" value="allow">Allow</button>');
  t.match(answer.text, '<button type="submit" name="decision" value="deny">Deny</button>');
  t.same(fake.requests.at(-1), {
    endpoint: 'authorize',
    method: 'GET',
    path: '/www/oauth/authorize',
    contentType: null,
    query: params,
    form: {},
  });
});

t.test('the consent page escapes everything it echoes', async (t) => {
  const { fake } = await startHarness(t, {
    users: [
      {
        username: '"><script>alert(1)</script>',
        userId: '17841400000000001',
        accountType: 'Business',
        name: '<b>x</b>',
      },
    ],
  });
  const hostile = '"><script>alert("state")</script>&\'';
  const answer = await request(
    `${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP, { state: hostile }))}`,
  );
  t.equal(answer.status, 200);
  t.notMatch(answer.text, '<script>');
  t.match(
    answer.text,
    '<input type="hidden" name="state" value="&quot;&gt;&lt;script&gt;alert(&quot;state&quot;)&lt;/script&gt;&amp;&#39;">',
  );
  t.match(answer.text, 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  t.match(answer.text, '— &lt;b&gt;x&lt;/b&gt; (Business)');
});

t.test('the consent page says when no account is configured', async (t) => {
  const { fake } = await startHarness(t, { users: [] });
  const answer = await request(`${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP))}`);
  t.equal(answer.status, 200);
  t.match(answer.text, '<p>No accounts are configured in this fake Instagram.</p>');
});

t.test('the window refuses bad requests without redirecting', async (t) => {
  const { fake } = await startHarness(t);
  const cases: Array<[string, Record<string, string>, string]> = [
    ['unknown client_id', authorizeParams(BUSINESS_APP, { client_id: '1234' }), INVALID_PLATFORM_APP],
    [
      'missing client_id',
      { redirect_uri: REDIRECT, response_type: 'code', scope: 'instagram_business_basic' },
      INVALID_PLATFORM_APP,
    ],
    [
      'unregistered redirect_uri',
      authorizeParams(BUSINESS_APP, { redirect_uri: 'https://evil.example/cb' }),
      INVALID_REDIRECT_URI,
    ],
    [
      'redirect_uri with a trailing slash',
      authorizeParams(BUSINESS_APP, { redirect_uri: `${REDIRECT}/` }),
      INVALID_REDIRECT_URI,
    ],
    [
      'redirect_uri in another case',
      authorizeParams(BUSINESS_APP, { redirect_uri: REDIRECT.toUpperCase() }),
      INVALID_REDIRECT_URI,
    ],
    [
      'missing redirect_uri',
      { client_id: BUSINESS_APP.appId, response_type: 'code', scope: 'instagram_business_basic' },
      INVALID_REDIRECT_URI,
    ],
    [
      'response_type token',
      authorizeParams(BUSINESS_APP, { response_type: 'token' }),
      oauthError('Invalid response_type'),
    ],
    [
      'retired scope names',
      authorizeParams(BUSINESS_APP, { scope: 'business_basic,business_manage_messages' }),
      oauthError('Invalid scope field(s): business_basic, business_manage_messages'),
    ],
    [
      'legacy basic scope',
      authorizeParams(BUSINESS_APP, { scope: 'basic' }),
      oauthError('Invalid scope field(s): basic'),
    ],
    [
      'Basic Display scope on a business app',
      authorizeParams(BUSINESS_APP, { scope: 'user_profile' }),
      oauthError('Invalid scope field(s): user_profile'),
    ],
    ['empty scope', authorizeParams(BUSINESS_APP, { scope: '' }), oauthError('Invalid scope: []')],
    [
      'no base permission',
      authorizeParams(BUSINESS_APP, { scope: 'instagram_business_content_publish' }),
      oauthError('Invalid scope: [instagram_business_content_publish]'),
    ],
  ];
  for (const [name, params, body] of cases) {
    const answer = await request(`${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(params)}`);
    t.equal(answer.status, 400, name);
    t.equal(answer.headers.get('location'), null, `${name}: no redirect`);
    t.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8', name);
    t.equal(answer.text, body, name);
  }
});

t.test('scope is split on commas and spaces, duplicates dropped', async (t) => {
  const { fake } = await startHarness(t);
  const scope =
    'instagram_business_basic instagram_business_content_publish,instagram_business_basic, instagram_business_manage_insights';
  const answer = await request(
    `${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP, { scope }))}`,
  );
  t.equal(answer.status, 200);
  t.match(
    answer.text,
    '<ul>\n<li><code>instagram_business_basic</code></li>\n<li><code>instagram_business_content_publish</code></li>\n<li><code>instagram_business_manage_insights</code></li>\n</ul>',
  );
});

t.test('api.instagram.com answers an Instagram-Login app with the "Sorry" page', async (t) => {
  const { fake } = await startHarness(t);
  const query = new URLSearchParams(authorizeParams(BUSINESS_APP));
  for (const method of ['GET', 'POST'] as const) {
    const answer =
      method === 'GET'
        ? await request(`${fake.apiUrl}/oauth/authorize?${query}`)
        : await request(`${fake.apiUrl}/oauth/authorize`, {
            method,
            body: new URLSearchParams({
              ...Object.fromEntries(query),
              decision: 'allow',
              username: BUSINESS_USER.username,
            }),
          });
    t.equal(answer.status, 404, method);
    t.equal(answer.headers.get('location'), null, `${method}: no redirect`);
    t.match(answer.text, "<h2>Sorry, this page isn't available.</h2>", method);
  }
  const basicOnWww = await request(`${fake.wwwUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BASIC_APP))}`);
  t.equal(basicOnWww.status, 404, 'a Basic Display app on www gets the same page');
});

t.test('Basic Display apps authorize at api.instagram.com', async (t) => {
  const { fake } = await startHarness(t);
  const answer = await request(`${fake.apiUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BASIC_APP))}`);
  t.equal(answer.status, 200);
  t.match(answer.text, '<form method="post" action="/api/oauth/authorize">');
  t.match(answer.text, '<li><code>user_profile</code></li>\n<li><code>user_media</code></li>');
  const wrong = await request(
    `${fake.apiUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BASIC_APP, { scope: 'user_media' }))}`,
  );
  t.equal(wrong.text, oauthError('Invalid scope: [user_media]'));
  const businessScope = await request(
    `${fake.apiUrl}/oauth/authorize?${new URLSearchParams(authorizeParams(BASIC_APP, { scope: 'instagram_business_basic' }))}`,
  );
  t.equal(businessScope.text, oauthError('Invalid scope field(s): instagram_business_basic'));
});

t.test('Allow redirects with a code, the state and #_', async (t) => {
  const { fake } = await startHarness(t);
  const params = authorizeParams(BUSINESS_APP, { state: 'a b&c=d/é' });
  const answer = await decide(fake, BUSINESS_APP, { ...params, decision: 'allow', username: BUSINESS_USER.username });
  t.equal(answer.status, 302);
  const location = answer.headers.get('location') ?? '';
  t.match(
    location,
    /^https:\/\/shop\.example\/ig\/callback\?code=AQ[A-Za-z0-9_-]{120,}&state=a\+b%26c%3Dd%2F%C3%A9#_$/,
  );
  const url = new URL(location);
  t.equal(url.searchParams.get('state'), 'a b&c=d/é', 'the state survives the round trip');
  t.equal(url.hash, '#_');
  t.same(fake.requests.at(-1)?.form, { ...params, decision: 'allow', username: BUSINESS_USER.username });
  t.equal(fake.requests.at(-1)?.contentType, 'application/x-www-form-urlencoded;charset=UTF-8');
});

t.test('Allow without a state sends none', async (t) => {
  const { fake } = await startHarness(t);
  const answer = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP),
    decision: 'allow',
    username: BUSINESS_USER.username,
  });
  t.match(answer.headers.get('location'), /^https:\/\/shop\.example\/ig\/callback\?code=AQ[A-Za-z0-9_-]+#_$/);
});

t.test('parameters are appended to a redirect URI that has a query', async (t) => {
  const { fake } = await startHarness(t);
  const redirectUri = 'https://shop.example/ig/return?site=7';
  const allowed = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP, { redirect_uri: redirectUri, state: 'xyz' }),
    decision: 'allow',
    username: BUSINESS_USER.username,
  });
  t.match(
    allowed.headers.get('location'),
    /^https:\/\/shop\.example\/ig\/return\?site=7&code=AQ[A-Za-z0-9_-]+&state=xyz#_$/,
  );
  const denied = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP, { redirect_uri: redirectUri }),
    decision: 'deny',
  });
  t.equal(
    denied.headers.get('location'),
    'https://shop.example/ig/return?site=7&error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request',
  );
});

t.test('Deny redirects with the documented error, with and without state', async (t) => {
  const { fake } = await startHarness(t, {
    apps: [BUSINESS_APP, { ...BUSINESS_APP, appId: '990011223344557', denialEchoesState: false }],
  });
  const denial = `${REDIRECT}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request`;
  const withState = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP, { state: 'st/1' }),
    decision: 'deny',
  });
  t.equal(withState.status, 302);
  t.equal(withState.headers.get('location'), `${denial}&state=st%2F1`);
  const withoutState = await decide(fake, BUSINESS_APP, { ...authorizeParams(BUSINESS_APP), decision: 'deny' });
  t.equal(withoutState.headers.get('location'), denial);
  const notEchoed = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP, { client_id: '990011223344557', state: 'st/1' }),
    decision: 'deny',
  });
  t.equal(notEchoed.headers.get('location'), denial, 'denialEchoesState: false drops the state');
});

t.test('a decision that cannot be used shows the page again', async (t) => {
  const { fake } = await startHarness(t);
  const noDecision = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP),
    username: BUSINESS_USER.username,
  });
  t.equal(noDecision.status, 400);
  t.match(noDecision.text, '<p class="notice">Choose Allow or Deny.</p>');
  const unknownUser = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP),
    decision: 'allow',
    username: 'nobody',
  });
  t.equal(unknownUser.status, 400);
  t.match(unknownUser.text, '<p class="notice">Choose one of the accounts below.</p>');
  const noUser = await decide(fake, BUSINESS_APP, { ...authorizeParams(BUSINESS_APP), decision: 'allow' });
  t.equal(noUser.status, 400);
  t.match(noUser.text, 'Choose one of the accounts below.');
});

t.test('a POST re-validates every parameter', async (t) => {
  const { fake } = await startHarness(t);
  const badRedirect = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP, { redirect_uri: `${REDIRECT}/` }),
    decision: 'allow',
    username: BUSINESS_USER.username,
  });
  t.equal(badRedirect.status, 400);
  t.equal(badRedirect.text, INVALID_REDIRECT_URI);
  const json = await request(`${fake.wwwUrl}/oauth/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...authorizeParams(BUSINESS_APP), decision: 'allow' }),
  });
  t.equal(json.text, INVALID_PLATFORM_APP, 'a JSON body carries no form fields');
});

t.test('Basic Display on Standard Access refuses accounts without a role', async (t) => {
  const standard = { ...BASIC_APP, accessLevel: 'standard' as const, testers: [BUSINESS_USER.username] };
  const { fake } = await startHarness(t, { apps: [standard], users: [BUSINESS_USER, PERSONAL_USER] });
  const refused = await decide(fake, standard, {
    ...authorizeParams(standard),
    decision: 'allow',
    username: PERSONAL_USER.username,
  });
  t.equal(refused.status, 400);
  t.equal(refused.headers.get('location'), null);
  t.equal(refused.text, oauthError('Insufficient developer role'));
  const tester = await decide(fake, standard, {
    ...authorizeParams(standard),
    decision: 'allow',
    username: BUSINESS_USER.username,
  });
  t.equal(tester.status, 302);
  t.match(tester.headers.get('location'), /\?code=AQ/);
});

t.test('business mode lets a Personal account through the window', async (t) => {
  const { fake } = await startHarness(t);
  const answer = await decide(fake, BUSINESS_APP, {
    ...authorizeParams(BUSINESS_APP),
    decision: 'allow',
    username: PERSONAL_USER.username,
  });
  t.equal(answer.status, 302);
  t.match(answer.headers.get('location'), /\?code=AQ/);
});
