import { sha256Base64Url } from '../crypto/constant-time.js';
import { timeOrderedToken } from '../crypto/random.js';

/**
 * The relay `state` sent to Instagram: time-ordered and unguessable (12 hex
 * digits of time, then 24 random bytes). The flow is stored under its key —
 * the time prefix and a SHA-256 of the whole state — so the database never
 * holds the state itself, and new flows land at the end of the index.
 */
const STATE_PATTERN = /^[0-9a-f]{12}[A-Za-z0-9_-]{32}$/;

/** A fresh state and the key its flow is stored under. */
export function newFlowState(nowMs: number): { state: string; key: string } {
  const state = timeOrderedToken(nowMs, 24);
  return { state, key: keyOf(state) };
}

/** The storage key for a state, or undefined when the text cannot be a relay state. */
export function flowKey(state: string): string | undefined {
  return STATE_PATTERN.test(state) ? keyOf(state) : undefined;
}

function keyOf(state: string): string {
  return state.slice(0, 12) + sha256Base64Url(state);
}
