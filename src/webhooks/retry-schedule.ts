import type { AttemptOutcome } from '../storage/repository.js';

/**
 * When a failed delivery is tried again: the Standard Webhooks schedule
 * (https://www.standardwebhooks.com/ — immediately, then 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h), each delay spread by ±10% so a store coming back is
 * not hit by every queued event at once. A store's `Retry-After` pushes the
 * next attempt later (never earlier), up to the longest step (docs/contract.md §6.3).
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before attempt n + 2, after attempt n + 1 failed. */
export const RETRY_DELAYS_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];
/** The first attempt plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
const JITTER = 0.1;
const LONGEST_DELAY_MS = Math.max(...RETRY_DELAYS_MS);

/** What follows a failed attempt made at `retryStep` (0 = the schedule's first attempt). */
export function afterFailure(
  retryStep: number,
  now: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): AttemptOutcome {
  const delay = RETRY_DELAYS_MS[retryStep];
  if (delay === undefined) return { next: 'dead' };
  const jittered = Math.round(delay * (1 - JITTER + 2 * JITTER * random()));
  const wait = Math.max(jittered, Math.min(retryAfterMs ?? 0, LONGEST_DELAY_MS));
  return { next: 'retry', at: now + wait, retryStep: retryStep + 1 };
}

/** `Retry-After` as milliseconds from `now`: delay-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d{1,10}$/.test(text)) return Number(text) * SECOND;
  // Every HTTP date format starts with the day's name.
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
