import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { RelayError } from '../errors.js';
import { isAuthorizeSignatureValid, MAX_LINK_LIFETIME_SECONDS, MAX_RETURN_TO_LENGTH } from './authorize-link.js';
import { bindBrowser } from './browser-binding.js';
import type { FlowDeps } from './flow-deps.js';
import { allowedReturnUrl } from './return-url.js';

const AuthorizeQuery = {
  type: 'object',
  properties: {
    store: { type: 'string', minLength: 1, maxLength: 64 },
    purpose: { type: 'string', enum: ['login', 'connect'] },
    return_to: { type: 'string', minLength: 1, maxLength: MAX_RETURN_TO_LENGTH },
    state: { type: 'string', pattern: '^[A-Za-z0-9._~-]{1,256}$' },
    exp: { type: 'string', pattern: '^[0-9]{1,12}$' },
    sig: { type: 'string', minLength: 1, maxLength: 128 },
  },
  required: ['store', 'purpose', 'return_to', 'state', 'exp', 'sig'],
  // Unknown parameters are refused; a repeated one arrives as an array and fails `string`.
  additionalProperties: false,
} as const;

/**
 * GET /authorize (docs/contract.md §4): checks the store's signed link, starts a
 * single-use flow bound to this browser, and sends the browser to the
 * store's Instagram authorization window with the flow sealed in a fresh
 * relay `state` (flow-state.ts): nothing is written until the callback.
 */
export const authorizeRoute: FastifyPluginAsyncJsonSchemaToTs<{ Options: FlowDeps }> = async (app, deps) => {
  const { config, clock, stores, instagram, flows } = deps;

  app.get('/authorize', { schema: { querystring: AuthorizeQuery }, config: { page: true } }, async (request, reply) => {
    deps.checkPublicUrl(request);
    const query = request.query;
    const now = clock.now();
    const exp = Number(query.exp);
    const nowSeconds = Math.floor(now / 1000);
    if (exp <= nowSeconds) throw new RelayError('link_expired');
    if (exp > nowSeconds + MAX_LINK_LIFETIME_SECONDS) throw new RelayError('expiry_too_far');

    const store = await stores.get(query.store);
    if (store === undefined) throw new RelayError('unknown_store');
    const params = { ...query, exp };
    if (!isAuthorizeSignatureValid(stores.signingKeys(store), params, query.sig)) throw new RelayError('bad_signature');
    const returnTo = allowedReturnUrl(query.return_to, store.returnOrigins);
    if (returnTo === undefined) throw new RelayError('return_to_not_allowed');
    // The limit holds for the address the browser is sent back to, which normalising may lengthen
    // (percent-encoding), as it does for the link; it also bounds the sealed state.
    if (returnTo.href.length > MAX_RETURN_TO_LENGTH) throw new RelayError('invalid_request');
    const { appId, appSecret, api, scopes } = store.instagram;
    if (appId === null || appSecret === null) throw new RelayError('store_not_ready');

    const state = flows.seal({
      storeId: store.id,
      purpose: query.purpose,
      api,
      scopes,
      returnTo: returnTo.href,
      storeState: query.state,
      browserKey: bindBrowser(request, reply, config.secureCookies),
      createdAt: now,
      expiresAt: now + MAX_LINK_LIFETIME_SECONDS * 1000,
    });
    deps.metrics.flowStarted(query.purpose);
    const target = instagram.authorizeUrl(
      { appId, appSecret, api },
      { redirectUri: config.redirectUri, scopes, state },
    );
    return reply.header('cache-control', 'no-store').redirect(target, 302);
  });
};
