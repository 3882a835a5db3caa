import t from 'tap';
import {
  BASIC_APP,
  BUSINESS_APP,
  BUSINESS_USER,
  HOUR,
  REDIRECT,
  codeFields,
  exchangeCode,
  graphErrorOf,
  obtainCode,
  request,
  startHarness,
} from './fixtures/harness.js';
import { appScopedId } from '../../../src/dev/fake-instagram/ids.js';

function oauthError(message: string): string {
  return JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: message });
}

const CODE_NOT_FOUND = oauthError('Matching code was not found or was already used');
const REDIRECT_MISMATCH = oauthError(
  'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
);

t.test('the flat response keeps the 17-digit user_id as a raw JSON number', async (t) => {
  const { fake } = await startHarness(t);
  for (const encoding of ['urlencoded', 'multipart'] as const) {
    const code = await obtainCode(fake);
    const answer = await exchangeCode(fake, codeFields(code), encoding);
    t.equal(answer.status, 200, encoding);
    t.equal(answer.headers.get('content-type'), 'application/json; charset=utf-8');
    const appScoped = appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId);
    t.match(appScoped, /^2[0-9]{16}$/);
    t.ok(BigInt(appScoped) > 2n ** 53n, 'the ID is above 2^53');
    t.match(
      answer.text,
      new RegExp(
        `^\\{"access_token":"IGAA[A-Za-z0-9_-]{150,}","user_id":${appScoped},"permissions":\\["instagram_business_basic","instagram_business_manage_messages"\\]\\}$`,
      ),
      `${encoding}: exact text, every digit of user_id kept`,
    );
    t.same(fake.requests.at(-1)?.form, codeFields(code), `${encoding}: the form fields are recorded`);
  }
  t.match(fake.requests.at(-1)?.contentType, /^multipart\/form-data; boundary=/);
});

t.test('tokenUserId: ig_user_id returns the professional account ID', async (t) => {
  const app = { ...BUSINESS_APP, tokenUserId: 'ig_user_id' as const };
  const { fake } = await startHarness(t, { apps: [app] });
  const answer = await exchangeCode(fake, codeFields(await obtainCode(fake, { app })));
  t.match(answer.text, `"user_id":${BUSINESS_USER.userId},`);
});

t.test('doc_data_array answers the shape Meta documents', async (t) => {
  const app = { ...BUSINESS_APP, tokenResponseShape: 'doc_data_array' as const };
  const { fake } = await startHarness(t, { apps: [app] });
  const answer = await exchangeCode(fake, codeFields(await obtainCode(fake, { app })));
  t.equal(answer.status, 200);
  const body = JSON.parse(answer.text) as { data: Array<{ access_token: string }> };
  t.match(body.data[0]?.access_token, /^IGAA/);
  t.same(body, {
    data: [
      {
        access_token: body.data[0]?.access_token,
        user_id: appScopedId(BUSINESS_APP.appId, BUSINESS_USER.userId),
        permissions: 'instagram_business_basic,instagram_business_manage_messages',
      },
    ],
  });
});

t.test('Basic Display answers an IGQVJ token and a numeric user_id, nothing else', async (t) => {
  const { fake } = await startHarness(t);
  const answer = await exchangeCode(
    fake,
    codeFields(await obtainCode(fake, { app: BASIC_APP }), BASIC_APP),
    'multipart',
  );
  t.equal(answer.status, 200);
  t.match(
    answer.text,
    new RegExp(
      `^\\{"access_token":"IGQVJ[A-Za-z0-9_-]+","user_id":${appScopedId(BASIC_APP.appId, BUSINESS_USER.userId)}\\}$`,
    ),
  );
});

t.test('a code works once', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  t.equal((await exchangeCode(fake, codeFields(code))).status, 200);
  const again = await exchangeCode(fake, codeFields(code));
  t.equal(again.status, 400);
  t.equal(again.text, CODE_NOT_FOUND);
});

