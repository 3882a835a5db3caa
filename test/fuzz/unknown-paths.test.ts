import { METHODS } from 'node:http';
import fc from 'fast-check';
import t from 'tap';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import { bodyArb, errorCode, fuzz, headersArb, queryArb, segment, send } from './support.js';

/**
 * Paths no route serves, and the relay's paths with methods they do not
 * take: a 404 `not_found` (JSON, or the HTML page under the browser routes'
 * paths), never a redirect or a 5xx.
 */
/** The relay's paths (with a concrete store, event or code) and the methods each serves; HEAD goes with GET. */
const SERVED: Record<string, readonly string[]> = {
  '/authorize': ['GET'],
  '/callback': ['GET'],
  '/healthz': ['GET'],
  '/readyz': ['GET'],
  '/v1/stores': ['GET'],
  '/v1/stores/shop-1': ['GET', 'PUT', 'DELETE'],
  '/v1/stores/shop-1/secret': ['POST'],
  '/v1/stores/shop-1/deliveries': ['GET'],
  '/v1/stores/shop-1/deliveries/redeliver': ['POST', 'GET'],
  '/v1/store': ['GET'],
  '/v1/store/instagram': ['PUT'],
  '/v1/store/instagram/test': ['POST'],
  '/meta/deauthorize/shop-1': ['POST'],
  '/meta/data-deletion/shop-1': ['POST'],
  '/meta/data-deletion/status/abc': ['GET'],
  '/metrics': ['GET'],
  '/docs/openapi.json': ['GET'],
};
const KNOWN = Object.keys(SERVED);
// CONNECT's request target is an authority, not a path; light-my-request cannot send it.
const METHOD_NAMES = METHODS.filter((method) => method !== 'CONNECT');

t.test('unknown paths and methods', async (t) => {
  // Behind a proxy: the client address (and so the failure limit's key) comes from X-Forwarded-For.
  const s = await fuzzScenario(t, { TRUST_PROXY: '1' });
  const surface = surfaceOf(s, []);
  const word = fc.constantFrom('v1', 'stores', 'store', 'meta', 'authorize', 'callback', 'healthz', 'admin', 'shop-1');
  const path = fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .array(fc.oneof(word, segment), { minLength: 1, maxLength: 6 })
        .map((parts) => `/${parts.join('/')}`),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...KNOWN), fc.constantFrom('/', '//', '/x', '.json', '%2F', '/..', ';x'))
        .map((p) => p.join('')),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('//evil.com', '//evil.com/%2e%2e', '/\\evil.com', '/%5Cevil.com', '/./', '/..', '/*'),
    },
  );

  await fuzz(
    t,
    'unknown paths (any method)',
    fc.record({
      method: fc.constantFrom(...METHOD_NAMES),
      path,
      query: fc.oneof(fc.constant(''), queryArb(['store', 'state', 'code', 'id'])),
      headers: headersArb,
      body: bodyArb(fc.jsonValue()),
    }),
    (c) =>
      send(surface, {
        method: c.method,
        url: c.query ? `${c.path}?${c.query}` : c.path,
        headers: c.headers,
        body: c.body,
      }),
    { mustSee: ['404 not_found'] },
  );

  // Each known path with the methods it does not serve.
  await fuzz(
    t,
    'known paths with other methods',
    fc.record({
      method: fc.constantFrom(...METHOD_NAMES),
      path: fc.constantFrom(...KNOWN),
      headers: headersArb,
      body: bodyArb(fc.jsonValue()),
    }),
    async (c) => {
      const methods = SERVED[c.path] ?? [];
      const served = methods.includes(c.method) || (c.method === 'HEAD' && methods.includes('GET'));
      const response = await send(surface, { method: c.method, url: c.path, headers: c.headers, body: c.body });
      // Not served: refused (404, or the body's own refusal: Fastify parses it before the 404 handler).
      if (!served && response.statusCode < 400) throw new Error(`${c.method} ${c.path}: ${response.statusCode}`);
      return response;
    },
    { mustSee: ['404 not_found'] },
  );
});

/**
 * Found by this suite: the router refuses a malformed percent escape
 * (`GET /%zz`) and a path parameter over 100 characters before any route
 * runs, and Fastify used to answer those itself, echoing the path (`<script>`
 * included) without a catalogue code or the security headers.
 */
t.test('paths the router refuses by itself', async (t) => {
  const s = await fuzzScenario(t);
  const long = 'a'.repeat(101);
  for (const url of [
    '/%zz',
    '/v1/stores/%E0%A4%A',
    '/authorize/%?state=x',
    '/<script>alert(1)</script>%zz',
    `/v1/stores/${long}`,
    `/meta/data-deletion/status/${long}<script>`,
  ]) {
    const response = await s.relay.app.inject({ method: 'GET', url });
    t.ok([400, 404].includes(response.statusCode), `${url}: 400 or 404`);
    t.ok(['invalid_request', 'not_found'].includes(errorCode(response) ?? ''), `${url}: a catalogue code`);
    t.notOk(response.body.includes('script') || response.body.includes(long), `${url}: the path is not echoed`);
    t.equal(response.headers['x-content-type-options'], 'nosniff', `${url}: the security headers`);
  }
});
