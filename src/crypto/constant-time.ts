import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in time that depends on neither their contents nor
 * their lengths: both sides are hashed to 32 bytes first.
 */
export function secretsEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

export function hmacSha256(key: Buffer, message: string): Buffer {
  return createHmac('sha256', key).update(message, 'utf8').digest();
}

/** True when `candidate` equals HMAC-SHA256(key, message) for one of the keys. */
export function matchesAnyHmac(keys: readonly Buffer[], message: string, candidate: Buffer): boolean {
  let matched = false;
  for (const key of keys) {
    const expected = hmacSha256(key, message);
    // Evaluate every key (no early exit) so timing does not tell which key matched.
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) matched = true;
  }
  return matched;
}

export function sha256Base64Url(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('base64url');
}
