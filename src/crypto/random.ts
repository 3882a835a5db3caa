import { randomFillSync } from 'node:crypto';

/**
 * Random tokens (flow states, browser keys, ids) from a pool refilled 4 KiB at
 * a time: the same CSPRNG as crypto.randomBytes, without paying its fixed cost
 * for every 16–32 bytes on the hot path.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

export function randomToken(bytes: number): string {
  if (bytes > POOL_BYTES) throw new Error('randomToken: at most 4096 bytes');
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const token = pool.toString('base64url', offset, offset + bytes);
  // Bytes handed out are wiped so they can never be handed out twice or linger.
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return token;
}

/**
 * A random token that sorts by creation time: 12 hex digits of the unix time
 * in milliseconds, then `randomBytes` random bytes. Database keys made from it
 * are inserted at the end of their index instead of at random places in it,
 * which keeps inserts cheap as tables grow.
 */
export function timeOrderedToken(nowMs: number, randomBytes: number): string {
  return Math.floor(nowMs).toString(16).padStart(12, '0') + randomToken(randomBytes);
}
