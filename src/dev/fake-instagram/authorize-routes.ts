/**
 * The authorization window, `GET` to show it and `POST` for the person's
 * decision, on two hosts:
 * - `/www` = www.instagram.com, where Instagram-Login ("business") apps authorize;
 * - `/api` = api.instagram.com, where Basic Display apps authorized.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolvedApp } from './config-validation.js';
import { consentPage, sorryPage } from './consent-page.js';
import { OAUTH_MESSAGES, oauthError } from './error-bodies.js';
import type { HttpAnswer } from './error-bodies.js';
import { formOf, pathOf, queryOf, send } from './http-input.js';
import { interceptFor } from './intercept.js';
import { checkScopes } from './scopes.js';
import type { FakeState } from './state.js';
import type { FakeApp } from './types.js';

type Host = 'www' | 'api';

/** The window each product's apps use; the other host answers the "Sorry" page. */
const HOST_OF_MODE: Record<FakeApp['mode'], Host> = { business: 'www', basic_display: 'api' };

/**
 * Parameters carried from the window to the decision. `state`, `force_reauth`,
 * `enable_fb_login` and `force_authentication` are optional and only passed
 * along (the request log keeps them for tests to inspect).
 */
const CARRIED_PARAMETERS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'force_reauth',
  'enable_fb_login',
  'force_authentication',
] as const;

interface ValidRequest {
  readonly app: ResolvedApp;
  readonly redirectUri: string;
  readonly scopes: string[];
  readonly state: string | undefined;
  readonly params: Record<string, string>;
}

type Validation = { ok: true; request: ValidRequest } | { ok: false; answer: HttpAnswer };

/**
 * None of these failures redirects: Meta's window shows the error itself, so
 * an unregistered redirect_uri never receives anything (https://github.com/jsmrtn/craftagram/issues/69).
 */
function validate(state: FakeState, host: Host, params: Record<string, string>): Validation {
  const app = state.app(params['client_id']);
  if (app === undefined) return { ok: false, answer: oauthError(OAUTH_MESSAGES.invalidPlatformApp) };
  if (HOST_OF_MODE[app.mode] !== host) return { ok: false, answer: sorryPage() };
  const redirectUri = params['redirect_uri'];
  // Byte-exact: no trailing-slash or case normalisation, as Meta warns.
  if (redirectUri === undefined || !app.redirectUris.includes(redirectUri)) {
    return { ok: false, answer: oauthError(OAUTH_MESSAGES.invalidRedirectUri) };
  }
  if (params['response_type'] !== 'code') return { ok: false, answer: oauthError(OAUTH_MESSAGES.invalidResponseType) };
  const scopes = checkScopes(app.mode, params['scope']);
  if (!scopes.ok) return { ok: false, answer: oauthError(scopes.message) };
  return { ok: true, request: { app, redirectUri, scopes: scopes.scopes, state: params['state'], params } };
}

function consent(state: FakeState, request: FastifyRequest, valid: ValidRequest, notice?: string): HttpAnswer {
  const hidden: Array<readonly [string, string]> = [];
  for (const name of CARRIED_PARAMETERS) {
    const value = valid.params[name];
    if (value !== undefined) hidden.push([name, value]);
  }
  return consentPage({
    action: pathOf(request),
    appId: valid.app.appId,
    redirectUri: valid.redirectUri,
    scopes: valid.scopes,
    users: state.users(),
    hidden,
    forceReauth: valid.params['force_reauth'] === 'true' || valid.params['force_reauth'] === '1',
    ...(notice === undefined ? {} : { notice, status: 400 }),
  });
}

/** Appends query parameters, keeping any query the registered URI already has. */
function withQuery(uri: string, params: Array<[string, string]>): string {
  const query = new URLSearchParams(params).toString();
  const separator = !uri.includes('?') ? '?' : uri.endsWith('?') || uri.endsWith('&') ? '' : '&';
  return `${uri}${separator}${query}`;
}

/**
 * Allow: `?code=…&state=…#_` — Meta appends `#_`, which is not part of the
 * code. Deny: the documented error triple; whether `state` follows is
 * UNCONFIRMED, hence `denialEchoesState`.
 */
function decide(
  state: FakeState,
  request: FastifyRequest,
  valid: ValidRequest,
  fields: Record<string, string>,
): HttpAnswer | { location: string } {
  const { app, redirectUri } = valid;
  const withState = (params: Array<[string, string]>): Array<[string, string]> =>
    valid.state === undefined ? params : [...params, ['state', valid.state]];
  const decision = fields['decision'];
  if (decision === 'deny') {
    const params: Array<[string, string]> = [
      ['error', 'access_denied'],
      ['error_reason', 'user_denied'],
      ['error_description', 'The user denied your request'],
    ];
    return { location: withQuery(redirectUri, app.denialEchoesState ? withState(params) : params) };
  }
  if (decision !== 'allow') return consent(state, request, valid, 'Choose Allow or Deny.');
  const user = state.user(fields['username']);
  if (user === undefined) return consent(state, request, valid, 'Choose one of the accounts below.');
  // Basic Display in development refused accounts that were not Instagram testers, before any redirect.
  if (app.mode === 'basic_display' && state.lacksRole(app, user.username)) {
    return oauthError(OAUTH_MESSAGES.insufficientDeveloperRole);
  }
  // A Personal account passes here in business mode too: what Meta does with one is UNCONFIRMED.
  const code = state.issueCode({ appId: app.appId, redirectUri, username: user.username, scopes: valid.scopes });
  return { location: `${withQuery(redirectUri, withState([['code', code]]))}#_` };
}

export function registerAuthorizeRoutes(app: FastifyInstance, state: FakeState): void {
  const preHandler = interceptFor(state, 'authorize');
  for (const host of ['www', 'api'] as const) {
    const url = `/${host}/oauth/authorize`;
    app.get(url, { preHandler }, async (request, reply) => {
      const valid = validate(state, host, queryOf(request));
      return send(reply, valid.ok ? consent(state, request, valid.request) : valid.answer);
    });
    app.post(url, { preHandler }, async (request, reply) => {
      const fields = formOf(request);
      const valid = validate(state, host, fields);
      if (!valid.ok) return send(reply, valid.answer);
      const outcome = decide(state, request, valid.request, fields);
      if ('location' in outcome) return reply.redirect(outcome.location, 302);
      return send(reply, outcome);
    });
  }
}
