/**
 * `POST /api/oauth/access_token`: authorization code → short-lived token.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
import type { FastifyInstance } from 'fastify';
import type { ResolvedApp } from './config-validation.js';
import { OAUTH_MESSAGES, graphError, jsonAnswer, oauthError, unsupportedMethod } from './error-bodies.js';
import type { HttpAnswer } from './error-bodies.js';
import { formOf, send } from './http-input.js';
import { appScopedId } from './ids.js';
import { interceptFor } from './intercept.js';
import type { AuthorizationGrant, FakeState } from './state.js';
import type { FakeUser } from './types.js';

function tokenUserId(app: ResolvedApp, user: FakeUser): string {
  return app.tokenUserId === 'ig_user_id' ? user.userId : appScopedId(app.appId, user.userId);
}

/**
 * The success body. `user_id` is written into the JSON text by hand as a
 * bare number: it is above 2^53, and JSON.stringify of a JS number would
 * already have rounded it. That is what Meta sends, and why clients must
 * parse it losslessly (https://github.com/fbsamples/threads_api/issues/9).
 */
function tokenBody(app: ResolvedApp, accessToken: string, userId: string, scopes: readonly string[]): string {
  if (app.mode === 'basic_display') {
    // Basic Display: no permissions, no expires_in (Basic-Display-era oauth-access-token reference).
    return `{"access_token":${JSON.stringify(accessToken)},"user_id":${userId}}`;
  }
  if (app.tokenResponseShape === 'doc_data_array') {
    // The shape Meta's business-login page prints; user_id is a string there.
    return JSON.stringify({ data: [{ access_token: accessToken, user_id: userId, permissions: scopes.join(',') }] });
  }
  // The shape developers report receiving (https://github.com/diwenne/openreply/blob/main/lib/meta/oauth.ts).
  return `{"access_token":${JSON.stringify(accessToken)},"user_id":${userId},"permissions":${JSON.stringify(scopes)}}`;
}

/**
 * Checks in order: the app's credentials, the grant type, the code (it must
 * belong to this app; a code still carrying `#_` is simply unknown), then the
 * redirect_uri against the one the code was issued for. A failed attempt does
 * not use up the code.
 */
function exchangeCode(state: FakeState, fields: Record<string, string>): HttpAnswer {
  const app = state.app(fields['client_id']);
  if (app === undefined || fields['client_secret'] !== app.appSecret) {
    return oauthError(OAUTH_MESSAGES.invalidPlatformApp);
  }
  if (fields['grant_type'] !== 'authorization_code') return oauthError(OAUTH_MESSAGES.invalidGrantType);
  const code = fields['code'];
  const grant: AuthorizationGrant | undefined = state.usableCode(code);
  const user = state.user(grant?.username);
  if (code === undefined || grant === undefined || grant.appId !== app.appId || user === undefined) {
    return oauthError(OAUTH_MESSAGES.codeNotFound);
  }
  if (fields['redirect_uri'] !== grant.redirectUri) return oauthError(OAUTH_MESSAGES.redirectMismatch);
  state.consumeCode(code);
  const accessToken = state.issueToken('short_lived', app, user.username, grant.scopes);
  return jsonAnswer(tokenBody(app, accessToken, tokenUserId(app, user), grant.scopes));
}

export function registerTokenRoutes(app: FastifyInstance, state: FakeState): void {
  const url = '/api/oauth/access_token';
  const preHandler = interceptFor(state, 'oauth_access_token');
  app.post(url, { preHandler }, async (request, reply) => send(reply, exchangeCode(state, formOf(request))));
  // A GET here gets Graph's method error (https://github.com/NangoHQ/nango/issues/5531).
  app.route({
    method: ['GET', 'PUT', 'PATCH', 'DELETE'],
    url,
    preHandler,
    handler: async (request, reply) => send(reply, graphError(unsupportedMethod(request.method))),
  });
}
