/**
 * Every answer body the fake sends on failure, in one catalogue. Two shapes:
 * - api.instagram.com (authorization window, code exchange) answers a flat
 *   `{"error_type","code","error_message"}` object
 *   (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login);
 * - graph.instagram.com answers the Graph envelope `{"error":{…}}`
 *   (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 * Texts marked UNCONFIRMED are this fake's own wording: no public source
 * shows what Meta sends there, so clients must not match on them.
 */
import { newFbtraceId } from './ids.js';

/** A complete answer: routes compute one, then send it. */
export interface HttpAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonAnswer(body: string, status = 200): HttpAnswer {
  return { status, contentType: JSON_TYPE, body };
}

/** api.instagram.com errors: always HTTP 400 (https://github.com/in2code-de/instagram/issues/40). */
export function oauthError(message: string): HttpAnswer {
  return jsonAnswer(JSON.stringify({ error_type: 'OAuthException', code: 400, error_message: message }), 400);
}

export const OAUTH_MESSAGES = {
  /** Unknown app, or a Meta App ID/secret used instead of the Instagram ones (https://github.com/pdir/social-feed-bundle/issues/105). */
  invalidPlatformApp: 'Invalid platform app',
  /** https://github.com/jsmrtn/craftagram/issues/29 */
  invalidRedirectUri: 'Invalid redirect_uri',
  /** UNCONFIRMED wording. */
  invalidResponseType: 'Invalid response_type',
  /** UNCONFIRMED wording. */
  invalidGrantType: 'Invalid grant_type',
  /** https://github.com/loicnestler/instagram-basic-display/issues/2 */
  insufficientDeveloperRole: 'Insufficient developer role',
  /** Unknown, used or expired code (business-login page). */
  codeNotFound: 'Matching code was not found or was already used',
  /** https://github.com/Dymantic/laravel-instagram-feed/issues/40 */
  redirectMismatch:
    'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
} as const;

/** `Invalid scope field(s): basic` for retired names (https://github.com/jkakavas/creepy/issues/84). */
export function unknownScopesMessage(unknown: readonly string[]): string {
  return `Invalid scope field(s): ${unknown.join(', ')}`;
}

/**
 * `Invalid scope: []` for an empty scope (https://github.com/jsmrtn/craftagram/issues/20);
 * reusing it for a list without the base permission is UNCONFIRMED.
 */
export function invalidScopeMessage(scopes: readonly string[]): string {
  return `Invalid scope: [${scopes.join(',')}]`;
}

export interface GraphError {
  readonly message: string;
  readonly type: 'OAuthException' | 'IGApiException';
  readonly code: number;
  readonly error_subcode?: number;
}

/**
 * A Graph envelope with a fresh `fbtrace_id`. HTTP 400 for all of them:
 * Graph reports token and parameter errors as 400
 * (https://github.com/in2code-de/instagram/issues/41); no case here calls for another status.
 */
export function graphError(error: GraphError): HttpAnswer {
  return jsonAnswer(JSON.stringify({ error: { ...error, fbtrace_id: newFbtraceId() } }), 400);
}

/** https://github.com/TiagoGrosso/instagram-graph-api-lib/issues/462 */
export const CANNOT_PARSE_TOKEN: GraphError = {
  message: 'Invalid OAuth access token - Cannot parse access token',
  type: 'OAuthException',
  code: 190,
};

/** https://github.com/codingbadger/instant-tokens.com/issues/28 */
export const PASSWORD_CHANGED: GraphError = {
  message:
    'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
  type: 'OAuthException',
  code: 190,
  error_subcode: 460,
};

/**
 * Meta prints both times in Pacific time, e.g. `Saturday, 01-Jan-22 09:00:00 PST`
 * (https://github.com/codingbadger/instant-tokens.com/issues/7).
 */
const pacific = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  weekday: 'long',
  day: '2-digit',
  month: 'short',
  year: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

export function metaDate(ms: number): string {
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    pacific.formatToParts(ms).find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')}, ${part('day')}-${part('month')}-${part('year')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

export function sessionExpired(expiresAt: number, now: number): GraphError {
  return {
    message: `Error validating access token: Session has expired on ${metaDate(expiresAt)}. The current time is ${metaDate(now)}.`,
    type: 'OAuthException',
    code: 190,
    error_subcode: 463,
  };
}

/**
 * Graph's answer to a method an endpoint does not take (https://github.com/Msameim181/n8n-nodes-instagram-integrations/issues/1)
 * and, with `get`, to every call of a Standard-Access account without a role
 * (https://github.com/diwenne/openreply/pull/17).
 */
export function unsupportedMethod(method: string): GraphError {
  return { message: `Unsupported request - method type: ${method.toLowerCase()}`, type: 'IGApiException', code: 100 };
}

/** Facebook Graph's text for a wrong client secret; that graph.instagram.com uses it too is UNCONFIRMED. */
export const BAD_CLIENT_SECRET: GraphError = {
  message: 'Error validating client secret.',
  type: 'OAuthException',
  code: 1,
};

/** UNCONFIRMED wording. */
export function badGrantType(expected: string): GraphError {
  return { message: `Invalid grant_type: expected ${expected}`, type: 'OAuthException', code: 100 };
}

/** UNCONFIRMED wording: the exchange wants a short-lived token. */
export const NOT_SHORT_LIVED: GraphError = {
  message: 'Invalid parameter: access_token must be a short-lived token',
  type: 'OAuthException',
  code: 100,
};

/**
 * UNCONFIRMED wording. Code 100 rather than 190: the token is still valid,
 * and a 190 would wrongly tell the client to send the user through login again.
 */
export const TOO_YOUNG_TO_REFRESH: GraphError = {
  message: 'Invalid parameter: a long-lived token can be refreshed only once it is at least 24 hours old',
  type: 'OAuthException',
  code: 100,
};

/** Facebook Graph's text for a field a node lacks (asked for `email`, say); the exact IG wording is UNCONFIRMED. */
export function nonexistingField(field: string): GraphError {
  return {
    message: `(#100) Tried accessing nonexisting field (${field}) on node type (User)`,
    type: 'IGApiException',
    code: 100,
  };
}

/** Facebook Graph's text for an ID the token cannot see. */
export function objectNotFound(id: string): GraphError {
  return {
    message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    type: 'IGApiException',
    code: 100,
    error_subcode: 33,
  };
}

/** Facebook Graph's text for a path it does not know. */
export function unknownPath(path: string): GraphError {
  return { message: `Unknown path components: ${path}`, type: 'OAuthException', code: 2500 };
}
