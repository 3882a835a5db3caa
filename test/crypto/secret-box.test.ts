import { randomBytes } from 'node:crypto';
import t from 'tap';
import { createSecretBox, keyId } from '../../src/crypto/secret-box.js';

const key = randomBytes(32);

t.test('seals and opens, bound to its context', async (t) => {
  const box = createSecretBox([key]);
  const sealed = box.seal('app-secret-value', 'store:acme:app_secret');
  t.match(sealed, new RegExp(`^v1\\.${keyId(key)}\\.[A-Za-z0-9_-]+$`));
  t.notMatch(sealed, /app-secret-value/);
  t.equal(box.open(sealed, 'store:acme:app_secret'), 'app-secret-value');
  t.not(box.seal('same', 'c'), box.seal('same', 'c'), 'a fresh IV every time');
  t.throws(() => box.open(sealed, 'store:other:app_secret'), 'another row cannot open it');
});

t.test('refuses tampered, truncated, foreign and malformed values', async (t) => {
  const box = createSecretBox([key]);
  const sealed = box.seal('value', 'ctx');
  const [version, id, data] = sealed.split('.') as [string, string, string];
  const flipped = Buffer.from(data, 'base64url');
  flipped[14] = (flipped[14] as number) ^ 1;
  t.throws(() => box.open(`${version}.${id}.${flipped.toString('base64url')}`, 'ctx'));
  t.throws(() => box.open(`${version}.${id}.AAAA`, 'ctx'), /truncated/);
  t.throws(() => createSecretBox([randomBytes(32)]).open(sealed, 'ctx'), /a key that MASTER_KEY does not hold/);
  t.throws(() => box.open('plain text', 'ctx'), /malformed/);
});

t.test('a rotated key list still opens what older keys sealed', async (t) => {
  const old = createSecretBox([key]);
  const sealed = old.seal('value', 'ctx');
  const rotated = createSecretBox([randomBytes(32), key]);
  t.equal(rotated.open(sealed, 'ctx'), 'value');
  t.not(rotated.seal('value', 'ctx').split('.')[1], keyId(key), 'the first key seals');
});

t.test('refuses bad keys', async (t) => {
  t.throws(() => createSecretBox([]), /at least one key/);
  t.throws(() => createSecretBox([randomBytes(16)]), /32 bytes/);
});
