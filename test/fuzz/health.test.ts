import fc from 'fast-check';
import t from 'tap';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import { bodyArb, fuzz, headersArb, queryArb, send } from './support.js';

/** GET /healthz and GET /readyz take no input; whatever comes with them changes nothing. */
t.test('health routes', async (t) => {
  const s = await fuzzScenario(t, { TRUST_PROXY: 'true' });
  const surface = surfaceOf(s, []);
  for (const path of ['/healthz', '/readyz']) {
    await fuzz(
      t,
      `GET ${path}`,
      fc.record({
        query: queryArb(['status', 'verbose', 'probe']),
        headers: headersArb,
        body: bodyArb(fc.jsonValue()),
      }),
      async (c) => {
        const response = await send(surface, {
          method: 'GET',
          url: `${path}?${c.query}`,
          headers: c.headers,
          body: c.body,
        });
        if (response.statusCode === 200 && response.body !== '{"status":"ok"}')
          throw new Error(`${path} answered ${response.body}`);
        return response;
      },
      { mustSee: ['200'] },
    );
  }
});
