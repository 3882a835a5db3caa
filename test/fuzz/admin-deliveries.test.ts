import fc from 'fast-check';
import t from 'tap';
import { authArb, sendAdmin, storeIdArb } from './admin-support.js';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import { bodyArb, fuzz, headersArb, hostile, queryArb, segment, sometimes } from './support.js';

/**
 * The admin API's delivery routes, with and without the admin token: list a
 * store's deliveries, read one, send one or all failed ones again. Real
 * events exist (sign-ins, one of them refused by the store's webhook).
 */
t.test('admin API: deliveries', async (t) => {
  const s = await fuzzScenario(t);
  const surface = surfaceOf(s, []);
  const token = s.relay.adminToken;
  await s.signIn();
  s.receiver.answer({ status: 503 });
  await s.signIn();
  const listed = await s.relay.app.inject({
    method: 'GET',
    url: '/v1/stores/shop-1/deliveries',
    headers: { authorization: `Bearer ${token}` },
  });
  const events = listed.json<{ deliveries: { id: string }[] }>().deliveries.map((event) => event.id);
  t.equal(events.length, 2, 'two events to fuzz around');

  const stores = storeIdArb(['shop-1']);
  const event = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...events) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: segment },
  );
  const common = {
    auth: authArb(token),
    id: stores,
    event,
    query: sometimes(queryArb(['status', 'limit', 'event']), 4),
    headers: headersArb,
    body: sometimes(bodyArb(fc.jsonValue()), 4),
  };
  const url = (path: string, query: string | null) => (query === null ? path : `${path}?${query}`);

  // The list's own query: the real parameters with right and wrong values.
  const listQuery = fc
    .record(
      {
        status: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('pending', 'delivered', 'dead') },
          fc.constantFrom('PENDING', '', 'pending,dead'),
          hostile,
        ),
        limit: fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom('1', '50', '1000') },
          fc.constantFrom('1001', '0', '01', '-1', '1e3', '10.5'),
          hostile,
        ),
      },
      { requiredKeys: [] },
    )
    .map((query) => new URLSearchParams(query).toString());

  await fuzz(
    t,
    'GET /v1/stores/:id/deliveries',
    fc.record({ ...common, query: fc.oneof({ weight: 3, arbitrary: listQuery }, queryArb(['status', 'limit'])) }),
    (c) =>
      sendAdmin(surface, token, {
        method: 'GET',
        url: url(`/v1/stores/${c.id}/deliveries`, c.query),
        ...c,
        body: c.body ?? undefined,
      }),
    { mustSee: ['200', '404 store_not_found', '400 invalid_request', '401 unauthorized'] },
  );

  await fuzz(
    t,
    'GET /v1/stores/:id/deliveries/:event',
    fc.record(common),
    (c) =>
      sendAdmin(surface, token, {
        method: 'GET',
        url: url(`/v1/stores/${c.id}/deliveries/${c.event}`, c.query),
        ...c,
        body: c.body ?? undefined,
      }),
    { mustSee: ['200', '404 event_not_found', '401 unauthorized'] },
  );

  await fuzz(
    t,
    'POST /v1/stores/:id/deliveries/:event/redeliver',
    fc.record(common),
    (c) =>
      sendAdmin(surface, token, {
        method: 'POST',
        url: url(`/v1/stores/${c.id}/deliveries/${c.event}/redeliver`, c.query),
        ...c,
        body: c.body ?? undefined,
      }),
    { mustSee: ['202', '409 event_delivered', '404 event_not_found', '401 unauthorized'] },
  );

  await fuzz(
    t,
    'POST /v1/stores/:id/deliveries/redeliver',
    fc.record(common),
    (c) =>
      sendAdmin(surface, token, {
        method: 'POST',
        url: url(`/v1/stores/${c.id}/deliveries/redeliver`, c.query),
        ...c,
        body: c.body ?? undefined,
      }),
    { mustSee: ['202', '404 store_not_found', '401 unauthorized'] },
  );
});
