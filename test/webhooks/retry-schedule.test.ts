import t from 'tap';
import { afterFailure, MAX_ATTEMPTS, parseRetryAfter, RETRY_DELAYS_MS } from '../../src/webhooks/retry-schedule.js';

const NOW = Date.UTC(2026, 10, 29, 12);
const S = 1000;
const M = 60 * S;
const H = 60 * M;

t.test('the Standard Webhooks schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h', async (t) => {
  t.same(RETRY_DELAYS_MS, [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H]);
  t.equal(MAX_ATTEMPTS, 8);
  const middle = () => 0.5;
  RETRY_DELAYS_MS.forEach((delay, step) => {
    t.same(afterFailure(step, NOW, null, middle), { next: 'retry', at: NOW + delay, retryStep: step + 1 });
  });
  t.same(afterFailure(7, NOW, null, middle), { next: 'dead' }, 'after the eighth attempt');
});

t.test('each delay is spread by ±10%', async (t) => {
  const at = (random: number) => {
    const outcome = afterFailure(3, NOW, null, () => random);
    return outcome.next === 'retry' ? outcome.at - NOW : -1;
  };
  t.equal(at(0), 0.9 * 2 * H);
  t.equal(at(1), Math.round(1.1 * 2 * H));
  const seen = new Set(Array.from({ length: 50 }, () => afterFailure(0, NOW, null)).map((o) => JSON.stringify(o)));
  t.ok(seen.size > 40, 'real randomness spreads retries');
});

t.test('Retry-After moves the next attempt later, never earlier, and at most to the longest step', async (t) => {
  const middle = () => 0.5;
  t.match(afterFailure(0, NOW, 120 * S, middle), { at: NOW + 120 * S }, 'later than 5 s');
  t.match(afterFailure(2, NOW, 120 * S, middle), { at: NOW + 30 * M }, 'not sooner than the schedule');
  t.match(afterFailure(0, NOW, 7 * 24 * H, middle), { at: NOW + 10 * H }, 'capped');
});

t.test('Retry-After is delay-seconds or an HTTP date', async (t) => {
  t.equal(parseRetryAfter('120', NOW), 120 * S);
  t.equal(parseRetryAfter(' 0 ', NOW), 0);
  t.equal(parseRetryAfter(new Date(NOW + 90 * S).toUTCString(), NOW), 90 * S);
  t.equal(parseRetryAfter(new Date(NOW - 90 * S).toUTCString(), NOW), 0, 'a date in the past: now');
  t.equal(parseRetryAfter(undefined, NOW), null);
  t.equal(parseRetryAfter('soon', NOW), null);
  t.equal(parseRetryAfter('-5', NOW), null);
});
