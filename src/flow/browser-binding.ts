import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie'; // request.cookies, reply.setCookie
import { timingSafeEqual } from 'node:crypto';
import { randomToken } from '../crypto/random.js';

/**
 * The relay's own browser binding: one HttpOnly, SameSite=Lax cookie holding
 * a random browser key, which every flow started in that browser carries,
 * sealed, in its state. Any number of flows (tabs) in one browser can
 * complete, and a callback that arrives with another browser's cookie is
 * refused. The key needs no signature: it is unguessable, and it only ever
 * has to equal what the relay sealed into the flow. The store's nonce cookie
 * remains the binding that decides (docs/contract.md §5.5); this one
 * is defence in depth.
 */
const MAX_AGE_SECONDS = 15 * 60;
/** A key this relay made (32 random bytes, base64url); anything else is treated as no cookie. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function browserCookieName(secure: boolean): string {
  // __Host- pins the cookie to this host, path / and https (RFC 6265bis §4.1.3.2).
  return secure ? '__Host-igr_browser' : 'igr_browser';
}

/** The browser key from the cookie, if there is one of the relay's making. */
export function readBrowserKey(request: FastifyRequest, secure: boolean): string | undefined {
  const key = request.cookies[browserCookieName(secure)];
  return key !== undefined && KEY_PATTERN.test(key) ? key : undefined;
}

/** Reuses the browser's key (or makes one), refreshes the cookie, and returns the key for the flow. */
export function bindBrowser(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const key = readBrowserKey(request, secure) ?? randomToken(32);
  reply.setCookie(browserCookieName(secure), key, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
  return key;
}

/** Whether two browser keys (both of KEY_PATTERN's fixed length) are the same, in constant time. */
export function sameBrowser(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
