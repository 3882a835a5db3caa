import fc from 'fast-check';
import t from 'tap';
import { SHOP } from '../helpers/scenario.js';
import { fuzzScenario, instagramOrigins, returnToArb, storeStateArb, surfaceOf } from './scenario-surface.js';
import {
  acceptArb,
  encodeComponent,
  freshAddress,
  fuzz,
  headersArb,
  hostile,
  queryArb,
  send,
  sometimes,
  type Response,
} from './support.js';

/**
 * GET /callback: random queries and cookies, and callbacks for real flows
 * (started through /authorize with a hostile but registered `return_to`) with
 * a real, altered or missing state, any code or error, and any browser
 * cookie. A 303 goes only to the registered store origin, carrying the
 * relay's own `igr_*` parameters.
 */
const NAMES = ['state', 'code', 'error', 'error_reason', 'error_description', 'igr_login'];

t.test('GET /callback', async (t) => {
  const s = await fuzzScenario(t);
  const surface = surfaceOf(s, [SHOP]);
  const authorize = surfaceOf(s, instagramOrigins(s));

  /** A flow started by a store-signed link; its Instagram `state` and this browser's cookie. */
  async function startFlow(returnTo: string, storeState: string) {
    let started: Response | undefined;
    for (const target of [returnTo, `${SHOP}/my-account?lang=en`]) {
      const path = s.link({ return_to: target, state: storeState }).slice(s.relay.url.length);
      started = await send(authorize, { method: 'GET', url: path, remoteAddress: freshAddress() });
      if (started.statusCode === 302) break;
    }
    const location = new URL(started?.headers.location as string);
    const setCookie = String(started?.headers['set-cookie']);
    return { state: location.searchParams.get('state') as string, cookie: setCookie.split(';', 1)[0] as string };
  }
  const stranger = await startFlow(`${SHOP}/`, 'other');

  const flowCase = fc.record({
    returnTo: returnToArb,
    storeState: storeStateArb,
    state: fc.constantFrom('real', 'real', 'real', 'altered', 'truncated', 'twice', 'missing'),
    code: fc.oneof(
      { weight: 3, arbitrary: fc.oneof(fc.constantFrom('AQBx', 'AQBx#_', 'ig-login-relay-connection-test'), hostile) },
      { weight: 1, arbitrary: fc.constant(null) },
    ),
    error: sometimes(fc.oneof(fc.constantFrom('access_denied', 'server_error', 'temporarily_unavailable'), hostile), 3),
    error_reason: sometimes(hostile, 3),
    error_description: sometimes(hostile, 3),
    extra: fc.oneof({ weight: 3, arbitrary: fc.constant('') }, queryArb(NAMES)),
    cookie: fc.constantFrom('own', 'own', 'none', 'stranger', 'tampered', 'both', 'hostile'),
    hostileCookie: hostile,
    accept: acceptArb,
  });

  await fuzz(
    t,
    'GET /callback (random queries and cookies; real flows)',
    fc.oneof(
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant('random' as const), query: queryArb(NAMES), headers: headersArb }),
      },
      { weight: 3, arbitrary: flowCase.map((c) => ({ kind: 'flow' as const, ...c })) },
    ),
    async (c) => {
      if (c.kind === 'random') return send(surface, { method: 'GET', url: `/callback?${c.query}`, headers: c.headers });

      const flow = await startFlow(c.returnTo, c.storeState);
      const states = {
        real: [flow.state],
        altered: [`${flow.state.slice(0, -1)}${flow.state.endsWith('A') ? 'B' : 'A'}`],
        truncated: [flow.state.slice(0, 20)],
        twice: [flow.state, flow.state],
        missing: [],
      }[c.state];
      const pairs: [string, string][] = states.map((state) => ['state', state]);
      for (const name of ['code', 'error', 'error_reason', 'error_description'] as const) {
        const value = c[name];
        if (value !== null) pairs.push([name, value]);
      }
      const query = [...pairs.map(([n, v]) => `${n}=${encodeComponent(v)}`), c.extra].filter(Boolean).join('&');
      const cookie = {
        own: flow.cookie,
        none: undefined,
        stranger: stranger.cookie,
        tampered: `${flow.cookie.slice(0, -2)}xx`,
        both: `${stranger.cookie}; ${flow.cookie}`,
        hostile: c.hostileCookie.replace(/[^\t\x20-\x7e\x80-\xff]/g, ''),
      }[c.cookie];
      const response = await send(surface, {
        method: 'GET',
        url: `/callback?${query}`,
        headers: { cookie, accept: c.accept },
      });

      if (response.statusCode === 303) {
        const back = new URL(response.headers.location as string);
        const relayParams = [...back.searchParams.keys()].filter((name) => name.startsWith('igr_')).sort();
        const expected = [['igr_error', 'igr_state'].join(), ['igr_login', 'igr_state'].join()];
        if (!expected.includes(relayParams.join()) || back.searchParams.get('igr_state') !== c.storeState) {
          throw new Error(`the store gets ${back.search} for a flow with state ${c.storeState}`);
        }
      }
      return response;
    },
    { mustSee: ['303', '400 flow_unknown', '400 flow_browser_mismatch', '400 invalid_request'] },
  );
});
