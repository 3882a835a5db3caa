/**
 * graph.instagram.com under `/graph`: the long-lived token exchange, the
 * refresh, and the profile (`/me`, `/vNN.N/me`, `/{id}`). Only GET is served;
 * any other method gets Graph's method error
 * (https://github.com/stevenschobert/instafeed.js/issues/654).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  BAD_CLIENT_SECRET,
  NOT_SHORT_LIVED,
  TOO_YOUNG_TO_REFRESH,
  badGrantType,
  graphError,
  jsonAnswer,
  nonexistingField,
  objectNotFound,
  unknownPath,
  unsupportedMethod,
} from './error-bodies.js';
import type { HttpAnswer } from './error-bodies.js';
import { authenticate } from './graph-auth.js';
import type { Caller } from './graph-auth.js';
import { pathOf, queryOf, send } from './http-input.js';
import { appScopedId } from './ids.js';
import { interceptFor } from './intercept.js';
import { selectProfile } from './profile-fields.js';
import { LONG_LIVED_TTL_MS, REFRESH_MIN_AGE_MS } from './state.js';
import type { FakeState } from './state.js';
import type { FakeEndpoint } from './types.js';

const OTHER_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** `v25.0` and the like. */
const VERSION = /^v[0-9]+\.[0-9]+$/;

/** `{"access_token","token_type":"bearer","expires_in"}`, expires_in in seconds (reference/access_token). */
function longLivedAnswer(state: FakeState, caller: Caller): HttpAnswer {
  const accessToken = state.issueToken('long_lived', caller.app, caller.user.username, caller.token.scopes);
  return jsonAnswer(
    JSON.stringify({ access_token: accessToken, token_type: 'bearer', expires_in: LONG_LIVED_TTL_MS / 1000 }),
  );
}

/** `GET /access_token?grant_type=ig_exchange_token&client_secret=…&access_token=<short-lived>`. */
function exchangeForLongLived(state: FakeState, query: Record<string, string>): HttpAnswer {
  if (query['grant_type'] !== 'ig_exchange_token') return graphError(badGrantType('ig_exchange_token'));
  const auth = authenticate(state, query['access_token']);
  if (!auth.ok) return auth.answer;
  if (query['client_secret'] !== auth.caller.app.appSecret) return graphError(BAD_CLIENT_SECRET);
  if (auth.caller.token.kind !== 'short_lived') return graphError(NOT_SHORT_LIVED);
  return longLivedAnswer(state, auth.caller);
}

/**
 * `GET /refresh_access_token?grant_type=ig_refresh_token&access_token=<long-lived>`:
 * the token must be at least 24 hours old and unexpired; the new one lives 60
 * days from now. The old token stays valid until its own expiry (UNCONFIRMED).
 * A short-lived token can never qualify: it expires after 1 hour.
 */
function refresh(state: FakeState, query: Record<string, string>): HttpAnswer {
  if (query['grant_type'] !== 'ig_refresh_token') return graphError(badGrantType('ig_refresh_token'));
  const auth = authenticate(state, query['access_token']);
  if (!auth.ok) return auth.answer;
  if (state.now() - auth.caller.token.issuedAt < REFRESH_MIN_AGE_MS) return graphError(TOO_YOUNG_TO_REFRESH);
  return longLivedAnswer(state, auth.caller);
}

/** `/me` or `/{id}`, where the ID may be the app-scoped `id` or, with Instagram Login, the account's `user_id`. */
function profile(state: FakeState, node: string, query: Record<string, string>): HttpAnswer {
  const auth = authenticate(state, query['access_token']);
  if (!auth.ok) return auth.answer;
  const { app, user } = auth.caller;
  const ownIds = [appScopedId(app.appId, user.userId), ...(app.mode === 'business' ? [user.userId] : [])];
  if (node !== 'me' && !ownIds.includes(node)) return graphError(objectNotFound(node));
  const selection = selectProfile(app, user, query['fields']);
  return selection.ok ? jsonAnswer(JSON.stringify(selection.profile)) : graphError(nonexistingField(selection.field));
}

type Handler = (query: Record<string, string>, request: FastifyRequest) => HttpAnswer;

function serve(app: FastifyInstance, state: FakeState, url: string, endpoint: FakeEndpoint, handler: Handler): void {
  const preHandler = interceptFor(state, endpoint);
  app.get(url, { preHandler }, async (request, reply) => send(reply, handler(queryOf(request), request)));
  app.route({
    method: [...OTHER_METHODS],
    url,
    preHandler,
    handler: async (request, reply) => send(reply, graphError(unsupportedMethod(request.method))),
  });
}

/** Serves a versioned path when its first segment is a version, else answers Graph's unknown-path error. */
function versioned(request: FastifyRequest, answer: () => HttpAnswer): HttpAnswer {
  const { version } = request.params as { version: string };
  return VERSION.test(version) ? answer() : graphError(unknownPath(pathOf(request).slice('/graph'.length)));
}

/**
 * Token endpoints are documented unversioned; versioned paths are served too
 * because production clients call `/v25.0/access_token` and reach the real
 * endpoint (https://github.com/diwenne/openreply/issues/31).
 */
export function registerGraphRoutes(app: FastifyInstance, state: FakeState): void {
  serve(app, state, '/graph/access_token', 'access_token', (query) => exchangeForLongLived(state, query));
  serve(app, state, '/graph/:version/access_token', 'access_token', (query, request) =>
    versioned(request, () => exchangeForLongLived(state, query)),
  );
  serve(app, state, '/graph/refresh_access_token', 'refresh_access_token', (query) => refresh(state, query));
  serve(app, state, '/graph/:version/refresh_access_token', 'refresh_access_token', (query, request) =>
    versioned(request, () => refresh(state, query)),
  );
  serve(app, state, '/graph/:node', 'me', (query, request) =>
    profile(state, (request.params as { node: string }).node, query),
  );
  serve(app, state, '/graph/:version/:node', 'me', (query, request) =>
    versioned(request, () => profile(state, (request.params as { node: string }).node, query)),
  );
}
