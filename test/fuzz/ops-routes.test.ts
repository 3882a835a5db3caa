import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import t from 'tap';
import { authArb } from './admin-support.js';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import { bodyArb, errorCode, fuzz, headersArb, queryArb, send, sometimes } from './support.js';

/**
 * The operator's read-only routes: GET /metrics (behind METRICS_TOKEN here,
 * with and without it) and GET /docs/openapi.json. Neither takes input; the
 * metrics token, like every other secret, never comes back.
 */
t.test('operator routes', async (t) => {
  const metricsToken = randomBytes(24).toString('base64url');
  const s = await fuzzScenario(t, { METRICS_TOKEN: metricsToken });
  const surface = { ...surfaceOf(s, []), secrets: [...surfaceOf(s, []).secrets, metricsToken] };
  const common = {
    query: sometimes(queryArb(['name', 'format', 'token']), 3),
    headers: headersArb,
    body: sometimes(bodyArb(fc.jsonValue()), 5),
  };
  const url = (path: string, query: string | null) => (query === null ? path : `${path}?${query}`);

  await fuzz(
    t,
    'GET /metrics',
    fc.record({ ...common, auth: authArb(metricsToken) }),
    async (c) => {
      const { authorization: _ignored, ...headers } = c.headers;
      const response = await send(surface, {
        method: 'GET',
        url: url('/metrics', c.query),
        headers: { ...headers, authorization: c.auth },
        body: c.body ?? undefined,
      });
      const allowed = c.auth === `Bearer ${metricsToken}`;
      if (!allowed && response.statusCode < 400) throw new Error(`metrics answered without the token (${c.auth})`);
      if (allowed && errorCode(response) === 'unauthorized') throw new Error('the metrics token was refused');
      return response;
    },
    { mustSee: ['200', '401 unauthorized'] },
  );

  await fuzz(
    t,
    'GET /docs/openapi.json',
    fc.record(common),
    (c) =>
      send(surface, {
        method: 'GET',
        url: url('/docs/openapi.json', c.query),
        headers: c.headers,
        body: c.body ?? undefined,
      }),
    { mustSee: ['200'] },
  );
});
