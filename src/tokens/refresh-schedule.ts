/**
 * When the relay refreshes a store's long-lived token. Instagram refreshes a
 * token only once it is at least 24 hours old and not yet expired, and a
 * refreshed token lives 60 days from the refresh
 * (https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token).
 * The relay refreshes once the token is within 30 days of expiry, spread over
 * a day so that accounts connected together do not all refresh together.
 */
const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const MIN_TOKEN_AGE_MS = DAY;
export const REFRESH_BEFORE_EXPIRY_MS = 30 * DAY;
const SPREAD_MS = DAY;

/** Waits after the 1st, 2nd, … failed refresh; after the last one the relay gives up and tells the store. */
export const REFRESH_RETRY_DELAYS_MS: readonly number[] = [15 * MINUTE, HOUR, 4 * HOUR, 12 * HOUR];

/** When a token issued at `issuedAt` is first refreshed; null when it does not expire (nothing to refresh). */
export function refreshDueAt(issuedAt: number, expiresAt: number | null, random: () => number): number | null {
  if (expiresAt === null) return null;
  const windowStart = Math.max(issuedAt + MIN_TOKEN_AGE_MS, expiresAt - REFRESH_BEFORE_EXPIRY_MS);
  // A short-lived window (a token that arrives close to expiry) is spread over its first half only.
  const spread = Math.min(SPREAD_MS, Math.max(0, (expiresAt - windowStart) / 2));
  return Math.round(windowStart + random() * spread);
}

/**
 * After failed refresh number `failures` (1-based): when to try again, or
 * null to give up — the retries are spent, or the token would expire first.
 */
export function retryRefreshAt(failures: number, now: number, expiresAt: number | null): number | null {
  const delay = REFRESH_RETRY_DELAYS_MS[failures - 1];
  if (delay === undefined) return null;
  const next = now + delay;
  return expiresAt !== null && next >= expiresAt ? null : next;
}
