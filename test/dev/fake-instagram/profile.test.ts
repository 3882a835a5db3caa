import t from 'tap';
import {
  BASIC_APP,
  BUSINESS_APP,
  BUSINESS_USER,
  CREATOR_USER,
  PERSONAL_USER,
  graphErrorOf,
  graphUrl,
  obtainToken,
  request,
  startHarness,
} from './fixtures/harness.js';
import { appScopedId } from '../../../src/dev/fake-instagram/ids.js';

const ALL_BUSINESS_FIELDS =
  'id,user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website';

t.test('/me returns exactly the requested fields, flat', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake);
  const appScoped = appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId);
  const all = await request(graphUrl(fake, '/me', { fields: ALL_BUSINESS_FIELDS, access_token: token }));
  t.equal(all.status, 200);
  t.equal(all.headers.get('content-type'), 'application/json; charset=utf-8');
  t.equal(
    all.text,
    JSON.stringify({
      id: appScoped,
      user_id: '17841400774391234',
      username: 'lumen.coffee',
      name: 'Lumen Coffee Roasters',
      account_type: 'Business',
      profile_picture_url: 'https://cdn.example/lumen.jpg',
      followers_count: 12840,
      follows_count: 311,
      media_count: 482,
      biography: 'Small-batch roastery.',
      website: 'https://lumen-coffee.example',
    }),
  );
  t.not(appScoped, BUSINESS_USER.userId, 'the app-scoped id is not the professional account id');

  const some = await request(graphUrl(fake, '/v25.0/me', { fields: 'user_id, username,user_id', access_token: token }));
  t.equal(some.text, '{"user_id":"17841400774391234","username":"lumen.coffee"}');
  t.same(fake.requests.at(-1), {
    endpoint: 'me',
    method: 'GET',
    path: '/graph/v25.0/me',
    contentType: null,
    query: { fields: 'user_id, username,user_id', access_token: token },
    form: {},
  });

  const none = await request(graphUrl(fake, '/me', { access_token: token }));
  t.equal(none.text, `{"id":"${appScoped}"}`, 'without fields, only id');
  const empty = await request(graphUrl(fake, '/me', { fields: '', access_token: token }));
  t.equal(empty.text, `{"id":"${appScoped}"}`);
});

t.test('the app-scoped id differs per app and is stable', async (t) => {
  const other = { ...BUSINESS_APP, appId: '990011223344999' };
  const { fake } = await startHarness(t, { apps: [BUSINESS_APP, other] });
  const first = await obtainToken(fake);
  const second = await obtainToken(fake, { app: other });
  const a = JSON.parse((await request(graphUrl(fake, '/me', { fields: 'id,user_id', access_token: first }))).text) as {
    id: string;
    user_id: string;
  };
  const b = JSON.parse((await request(graphUrl(fake, '/me', { fields: 'id,user_id', access_token: second }))).text) as {
    id: string;
    user_id: string;
  };
  t.equal(a.user_id, b.user_id);
  t.not(a.id, b.id);
  t.equal(a.id, appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId));
  t.equal(appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId), appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId));
});

t.test('absent optional values are left out; counts default to 0', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake, { username: CREATOR_USER.username });
  const answer = await request(
    graphUrl(fake, '/me', {
      fields:
        'username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website',
      access_token: token,
    }),
  );
  t.equal(
    answer.text,
    '{"username":"marta.makes","account_type":"Media_Creator","followers_count":0,"follows_count":0,"media_count":0}',
  );
});

t.test('a Personal account reads PERSONAL in business mode', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake, { username: PERSONAL_USER.username });
  const answer = await request(graphUrl(fake, '/me', { fields: 'account_type', access_token: token }));
  t.equal(answer.text, '{"account_type":"PERSONAL"}');
});

t.test('email and unknown fields are code-100 errors', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake);
  for (const [fields, field] of [
    ['id,username,email', 'email'],
    ['nickname', 'nickname'],
    ['__proto__', '__proto__'],
  ] as const) {
    const answer = await request(graphUrl(fake, '/me', { fields, access_token: token }));
    t.equal(answer.status, 400, fields);
    t.same(graphErrorOf(t, answer), {
      error: {
        message: `(#100) Tried accessing nonexisting field (${field}) on node type (User)`,
        type: 'IGApiException',
        code: 100,
      },
    });
  }
});

