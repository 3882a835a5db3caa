import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import {
  CONTENT_TYPES,
  encodeComponent,
  errorCode,
  freshAddress,
  fuzz,
  headersArb,
  hostile,
  queryArb,
  segment,
  send,
  sometimes,
  wrongType,
  type Response,
} from './support.js';

/**
 * Meta's compliance callbacks: POST /meta/deauthorize/:store and
 * POST /meta/data-deletion/:store (a form with `signed_request`), and the
 * public GET /meta/data-deletion/status/:code page. Signed requests are made
 * with the store's Instagram app secret around hostile payloads, as well as
 * signed wrongly, malformed, or not at all.
 */
const FORM = 'application/x-www-form-urlencoded';

t.test('Meta compliance routes', async (t) => {
  const s = await fuzzScenario(t);
  const surface = surfaceOf(s, []);
  const secret = s.igApp.appSecret;
  const nowSeconds = Math.floor(s.relay.clock.now() / 1000);
  // A store without an Instagram app secret: its callbacks can never verify.
  await s.relay.app.inject({
    method: 'PUT',
    url: '/v1/stores/shop-2',
    headers: { authorization: `Bearer ${s.relay.adminToken}` },
    payload: { webhook_url: s.receiver.url, return_origins: ['https://other.example'] },
  });

  const sign = (key: string, payload: string) =>
    `${createHmac('sha256', key).update(payload).digest('base64url')}.${payload}`;
  const encode = (json: string) => Buffer.from(json).toString('base64url');
  const raw = (value: unknown) => JSON.stringify(value) ?? 'null';

  // The payload as JSON text, so a user_id can be a bare number past 2^53.
  const field = (good: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 20, arbitrary: good },
      { weight: 1, arbitrary: hostile.map(raw) },
      { weight: 1, arbitrary: wrongType.map(raw) },
    );
  // Meta's data deletion payloads carry `expires`, its deauthorize ones do not.
  const payloadOf = (kind: 'deauthorize' | 'data_deletion') =>
    fc.oneof(
      {
        weight: 8,
        arbitrary: fc
          .record(
            {
              algorithm: field(fc.constantFrom('"HMAC-SHA256"', '"HMAC-SHA256"', '"hmac-sha256"', '"HMAC-SHA1"')),
              user_id: field(
                fc.oneof(
                  { weight: 4, arbitrary: fc.stringMatching(/^[0-9]{1,32}$/).map((id) => `"${id}"`) },
                  fc.bigInt({ min: 0n, max: 10n ** 40n }).map(String),
                  fc.constantFrom('-1', '1.5', '1e3', '"0x10"', '""'),
                ),
              ),
              issued_at: field(
                fc.oneof(
                  { weight: 6, arbitrary: fc.integer({ min: -3600, max: 60 }).map((d) => String(nowSeconds + d)) },
                  fc.constantFrom(String(nowSeconds - 86_401), String(nowSeconds + 301), '0', '1e300', '1.5', '"now"'),
                ),
              ),
              expires: field(fc.integer({ min: -3600, max: 7200 }).map((d) => String(nowSeconds + d))),
            },
            { requiredKeys: ['algorithm', 'user_id', 'issued_at'] },
          )
          .map(({ expires, ...fields }) => (kind === 'data_deletion' ? { ...fields, expires: expires ?? '0' } : fields))
          .map(
            (fields) =>
              `{${Object.entries(fields)
                .map(([name, value]) => `"${name}":${value}`)
                .join(',')}}`,
          ),
      },
      {
        weight: 1,
        arbitrary: fc.oneof(
          hostile,
          fc.jsonValue().map(raw),
          fc.integer({ min: 1, max: 5000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
        ),
      },
    );

  const signedRequestOf = (payload: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 16, arbitrary: payload.map((json) => sign(secret, encode(json))) },
      { weight: 1, arbitrary: payload.map((json) => sign('not-the-app-secret', encode(json))) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(payload, fc.constantFrom('pad', 'std', 'three', 'swap', 'empty-sig', 'long'))
          .map(([json, how]) => {
            const good = sign(secret, encode(json));
            const [sig, body] = good.split('.') as [string, string];
            return {
              pad: `${sig}=.${body}`,
              std: Buffer.from(sig, 'base64url').toString('base64') + '.' + body,
              three: `${good}.${body}`,
              swap: `${body}.${sig}`,
              'empty-sig': `.${body}`,
              long: `${sig}.${body}${'A'.repeat(5000)}`,
            }[how];
          }),
      },
      { weight: 1, arbitrary: hostile },
    );

  const formOf = (signedRequest: fc.Arbitrary<string>) =>
    fc.oneof(
      { weight: 16, arbitrary: signedRequest.map((value) => `signed_request=${encodeComponent(value)}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(signedRequest, queryArb(['signed_request', 'user_id', '__proto__']))
          .map(([value, extra]) => `${extra}&signed_request=${encodeComponent(value)}`),
      },
      { weight: 1, arbitrary: queryArb(['signed_request']) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('', 'signed_request=', 'signed_request', `signed_request=${'a'.repeat(9000)}`),
      },
    );
  const requestOf = (kind: 'deauthorize' | 'data_deletion') =>
    fc.record({
      form: formOf(signedRequestOf(payloadOf(kind))),
      store: fc.oneof({ weight: 16, arbitrary: fc.constant('shop-1') }, fc.constantFrom('shop-2', 'nope'), segment),
      contentType: fc.oneof({ weight: 16, arbitrary: fc.constant(FORM) }, fc.constantFrom(...CONTENT_TYPES)),
      query: sometimes(queryArb(['signed_request', 'store']), 6),
      headers: headersArb,
    });
  const post = (
    path: string,
    c: { store: string; contentType: string; form: string; query: string | null; headers: Record<string, string> },
  ) =>
    send(surface, {
      method: 'POST',
      url: `${path}/${c.store}${c.query === null ? '' : `?${c.query}`}`,
      headers: c.headers,
      body: { contentType: c.contentType, payload: c.form },
    });

  await fuzz(t, 'POST /meta/deauthorize/:store', requestOf('deauthorize'), (c) => post('/meta/deauthorize', c), {
    mustSee: ['200', '400 signed_request_invalid', '400 signed_request_stale', '400 invalid_request'],
  });

  const codes: string[] = [];
  await fuzz(
    t,
    'POST /meta/data-deletion/:store',
    requestOf('data_deletion'),
    async (c) => {
      const response = await post('/meta/data-deletion', c);
      if (response.statusCode === 200) {
        const body = response.json<{ url?: unknown; confirmation_code?: unknown }>();
        const code = String(body.confirmation_code);
        if (
          !/^[A-Za-z0-9]{1,64}$/.test(code) ||
          body.url !== `${s.relay.config.publicUrl}/meta/data-deletion/status/${code}`
        ) {
          throw new Error(`data deletion answered ${response.body}`);
        }
        // The URL Meta shows the person works.
        const page = await send(surface, {
          method: 'GET',
          url: `/meta/data-deletion/status/${code}`,
          remoteAddress: freshAddress(),
        });
        if (page.statusCode !== 200) throw new Error(`the status page of ${code} answered ${page.statusCode}`);
        if (codes.length < 1000) codes.push(code);
      }
      return response;
    },
    { mustSee: ['200', '400 signed_request_invalid', '400 signed_request_stale'] },
  );
  t.ok(codes.length > 0, 'data deletion requests were recorded');

  await fuzz(
    t,
    'GET /meta/data-deletion/status/:code',
    fc.record({
      code: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...codes) },
        { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{1,64}$/) },
        { weight: 2, arbitrary: segment },
      ),
      query: sometimes(queryArb(['code', 'lang']), 4),
      headers: headersArb,
    }),
    async (c): Promise<Response> => {
      const url = `/meta/data-deletion/status/${c.code}${c.query === null ? '' : `?${c.query}`}`;
      const response = await send(surface, { method: 'GET', url, headers: c.headers });
      if (response.statusCode === 200 && !response.body.includes(`<code>${c.code}</code>`)) {
        throw new Error(`the status page for ${c.code} does not show its code`);
      }
      return response;
    },
    { mustSee: ['200', '404 deletion_request_not_found', '400 invalid_request'] },
  );
});

/** Found by this suite: `String(algorithm)` used to throw on such a payload (a 500). */
t.test('a signed payload whose algorithm cannot become a string', async (t) => {
  const s = await fuzzScenario(t);
  const payload = Buffer.from('{"algorithm":{"toString":0}}').toString('base64url');
  const signature = createHmac('sha256', s.igApp.appSecret).update(payload).digest('base64url');
  for (const path of ['/meta/deauthorize/shop-1', '/meta/data-deletion/shop-1']) {
    const response = await s.relay.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': FORM },
      payload: `signed_request=${signature}.${payload}`,
    });
    t.equal(response.statusCode, 400, `${path}: 400`);
    t.equal(errorCode(response), 'signed_request_invalid', `${path}: signed_request_invalid`);
  }
});

/**
 * Found by this suite: requests used to be recorded once per signed_request
 * whatever the route, so the data deletion URL Meta shows could answer 404.
 */
t.test('one signed_request sent to both callbacks', async (t) => {
  const s = await fuzzScenario(t);
  const issuedAt = Math.floor(s.relay.clock.now() / 1000);
  const payload = Buffer.from(JSON.stringify({ algorithm: 'HMAC-SHA256', user_id: '1', issued_at: issuedAt })).toString(
    'base64url',
  );
  const signed = `${createHmac('sha256', s.igApp.appSecret).update(payload).digest('base64url')}.${payload}`;
  const post = (path: string) =>
    s.relay.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': FORM },
      payload: `signed_request=${signed}`,
    });
  t.equal((await post('/meta/deauthorize/shop-1')).statusCode, 200);
  const deletion = await post('/meta/data-deletion/shop-1');
  t.equal(deletion.statusCode, 200);
  const status = await s.relay.app.inject({
    method: 'GET',
    url: new URL(deletion.json<{ url: string }>().url).pathname,
  });
  t.equal(status.statusCode, 200, 'the status URL of the data deletion request works');
});
