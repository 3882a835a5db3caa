import { randomFillSync } from 'node:crypto';

/**
 * Random tokens (flow states, browser keys, ids) from a pool refilled 4 KiB at
 * a time: the same CSPRNG as crypto.randomBytes, without paying its fixed cost
 * for every 16–32 bytes on the hot path.
 */
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/** Hands `bytes` fresh pool bytes to `use`, then wipes them so they can never be handed out twice or linger. */
function take<T>(bytes: number, use: (start: number, end: number) => T): T {
  if (bytes > POOL_BYTES) throw new Error('random: at most 4096 bytes at a time');
  if (offset + bytes > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const result = use(offset, offset + bytes);
  pool.fill(0, offset, offset + bytes);
  offset += bytes;
  return result;
}

export function randomToken(bytes: number): string {
  return take(bytes, (start, end) => pool.toString('base64url', start, end));
}

/** `bytes` random bytes in a buffer of their own (e.g. an IV). */
export function randomBuffer(bytes: number): Buffer {
  return take(bytes, (start, end) => Buffer.from(pool.subarray(start, end)));
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