t.test('Basic Display /me: id, username, upper-case account_type, media_count', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake, { app: BASIC_APP });
  const answer = await request(
    graphUrl(fake, '/me', { fields: 'id,username,account_type,media_count', access_token: token }),
  );
  t.equal(
    answer.text,
    JSON.stringify({
      id: appScopedId(BASIC_APP.appId, BUSINESS_USER.userId),
      username: 'lumen.coffee',
      account_type: 'BUSINESS',
      media_count: 482,
    }),
  );
  for (const [username, type] of [
    [CREATOR_USER.username, 'MEDIA_CREATOR'],
    [PERSONAL_USER.username, 'PERSONAL'],
  ] as const) {
    const other = await obtainToken(fake, { app: BASIC_APP, username });
    t.equal(
      (await request(graphUrl(fake, '/me', { fields: 'account_type', access_token: other }))).text,
      `{"account_type":"${type}"}`,
    );
  }
  const name = await request(graphUrl(fake, '/me', { fields: 'name', access_token: token }));
  t.same(graphErrorOf(t, name), {
    error: {
      message: '(#100) Tried accessing nonexisting field (name) on node type (User)',
      type: 'IGApiException',
      code: 100,
    },
  });
  const byUserId = await request(graphUrl(fake, `/${BUSINESS_USER.userId}`, { access_token: token }));
  t.match(
    graphErrorOf(t, byUserId),
    { error: { code: 100, error_subcode: 33 } },
    'Basic Display knows only the app-scoped id',
  );
});

t.test('/{id} answers for the token owner’s ids only', async (t) => {
  const { fake } = await startHarness(t);
  const token = await obtainToken(fake);
  const appScoped = appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId);
  for (const id of [appScoped, BUSINESS_USER.userId]) {
    const answer = await request(graphUrl(fake, `/${id}`, { fields: 'username', access_token: token }));
    t.equal(answer.text, '{"username":"lumen.coffee"}', id);
    const versioned = await request(graphUrl(fake, `/v24.0/${id}`, { fields: 'username', access_token: token }));
    t.equal(versioned.text, '{"username":"lumen.coffee"}', `v24.0/${id}`);
  }
  t.equal(fake.requests.at(-1)?.endpoint, 'me');
  const stranger = await request(graphUrl(fake, `/${CREATOR_USER.userId}`, { access_token: token }));
  t.equal(stranger.status, 400);
  t.same(graphErrorOf(t, stranger), {
    error: {
      message: `Unsupported get request. Object with ID '${CREATOR_USER.userId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
      type: 'IGApiException',
      code: 100,
      error_subcode: 33,
    },
  });
});

t.test('/me refuses bad tokens', async (t) => {
  const { fake } = await startHarness(t);
  const cannotParse = {
    error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 },
  };
  const garbage = await request(graphUrl(fake, '/me', { access_token: 'garbage' }));
  t.equal(garbage.status, 400);
  t.same(graphErrorOf(t, garbage), cannotParse);
  const none = await request(`${fake.graphUrl}/me`);
  t.same(graphErrorOf(t, none), cannotParse);
  const token = await obtainToken(fake);
  const header = await request(`${fake.graphUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
  t.same(graphErrorOf(t, header), cannotParse, 'a bearer header is not read');
});

t.test('paths Graph does not serve', async (t) => {
  const { fake } = await startHarness(t);
  for (const [path, components] of [
    ['/me/media', '/me/media'],
    ['/v25.0/me/media', '/v25.0/me/media'],
    ['/latest/access_token', '/latest/access_token'],
    ['/x/refresh_access_token', '/x/refresh_access_token'],
    ['', ''],
  ] as const) {
    const answer = await request(`${fake.graphUrl}${path}`);
    t.equal(answer.status, 400, path);
    t.same(graphErrorOf(t, answer), {
      error: { message: `Unknown path components: ${components}`, type: 'OAuthException', code: 2500 },
    });
  }
});
