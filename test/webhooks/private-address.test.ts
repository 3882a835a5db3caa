import t from 'tap';
import { isPrivateAddress } from '../../src/webhooks/private-address.js';

t.test('private, loopback, link-local and reserved addresses', async (t) => {
  for (const address of [
    '127.0.0.1',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:a00:1',
  ]) {
    t.ok(isPrivateAddress(address), address);
  }
});

t.test('public addresses and names', async (t) => {
  for (const address of ['8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8', 'shop.example']) {
    t.notOk(isPrivateAddress(address), address);
  }
});
