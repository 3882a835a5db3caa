/**
 * Everything that can go wrong talking to Instagram, as one typed error.
 * `kind` is stable and drives what the store admin is told; the raw
 * Instagram fields are kept for logs. Tokens and secrets never enter it.
 */
export const INSTAGRAM_FAILURES = [
  'invalid_app',
  'redirect_uri_mismatch',
  'code_rejected',
  'not_tester',
  'not_professional',
  'token_invalid',
  'rate_limited',
  'permission_denied',
  'timeout',
  'unavailable',
  'malformed_response',
  'other',
] as const;
export type InstagramFailure = (typeof INSTAGRAM_FAILURES)[number];

export type InstagramEndpoint = 'oauth_access_token' | 'access_token' | 'refresh_access_token' | 'me';

export class InstagramError extends Error {
  constructor(
    readonly kind: InstagramFailure,
    readonly endpoint: InstagramEndpoint,
    readonly details: {
      status?: number;
      igCode?: number;
      igSubcode?: number;
      igType?: string;
      igMessage?: string;
    } = {},
  ) {
    super(`instagram ${endpoint}: ${kind}${details.igMessage === undefined ? '' : ` (${details.igMessage})`}`);
    this.name = 'InstagramError';
  }
}

/** What Instagram said, from either error shape (flat OAuthException or the Graph envelope). */
export interface InstagramErrorBody {
  code?: number;
  subcode?: number;
  type?: string;
  message: string;
}

/**
 * Reads an error body: `{"error_type","code","error_message"}` from the
 * token endpoint, or `{"error":{"message","type","code","error_subcode"}}`
 * from graph.instagram.com (https://developers.facebook.com/docs/graph-api/guides/error-handling).
 */
export function readErrorBody(body: unknown): InstagramErrorBody | undefined {
  if (!isObject(body)) return undefined;
  if (typeof body.error_message === 'string') {
    return {
      message: body.error_message,
      code: numberOrUndefined(body.code),
      type: stringOrUndefined(body.error_type),
    };
  }
  const envelope = body.error;
  if (isObject(envelope) && typeof envelope.message === 'string') {
    return {
      message: envelope.message,
      code: numberOrUndefined(envelope.code),
      subcode: numberOrUndefined(envelope.error_subcode),
      type: stringOrUndefined(envelope.type),
    };
  }
  return undefined;
}

export function classify(error: InstagramErrorBody): InstagramFailure {
  const message = error.message.toLowerCase();
  if (message.includes('invalid platform app') || message.includes('invalid client secret')) return 'invalid_app';
  if (message.includes('redirect_uri') || message.includes('redirect uri')) return 'redirect_uri_mismatch';
  if (message.includes('matching code was not found') || message.includes('authorization code has been used')) {
    return 'code_rejected';
  }
  // An account without a role on a Standard Access app: every graph call answers this
  // (https://github.com/diwenne/openreply/pull/17).
  if (error.code === 100 && message.includes('unsupported request')) return 'not_tester';
  if (message.includes('insufficient developer role')) return 'not_tester';
  if (error.code === 190) return 'token_invalid';
  if (error.code !== undefined && [4, 17, 32, 613].includes(error.code)) return 'rate_limited';
  if (error.code === 10 || (error.code !== undefined && error.code >= 200 && error.code <= 299)) {
    return 'permission_denied';
  }
  return 'other';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
