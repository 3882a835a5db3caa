import t from 'tap';
import { refreshDueAt, REFRESH_RETRY_DELAYS_MS, retryRefreshAt } from '../../src/tokens/refresh-schedule.js';

const T0 = Date.UTC(2026, 10, 29, 12);
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

t.test('a 60-day token is refreshed 30 days before it expires, spread over a day', async (t) => {
  t.equal(
    refreshDueAt(T0, T0 + 60 * DAY, () => 0),
    T0 + 30 * DAY,
  );
  t.equal(
    refreshDueAt(T0, T0 + 60 * DAY, () => 1),
    T0 + 31 * DAY,
  );
  const due = Array.from({ length: 200 }, () => refreshDueAt(T0, T0 + 60 * DAY, Math.random) as number);
  const hours = new Set(due.map((at) => Math.floor((at - T0 - 30 * DAY) / HOUR)));
  t.ok(hours.size >= 20, `200 accounts connected together refresh in ${hours.size} different hours, not at once`);
});

t.test('never before the token is 24 hours old, and never for a token that does not expire', async (t) => {
  t.equal(
    refreshDueAt(T0, T0 + 10 * DAY, () => 0),
    T0 + DAY,
    'already within 30 days: after 24 h',
  );
  t.equal(
    refreshDueAt(T0, T0 + 2 * DAY, () => 1),
    T0 + 1.5 * DAY,
    'a short window is spread over its first half',
  );
  t.equal(
    refreshDueAt(T0, null, () => 0),
    null,
  );
});

t.test('failed refreshes are retried after 15 min, 1 h, 4 h and 12 h, then given up', async (t) => {
  t.same(REFRESH_RETRY_DELAYS_MS, [15 * 60 * 1000, HOUR, 4 * HOUR, 12 * HOUR]);
  t.equal(retryRefreshAt(1, T0, T0 + 30 * DAY), T0 + 15 * 60 * 1000);
  t.equal(retryRefreshAt(4, T0, null), T0 + 12 * HOUR);
  t.equal(retryRefreshAt(5, T0, T0 + 30 * DAY), null, 'retries spent');
  t.equal(retryRefreshAt(2, T0, T0 + HOUR), null, 'the token would expire first');
});
