import fc from 'fast-check';
import t from 'tap';
import { authArb, sendAdmin, storeIdArb, storeSettingsArb } from './admin-support.js';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import { bodyArb, fuzz, headersArb, queryArb, sometimes } from './support.js';

/**
 * The admin API's store routes, with and without the admin token: list,
 * create or update, read, delete, rotate the secret. Without the token the
 * answer is always 401 `unauthorized`; with it, never a 5xx or an unknown code.
 */
t.test('admin API: stores', async (t) => {
  const s = await fuzzScenario(t);
  const surface = surfaceOf(s, []);
  const token = s.relay.adminToken;
  const pool = ['shop-1', 'shop-2', 'shop-3'];
  const recreate = (id: string) =>
    s.relay.app.inject({
      method: 'PUT',
      url: `/v1/stores/${id}`,
      headers: { authorization: `Bearer ${token}` },
      payload: { webhook_url: s.receiver.url, return_origins: ['https://shop.example'] },
    });
  for (const id of pool.slice(1)) await recreate(id);

  const common = {
    auth: authArb(token),
    id: storeIdArb(pool),
    query: sometimes(queryArb(['id', 'limit', 'status', 'secret']), 4),
    headers: headersArb,
    body: sometimes(bodyArb(fc.jsonValue()), 4),
  };
  const url = (path: string, query: string | null) => (query === null ? path : `${path}?${query}`);

  // Listing first: the creations below would make it slower.
  await fuzz(
    t,
    'GET /v1/stores',
    fc.record({ ...common }),
    (c) =>
      sendAdmin(surface, token, { method: 'GET', url: url('/v1/stores', c.query), ...c, body: c.body ?? undefined }),
    { mustSee: ['200', '401 unauthorized'] },
  );

  for (const [method, suffix, mustSee] of [
    ['GET', '', ['200', '404 store_not_found', '400 invalid_request']],
    ['POST', '/secret', ['200', '404 store_not_found']],
    ['DELETE', '', ['204', '404 store_not_found']],
  ] as const) {
    await fuzz(
      t,
      `${method} /v1/stores/:id${suffix}`,
      fc.record(common),
      async (c) => {
        const response = await sendAdmin(surface, token, {
          method,
          url: url(`/v1/stores/${c.id}${suffix}`, c.query),
          ...c,
          body: c.body ?? undefined,
        });
        // Keep the pool for the next cases.
        if (method === 'DELETE' && response.statusCode === 204 && pool.includes(c.id)) await recreate(c.id);
        return response;
      },
      { mustSee: [...mustSee, '401 unauthorized'] },
    );
  }

  await fuzz(
    t,
    'PUT /v1/stores/:id',
    fc.record({ ...common, body: bodyArb(storeSettingsArb(s)) }),
    (c) => sendAdmin(surface, token, { method: 'PUT', url: url(`/v1/stores/${c.id}`, c.query), ...c }),
    {
      mustSee: [
        '200',
        '201',
        '400 invalid_request',
        '415 unsupported_media_type',
        '413 payload_too_large',
        '401 unauthorized',
      ],
    },
  );
});
