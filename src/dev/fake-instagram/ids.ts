/** Identifiers and secrets the fake hands out. */
import { createHash, randomBytes } from 'node:crypto';

/**
 * An authorization code. Meta's look like `AQBx-hBsH3…`: long, URL-safe,
 * starting with `AQ`.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
export function newAuthorizationCode(): string {
  return `AQ${randomBytes(96).toString('base64url')}`;
}

/**
 * An access token. Instagram-Login tokens start with `IGAA`
 * (https://github.com/diwenne/openreply/pull/17); Basic Display tokens
 * started with `IGQVJ` (https://developers.facebook.com/docs/instagram-platform/reference/oauth-access-token).
 */
export function newAccessToken(prefix: 'IGAA' | 'IGQVJ'): string {
  return `${prefix}${randomBytes(120).toString('base64url')}`;
}

/** Graph errors carry an opaque 23-character trace id, e.g. `AI9LIdMR9ygI6-M7wbjRuEM`. */
export function newFbtraceId(): string {
  return randomBytes(17).toString('base64url');
}

const SIXTEEN_DIGITS = 10n ** 16n;

/**
 * The app-scoped user ID that `/me` reports as `id`. It differs from the
 * account's `user_id` (the IG professional ID), which is the ID webhooks
 * carry; confusing the two is a real bug (https://github.com/kevinrivm/vocero-crm/issues/60).
 * Derived from app and user so it is stable across restarts; 17 digits
 * starting with 2 (like the `27640875392278831` developers report), so it is
 * also above 2^53 and never equal to a `1784…` professional ID.
 */
export function appScopedId(appId: string, userId: string): string {
  const digest = createHash('sha256').update(`${appId}:${userId}`).digest('hex');
  return `2${(BigInt(`0x${digest}`) % SIXTEEN_DIGITS).toString().padStart(16, '0')}`;
}
