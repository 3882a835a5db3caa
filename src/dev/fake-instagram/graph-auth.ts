/**
 * How graph.instagram.com judges the `access_token` of every call, in order:
 * unknown → 190 "Cannot parse"; invalidated → 190/460; expired → 190/463;
 * then, for an Instagram-Login app on Standard Access, an account without a
 * role gets code 100 "Unsupported request - method type: get" on every call
 * although its login and code exchange succeeded
 * (https://github.com/diwenne/openreply/pull/17).
 * The token is read from the query only: whether graph.instagram.com also
 * takes `Authorization: Bearer` is UNCONFIRMED, so a client relying on it
 * should fail here.
 */
import type { ResolvedApp } from './config-validation.js';
import { CANNOT_PARSE_TOKEN, PASSWORD_CHANGED, graphError, sessionExpired, unsupportedMethod } from './error-bodies.js';
import type { HttpAnswer } from './error-bodies.js';
import type { FakeState, IssuedToken } from './state.js';
import type { FakeUser } from './types.js';

export interface Caller {
  readonly token: IssuedToken;
  readonly app: ResolvedApp;
  readonly user: FakeUser;
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; answer: HttpAnswer };

export function authenticate(state: FakeState, accessToken: string | undefined): Authentication {
  const token = state.token(accessToken);
  const app = state.app(token?.appId);
  const user = state.user(token?.username);
  if (token === undefined || app === undefined || user === undefined) {
    return { ok: false, answer: graphError(CANNOT_PARSE_TOKEN) };
  }
  if (token.invalidated === 'password_changed') return { ok: false, answer: graphError(PASSWORD_CHANGED) };
  const now = state.now();
  if (now >= token.expiresAt) return { ok: false, answer: graphError(sessionExpired(token.expiresAt, now)) };
  if (app.mode === 'business' && state.lacksRole(app, user.username)) {
    return { ok: false, answer: graphError(unsupportedMethod('GET')) };
  }
  return { ok: true, caller: { token, app, user } };
}
