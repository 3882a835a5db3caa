import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand; it starts at the real time so signed links made now are valid. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = Date.now()): TestClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}
