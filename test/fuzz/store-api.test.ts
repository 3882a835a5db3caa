import fc from 'fast-check';
import t from 'tap';
import type { ErrorCode } from '../../src/errors.js';
import { signStoreRequest } from '../../src/tenants/store-request-signature.js';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import type { Scenario } from '../helpers/scenario.js';
import { storeRequest } from '../helpers/store-client.js';
import { instagramSettingsArb } from './admin-support.js';
import { fuzzScenario, surfaceOf } from './scenario-surface.js';
import {
  bodyArb,
  deliveredUrl,
  errorCode,
  fuzz,
  headersArb,
  headerValue,
  hostile,
  queryArb,
  send,
  sometimes,
  type Body,
} from './support.js';

/**
 * The store API (the plugin's settings page), with valid store signatures and
 * with every way of getting one wrong: another key or store, a stale or
 * future timestamp, a replayed request id, a body, path or method changed
 * after signing, a missing or hostile igr-* header. Only a valid signature
 * gets past 401; a valid one is never refused as unauthenticated.
 */
const MODES = [
  'valid',
  'valid',
  'valid',
  'valid',
  'wrong-key',
  'other-store',
  'unknown-store',
  'stale',
  'future',
  'replay',
  'tamper-body',
  'tamper-path',
  'tamper-method',
  'drop-header',
  'hostile-header',
  'sha1-format',
  'unsigned',
] as const;
const AUTH_CODES: readonly string[] = ['store_auth_failed', 'request_stale', 'request_replayed'] satisfies ErrorCode[];
/** Refusals that come before the signature check: the body is parsed first (it is what is signed). */
const BEFORE_AUTH: readonly string[] = [
  'too_many_requests',
  'unsupported_media_type',
  'payload_too_large',
  'invalid_request',
  'not_found',
] satisfies ErrorCode[];

/** Sign-ins the store can claim (the webhook is refused), and older ones it no longer can. */
async function logins(s: Scenario): Promise<string[]> {
  const set = await storeRequest(s.relay.url, s.store, 'PUT', '/v1/store/login-delivery', {
    body: { login_delivery: 'claim' },
    timestamp: Math.floor(s.relay.clock.now() / 1000),
  });
  if (set.status !== 200) throw new Error(`login delivery not set: ${set.status}`);
  s.receiver.answer({ status: 403 });
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) {
    // The first ten expire before the fuzzing starts.
    if (i === 10) s.relay.clock.advance(601_000);
    const back = await s.signIn({ state: `fuzz-${i}` });
    ids.push(new URL(back.location ?? '').searchParams.get('igr_login') ?? '');
  }
  return ids;
}

