import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie'; // request.cookies, reply.setCookie
import { sha256Base64Url } from '../crypto/constant-time.js';
import { randomToken } from '../crypto/random.js';

/**
 * The relay's own browser binding: one signed, HttpOnly, SameSite=Lax cookie
 * holding a random browser key. Every flow records the key's hash, so any
 * number of flows (tabs) in one browser can complete, and a callback that
 * arrives with another browser's cookie is refused. The store's nonce cookie
 * remains the binding that decides (docs/contract.md §5.5); this one is defence in depth.
 */
const MAX_AGE_SECONDS = 15 * 60;

function browserCookieName(secure: boolean): string {
  // __Host- pins the cookie to this host, path / and https (RFC 6265bis §4.1.3.2).
  return secure ? '__Host-igr_browser' : 'igr_browser';
}

/** The verified browser key from the cookie, if there is a valid one. */
export function readBrowserKey(request: FastifyRequest, secure: boolean): string | undefined {
  const raw = request.cookies[browserCookieName(secure)];
  if (raw === undefined) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value !== null ? unsigned.value : undefined;
}

/** Reuses the browser's key (or makes one), refreshes the cookie, and returns the key's hash for the flow. */
export function bindBrowser(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const key = readBrowserKey(request, secure) ?? randomToken(32);
  reply.setCookie(browserCookieName(secure), key, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
  return browserHash(key);
}

export function browserHash(key: string): string {
  return sha256Base64Url(key);
}