t.test('a code expires after 3600 s on the injected clock', async (t) => {
  const { fake, clock } = await startHarness(t);
  const fresh = await obtainCode(fake);
  const stale = await obtainCode(fake);
  clock.advance(HOUR - 1);
  t.equal((await exchangeCode(fake, codeFields(fresh))).status, 200, 'valid until the last millisecond');
  clock.advance(1);
  const expired = await exchangeCode(fake, codeFields(stale));
  t.equal(expired.status, 400);
  t.equal(expired.text, CODE_NOT_FOUND);
});

t.test('a code still carrying #_ is unknown', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  const answer = await exchangeCode(fake, codeFields(`${code}#_`));
  t.equal(answer.status, 400);
  t.equal(answer.text, CODE_NOT_FOUND);
  t.equal((await exchangeCode(fake, codeFields(code))).status, 200, 'the failed attempt did not use up the code');
});

t.test('the redirect_uri must be byte-identical to the authorize one', async (t) => {
  const second = 'https://shop.example/ig/return?site=7';
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  for (const redirectUri of [`${REDIRECT}/`, second, '']) {
    const answer = await exchangeCode(fake, { ...codeFields(code), redirect_uri: redirectUri });
    t.equal(answer.status, 400, redirectUri);
    t.equal(answer.text, REDIRECT_MISMATCH, redirectUri);
  }
  const { redirect_uri: _omitted, ...withoutRedirect } = codeFields(code);
  t.equal((await exchangeCode(fake, withoutRedirect)).text, REDIRECT_MISMATCH, 'missing redirect_uri');
  t.equal((await exchangeCode(fake, codeFields(code))).status, 200, 'the code survives the failures');
});

t.test('the app must authenticate with the Instagram app ID and secret', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  const fields = codeFields(code);
  const invalid = oauthError('Invalid platform app');
  const { client_id: _id, ...noId } = fields;
  const { client_secret: _secret, ...noSecret } = fields;
  for (const [name, body] of [
    ['unknown client_id', { ...fields, client_id: '1122334455' }],
    ['wrong client_secret', { ...fields, client_secret: 'meta-app-secret' }],
    ['another app’s secret', { ...fields, client_secret: BASIC_APP.appSecret }],
    ['no client_id', noId],
    ['no client_secret', noSecret],
  ] as const) {
    const answer = await exchangeCode(fake, body);
    t.equal(answer.status, 400, name);
    t.equal(answer.text, invalid, name);
  }
  const otherApp = await exchangeCode(fake, codeFields(code, BASIC_APP));
  t.equal(otherApp.text, CODE_NOT_FOUND, 'a code is bound to the app it was issued for');
});

t.test('grant_type must be authorization_code', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  const answer = await exchangeCode(fake, { ...codeFields(code), grant_type: 'client_credentials' });
  t.equal(answer.status, 400);
  t.equal(answer.text, oauthError('Invalid grant_type'));
});

t.test('a body that is neither urlencoded nor multipart carries no fields', async (t) => {
  const { fake } = await startHarness(t);
  const code = await obtainCode(fake);
  const json = await request(`${fake.apiUrl}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(codeFields(code)),
  });
  t.equal(json.status, 400);
  t.equal(json.text, oauthError('Invalid platform app'));
  t.same(fake.requests.at(-1)?.form, {});
  const brokenMultipart = await request(`${fake.apiUrl}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=nothing-here' },
    body: 'not multipart at all',
  });
  t.equal(brokenMultipart.text, oauthError('Invalid platform app'));
  const repeated = await request(`${fake.apiUrl}/oauth/access_token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `${new URLSearchParams(codeFields(code))}&client_id=other&__proto__=x`,
  });
  t.equal(repeated.status, 200, 'the first of repeated fields wins');
  t.equal(fake.requests.at(-1)?.form['__proto__'], 'x', 'an odd field name stays a plain field');
});

t.test('other methods get Graph’s method error', async (t) => {
  const { fake } = await startHarness(t);
  for (const method of ['GET', 'PUT', 'DELETE']) {
    const answer = await request(`${fake.apiUrl}/oauth/access_token`, { method });
    t.equal(answer.status, 400, method);
    t.same(graphErrorOf(t, answer), {
      error: {
        message: `Unsupported request - method type: ${method.toLowerCase()}`,
        type: 'IGApiException',
        code: 100,
      },
    });
  }
});