t.test('store API', async (t) => {
  const s = await fuzzScenario(t);
  const surface = surfaceOf(s, []);
  const loginIds = await logins(s);
  const nowSeconds = Math.floor(s.relay.clock.now() / 1000);
  const other = await s.relay.app.inject({
    method: 'PUT',
    url: '/v1/stores/shop-2',
    headers: { authorization: `Bearer ${s.relay.adminToken}` },
    payload: { webhook_url: s.receiver.url, return_origins: ['https://other.example'] },
  });
  const otherKey = storeSecretKey(other.json<{ secret: string }>().secret) as Buffer;
  let ids = 0;
  let lastId = 'fuzz-request-id-0000';

  async function signedRequest(
    method: string,
    path: string,
    c: {
      mode: (typeof MODES)[number];
      query: string | null;
      headers: Record<string, string>;
      body: Body | null;
      skew: number;
      hostile: string;
      header: number;
    },
  ) {
    const url = c.query === null ? path : `${path}?${c.query}`;
    const payload = c.body?.payload;
    // What the relay reads and checks: no body on a GET (Fastify does not parse one), the bytes as UTF-8 text.
    const body =
      payload === undefined || method === 'GET' ? '' : typeof payload === 'string' ? payload : payload.toString('utf8');
    ids += 1;
    const requestId = c.mode === 'replay' ? lastId : `fuzz-request-id-${String(ids).padStart(6, '0')}`;
    const signed = signStoreRequest(c.mode === 'wrong-key' ? otherKey : s.store.key, {
      store: c.mode === 'other-store' ? 'shop-2' : c.mode === 'unknown-store' ? 'nope' : 'shop-1',
      requestId,
      timestamp: nowSeconds + (c.mode === 'stale' ? -301 - c.skew : c.mode === 'future' ? 301 + c.skew : c.skew % 60),
      method: c.mode === 'tamper-method' ? (method === 'GET' ? 'POST' : 'GET') : method,
      path: c.mode === 'tamper-path' ? `${deliveredUrl(url)}x` : deliveredUrl(url),
      body: c.mode === 'tamper-body' ? `${body} ` : body,
    });
    const name = Object.keys(signed)[c.header % 4] as string;
    if (c.mode === 'drop-header') delete signed[name];
    if (c.mode === 'hostile-header') {
      const value = headerValue(c.hostile);
      signed[name] = value === signed[name] ? `${value}x` : value;
    }
    if (c.mode === 'sha1-format') signed['igr-signature'] = (signed['igr-signature'] as string).replace('v1,', 'v2,');
    // Random headers keep their igr-* values only when nothing is signed (they could stand in for a dropped one).
    const others = Object.entries(c.headers).filter(([header]) => c.mode === 'unsigned' || !header.startsWith('igr-'));
    const headers = { ...Object.fromEntries(others), ...(c.mode === 'unsigned' ? {} : signed) };
    const response = await send(surface, { method, url, headers, body: c.body ?? undefined });
    const code = errorCode(response) ?? '';
    if (c.mode === 'valid') {
      // Only an accepted request's id is remembered (one refused before the check never was).
      if (response.statusCode < 300) lastId = requestId;
      if (AUTH_CODES.includes(code)) throw new Error(`a validly signed ${method} ${url} was refused as ${code}`);
    } else if (!AUTH_CODES.includes(code) && !BEFORE_AUTH.includes(code)) {
      throw new Error(`${c.mode}: ${method} ${url} answered ${response.statusCode} ${code}`);
    }
    return response;
  }

  // One accepted request first, so that a replay always repeats an id the relay has seen.
  const first = { mode: 'valid', query: null, headers: {}, body: null, skew: 0, hostile: '', header: 0 } as const;
  t.equal((await signedRequest('GET', '/v1/store', first)).statusCode, 200, 'a validly signed request is accepted');

  const common = {
    mode: fc.constantFrom(...MODES),
    query: sometimes(queryArb(['store', 'id', 'limit']), 5),
    headers: headersArb,
    body: sometimes(bodyArb(fc.jsonValue()), 4),
    skew: fc.nat({ max: 100_000 }),
    hostile,
    header: fc.nat({ max: 3 }),
  };

  await fuzz(t, 'GET /v1/store', fc.record(common), (c) => signedRequest('GET', '/v1/store', c), {
    mustSee: ['200', '401 store_auth_failed', '401 request_stale', '401 request_replayed'],
  });
  await fuzz(
    t,
    'PUT /v1/store/instagram',
    fc.record({ ...common, body: bodyArb(instagramSettingsArb()) }),
    (c) => signedRequest('PUT', '/v1/store/instagram', c),
    { mustSee: ['200', '400 invalid_request', '401 store_auth_failed'] },
  );
  await fuzz(
    t,
    'POST /v1/store/instagram/test',
    fc.record(common),
    (c) => signedRequest('POST', '/v1/store/instagram/test', c),
    {
      mustSee: ['200', '401 store_auth_failed'],
    },
  );
  await fuzz(
    t,
    'GET /v1/store/sign-ins',
    fc.record({
      ...common,
      query: sometimes(queryArb(['days'], fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), hostile)), 2),
    }),
    (c) => signedRequest('GET', '/v1/store/sign-ins', c),
    { mustSee: ['200', '400 invalid_request', '401 store_auth_failed'] },
  );
  await fuzz(
    t,
    'PUT /v1/store/login-delivery',
    fc.record({
      ...common,
      body: bodyArb(fc.record({ login_delivery: fc.oneof(fc.constantFrom('webhook', 'claim'), hostile) })),
    }),
    (c) => signedRequest('PUT', '/v1/store/login-delivery', c),
    { mustSee: ['200', '400 invalid_request', '401 store_auth_failed'] },
  );
  // Claims last: the mode they need is set again by the cases above that chose 'claim' (or not: a
  // claim does not depend on the mode the store is in now).
  await fuzz(
    t,
    'POST /v1/store/login-claims',
    fc.record({
      ...common,
      body: bodyArb(
        fc.record({ login_id: fc.oneof(fc.constantFrom(...loginIds), hostile, fc.string({ maxLength: 200 })) }),
      ),
    }),
    (c) => signedRequest('POST', '/v1/store/login-claims', c),
    {
      mustSee: [
        '200',
        '404 login_not_found',
        '409 login_already_delivered',
        '410 login_expired',
        '400 invalid_request',
        '401 store_auth_failed',
      ],
    },
  );
});
