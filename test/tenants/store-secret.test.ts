import t from 'tap';
import { generateStoreSecret, storeSecretKey } from '../../src/tenants/store-secret.js';

t.test('generated secrets are whsec_ + base64 of 32 random bytes', async (t) => {
  const secret = generateStoreSecret();
  t.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
  t.equal(storeSecretKey(secret)?.length, 32);
  t.not(generateStoreSecret(), secret);
});

t.test('accepts 24–64 byte keys in canonical base64, with or without padding', async (t) => {
  t.equal(storeSecretKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')?.length, 24, 'the Standard Webhooks example secret');
  t.equal(storeSecretKey(`whsec_${Buffer.alloc(64, 3).toString('base64')}`)?.length, 64);
  t.equal(storeSecretKey(`whsec_${Buffer.alloc(32, 3).toString('base64').replace(/=+$/, '')}`)?.length, 32);
});

t.test('refuses everything else', async (t) => {
  for (const bad of [
    Buffer.alloc(32).toString('base64'),
    `whsec_${Buffer.alloc(16).toString('base64')}`,
    `whsec_${Buffer.alloc(65).toString('base64')}`,
    'whsec_not base64!',
    `whsec_${Buffer.alloc(32, 9).toString('base64url')}-_`,
    'whsec_',
  ]) {
    t.equal(storeSecretKey(bad), undefined, bad);
  }
});
