import { hmacSha256, matchesAnyHmac } from '../crypto/constant-time.js';
import type { Purpose } from '../storage/repository.js';

/**
 * The store-signed `/authorize` link (docs/contract.md §4.2):
 * sig = base64url(HMAC-SHA256(key, "v1\n" + store + "\n" + purpose + "\n" + return_to + "\n" + state + "\n" + exp)),
 * over the decoded parameter values, without padding.
 */
export interface AuthorizeParams {
  store: string;
  purpose: Purpose;
  return_to: string;
  state: string;
  exp: number;
}

/** Longest `return_to`, as given and once normalised. */
export const MAX_RETURN_TO_LENGTH = 2048;

/** Longest a signed link may live, and longest a flow lives once started (seconds). */
export const MAX_LINK_LIFETIME_SECONDS = 600;

function message(params: AuthorizeParams): string {
  return ['v1', params.store, params.purpose, params.return_to, params.state, String(params.exp)].join('\n');
}

export function signAuthorizeParams(key: Buffer, params: AuthorizeParams): string {
  return hmacSha256(key, message(params)).toString('base64url');
}

/** Accepts exactly the 43-character unpadded base64url form of a 32-byte MAC, made with one of `keys`. */
export function isAuthorizeSignatureValid(keys: readonly Buffer[], params: AuthorizeParams, sig: string): boolean {
  if (!/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/.test(sig)) return false;
  return matchesAnyHmac(keys, message(params), Buffer.from(sig, 'base64url'));
}

export function authorizeUrl(publicUrl: string, key: Buffer, params: AuthorizeParams): string {
  const query = new URLSearchParams({
    store: params.store,
    purpose: params.purpose,
    return_to: params.return_to,
    state: params.state,
    exp: String(params.exp),
    sig: signAuthorizeParams(key, params),
  });
  return `${publicUrl}/authorize?${query.toString()}`;
}
