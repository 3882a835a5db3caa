import t from 'tap';
import { randomToken, timeOrderedToken } from '../../src/crypto/random.js';

t.test('random tokens are base64url of the asked length and never repeat', async (t) => {
  const seen = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const token = randomToken(32);
    t.equal(token.length, 43);
    seen.add(token);
  }
  t.equal(seen.size, 2000, 'across pool refills too');
  t.match(randomToken(18), /^[A-Za-z0-9_-]{24}$/);
  t.throws(() => randomToken(5000), /at most 4096 bytes/);
});

t.test('time-ordered tokens sort by time', async (t) => {
  const earlier = timeOrderedToken(Date.UTC(2026, 0, 1), 24);
  const later = timeOrderedToken(Date.UTC(2026, 0, 1) + 1, 24);
  t.match(earlier, /^[0-9a-f]{12}[A-Za-z0-9_-]{32}$/);
  t.equal(earlier.slice(0, 12), Date.UTC(2026, 0, 1).toString(16).padStart(12, '0'));
  t.ok(earlier < later);
});
