/** Time, injected wherever tests need to move it (flow TTL, token expiry, signatures). */
export interface Clock {
  /** Unix time in milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
