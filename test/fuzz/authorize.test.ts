import fc from 'fast-check';
import t from 'tap';
import { signAuthorizeParams } from '../../src/flow/authorize-link.js';
import type { Purpose } from '../../src/storage/repository.js';
import {
  asSent,
  fuzzScenario,
  instagramOrigins,
  isRegisteredReturnTo,
  returnToArb,
  storeStateArb,
  surfaceOf,
} from './scenario-surface.js';
import {
  acceptArb,
  encodeComponent,
  errorCode,
  fuzz,
  headersArb,
  hostile,
  queryArb,
  send,
  sometimes,
} from './support.js';

/**
 * GET /authorize: random and structured-but-wrong queries, and store-signed
 * links with hostile `return_to`. The only redirect is to Instagram's
 * authorization window, and only for a `return_to` on the registered origin.
 */
const NAMES = ['store', 'purpose', 'return_to', 'state', 'exp', 'sig'];

t.test('GET /authorize', async (t) => {
  const s = await fuzzScenario(t);
  const instagram = instagramOrigins(s);
  const surface = surfaceOf(s, instagram);
  const nowSeconds = Math.floor(s.relay.clock.now() / 1000);
  const sign = (params: { store: string; purpose: string; return_to: string; state: string; exp: string }) =>
    signAuthorizeParams(s.store.key, {
      store: asSent(params.store),
      purpose: asSent(params.purpose) as Purpose,
      return_to: asSent(params.return_to),
      state: asSent(params.state),
      exp: Number(params.exp),
    });
  const query = (pairs: readonly (readonly [string, string])[]) =>
    pairs.map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`).join('&');

  // The real parameter names, each right or hostile, signed or not, some dropped, repeated or joined by others.
  const structured = fc
    .record({
      store: fc.oneof(
        { weight: 8, arbitrary: fc.constant('shop-1') },
        fc.constantFrom('shop-2', 'SHOP-1', ''),
        hostile,
      ),
      purpose: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('login', 'connect') }, hostile),
      return_to: fc.oneof(fc.constant('https://shop.example/my-account'), returnToArb),
      state: fc.oneof({ weight: 8, arbitrary: storeStateArb }, hostile),
      exp: fc.oneof(
        { weight: 8, arbitrary: fc.integer({ min: -700, max: 1300 }).map((delta) => String(nowSeconds + delta)) },
        hostile,
      ),
      sig: fc.oneof({ weight: 8, arbitrary: fc.constant('signed') }, fc.constantFrom('padded', 'std'), hostile),
      drop: sometimes(fc.constantFrom(...NAMES), 8),
      extra: fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        fc.array(fc.tuple(fc.constantFrom(...NAMES, 'foo', '__proto__', 'igr_login'), hostile), { maxLength: 2 }),
      ),
    })
    .map((c) => {
      const signed = sign(c);
      const sig =
        c.sig === 'signed' ? signed : c.sig === 'padded' ? `${signed}=` : c.sig === 'std' ? `${signed}+/` : c.sig;
      const pairs = Object.entries({ ...c, sig }).filter(([name]) => NAMES.includes(name) && name !== c.drop);
      return query([...(pairs as [string, string][]), ...c.extra]);
    });

  await fuzz(
    t,
    'GET /authorize (random and structured queries, headers)',
    fc.record({
      query: fc.oneof({ weight: 3, arbitrary: structured }, { weight: 1, arbitrary: queryArb(NAMES) }),
      headers: headersArb,
      accept: acceptArb,
    }),
    (c) => send(surface, { method: 'GET', url: `/authorize?${c.query}`, headers: { ...c.headers, accept: c.accept } }),
    { mustSee: ['302', '400 invalid_request', '400 bad_signature', '400 link_expired', '400 unknown_store'] },
  );

  await fuzz(
    t,
    'GET /authorize (store-signed links, hostile return_to)',
    fc.record({
      return_to: returnToArb,
      purpose: fc.constantFrom('login', 'connect'),
      state: storeStateArb,
      exp: fc.oneof(fc.constant(300), fc.integer({ min: -30, max: 660 })).map((delta) => String(nowSeconds + delta)),
      accept: acceptArb,
      cookie: sometimes(hostile, 3),
    }),
    async (c) => {
      const link = { store: 'shop-1', purpose: c.purpose, return_to: c.return_to, state: c.state, exp: c.exp };
      const url = `/authorize?${query([...Object.entries(link), ['sig', sign(link)]])}`;
      const headers = { accept: c.accept, cookie: c.cookie ?? undefined };
      const response = await send(surface, { method: 'GET', url, headers });
      const registered = isRegisteredReturnTo(asSent(c.return_to));
      const delta = Number(c.exp) - nowSeconds;
      if (response.statusCode === 429) return response;
      if (response.statusCode === 302) {
        if (!registered)
          throw new Error(`accepted a return_to off the registered origin: ${JSON.stringify(c.return_to)}`);
        const target = new URL(response.headers.location as string);
        const window = [s.fake.wwwUrl, s.fake.apiUrl].map((base) => `${base}/oauth/authorize`);
        if (
          !window.includes(`${target.origin}${target.pathname}`) ||
          target.searchParams.get('redirect_uri') !== s.relay.config.redirectUri ||
          target.searchParams.get('client_id') !== s.igApp.appId
        ) {
          throw new Error(`redirected to ${target.href}`);
        }
      } else if (!registered && delta > 0 && delta <= 600 && c.return_to.length <= 2048 && c.return_to !== '') {
        const code = errorCode(response);
        if (code !== 'return_to_not_allowed')
          throw new Error(`return_to ${JSON.stringify(c.return_to)} refused as ${code}`);
      } else if (registered && delta > 0 && delta <= 600 && new URL(asSent(c.return_to)).href.length <= 2048) {
        throw new Error(
          `a valid link to ${JSON.stringify(c.return_to)} refused: ${response.statusCode} ${response.body}`,
        );
      }
      return response;
    },
    { mustSee: ['302', '400 return_to_not_allowed', '400 link_expired', '400 expiry_too_far'] },
  );
});
