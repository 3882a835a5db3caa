import t from 'tap';
import { createFlowSealer, type StartedFlow } from '../../src/flow/flow-state.js';

const T0 = Date.UTC(2026, 0, 1);
const OLD = 'o'.repeat(32);
const NEW = 'n'.repeat(32);
const started: Omit<StartedFlow, 'key'> = {
  storeId: 'shop-1',
  purpose: 'login',
  api: 'instagram-login',
  scopes: ['instagram_business_basic'],
  returnTo: 'https://shop.example/my-account?lang=en',
  storeState: 'st-1',
  browserKey: 'k'.repeat(43),
  createdAt: T0,
  expiresAt: T0 + 600_000,
};

t.test('a sealed flow opens to what was sealed, under a time-ordered unique key', async (t) => {
  const sealer = createFlowSealer([OLD]);
  const [a, b] = [sealer.seal(started), sealer.seal(started)];
  t.not(a, b, 'a fresh IV every time');
  const opened = sealer.open(a);
  t.same(opened, { ...started, key: opened?.key });
  t.match(opened?.key, new RegExp(`^${T0.toString(16).padStart(12, '0')}[A-Za-z0-9_-]{16}$`));
  t.not(opened?.key, sealer.open(b)?.key);
  const later = sealer.open(sealer.seal({ ...started, createdAt: T0 + 1 }))?.key as string;
  t.ok(later > (opened?.key as string), 'later flows sort after earlier ones');
});

t.test('only states this relay sealed open', async (t) => {
  const sealer = createFlowSealer([OLD]);
  const state = sealer.seal(started);
  t.equal(createFlowSealer([NEW]).open(state), undefined, 'another COOKIE_SECRET');
  for (let i = 0; i < state.length; i += 7) {
    const flipped = `${state.slice(0, i)}${state[i] === 'A' ? 'B' : 'A'}${state.slice(i + 1)}`;
    t.equal(sealer.open(flipped), undefined, `character ${i} changed`);
  }
  t.equal(sealer.open(state.slice(0, 30)), undefined, 'truncated');
  t.equal(sealer.open(''), undefined, 'empty');
  t.equal(sealer.open(`${state}.`), undefined, 'not base64url');
  t.equal(sealer.open('A'.repeat(4097)), undefined, 'too long');
});

t.test('after a COOKIE_SECRET rotation, flows sealed with the old secret still open', async (t) => {
  const before = createFlowSealer([OLD]).seal(started);
  const rotated = createFlowSealer([NEW, OLD]);
  t.equal(rotated.open(before)?.storeState, 'st-1');
  t.equal(createFlowSealer([OLD]).open(rotated.seal(started)), undefined, 'the first secret seals');
  t.throws(() => createFlowSealer([]), /at least one COOKIE_SECRET/);
});
