import { createHmac } from 'node:crypto';
import t from 'tap';
import { matchesAnyHmac, secretsEqual, sha256Base64Url } from '../../src/crypto/constant-time.js';

t.test('secretsEqual compares whole values of any length', async (t) => {
  t.ok(secretsEqual('token-value', 'token-value'));
  t.notOk(secretsEqual('token-value', 'token-valuf'));
  t.notOk(secretsEqual('token-value', 'token-value-longer'));
  t.notOk(secretsEqual('', 'x'));
});

t.test('matchesAnyHmac accepts a MAC made with any listed key', async (t) => {
  const keys = [Buffer.from('first-key'), Buffer.from('second-key')];
  const mac = (key: Buffer) => createHmac('sha256', key).update('message').digest();
  t.ok(matchesAnyHmac(keys, 'message', mac(keys[1] as Buffer)));
  t.notOk(matchesAnyHmac(keys, 'message', mac(Buffer.from('third-key'))));
  t.notOk(
    matchesAnyHmac(keys, 'message', mac(keys[0] as Buffer).subarray(0, 31)),
    'length mismatch is false, not a throw',
  );
});

t.test('sha256Base64Url', async (t) => {
  t.equal(sha256Base64Url('abc'), 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
});
