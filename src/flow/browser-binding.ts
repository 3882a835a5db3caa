import type { FastifyReply, FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie'; // request.cookies, reply.setCookie
import { timingSafeEqual } from 'node:crypto';
import { randomToken } from '../crypto/random.js';

/**
 * The relay's own browser binding: one signed, HttpOnly, SameSite=Lax cookie
 * holding a random browser key, which every flow started in that browser
 * carries, sealed, in its state. Any number of flows (tabs) in one browser
 * can complete, and a callback that arrives with another browser's cookie is
 * refused. The store's nonce cookie remains the binding that decides
 * (docs/contract.md §5.5); this one is defence in depth.
 */
const MAX_AGE_SECONDS = 15 * 60;

function browserCookieName(secure: boolean): string {
  // __Host- pins the cookie to this host, path / and https (RFC 6265bis §4.1.3.2).
  return secure ? '__Host-igr_browser' : 'igr_browser';
}

interface BrowserCookie {
  key: string;
  /** The cookie as the browser sent it, when it can be sent back as it is (signed with the current secret). */
  signed?: string;
}

function readCookie(request: FastifyRequest, secure: boolean): BrowserCookie | undefined {
  const raw = request.cookies[browserCookieName(secure)];
  if (raw === undefined) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  return unsigned.renew ? { key: unsigned.value } : { key: unsigned.value, signed: raw };
}

/** The verified browser key from the cookie, if there is a valid one. */
export function readBrowserKey(request: FastifyRequest, secure: boolean): string | undefined {
  return readCookie(request, secure)?.key;
}

/** Reuses the browser's key (or makes one), refreshes the cookie, and returns the key for the flow. */
export function bindBrowser(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const cookie = readCookie(request, secure) ?? { key: randomToken(32) };
  const options = { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: MAX_AGE_SECONDS } as const;
  // A cookie already signed with the current secret goes back as it came, with a fresh Max-Age: no second HMAC.
  if (cookie.signed !== undefined) reply.setCookie(browserCookieName(secure), cookie.signed, options);
  else reply.setCookie(browserCookieName(secure), cookie.key, { ...options, signed: true });
  return cookie.key;
}

/** Whether two browser keys are the same, in constant time (keys are the relay's own, of one length). */
export function sameBrowser(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
