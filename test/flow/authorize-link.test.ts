import { createHmac } from 'node:crypto';
import t from 'tap';
import {
  authorizeUrl,
  isAuthorizeSignatureValid,
  signAuthorizeParams,
  type AuthorizeParams,
} from '../../src/flow/authorize-link.js';

const key = Buffer.alloc(32, 42);
const params: AuthorizeParams = {
  store: 'shop-1',
  purpose: 'login',
  return_to: 'https://shop.example/my-account?a=1&b=two words',
  state: 'nonce._~-1',
  exp: 1900000000,
};

t.test('the signature is HMAC-SHA256 over the contract message, base64url without padding', async (t) => {
  const expected = createHmac('sha256', key)
    .update('v1\nshop-1\nlogin\nhttps://shop.example/my-account?a=1&b=two words\nnonce._~-1\n1900000000')
    .digest('base64url');
  t.equal(signAuthorizeParams(key, params), expected);
  t.ok(isAuthorizeSignatureValid([key], params, expected));
});

t.test('any other encoding of the same MAC is refused', async (t) => {
  const sig = signAuthorizeParams(key, params);
  const bytes = Buffer.from(sig, 'base64url');
  t.notOk(isAuthorizeSignatureValid([key], params, `${sig}=`), 'padded');
  t.notOk(isAuthorizeSignatureValid([key], params, bytes.toString('base64')), 'standard base64');
  t.notOk(isAuthorizeSignatureValid([key], params, bytes.toString('hex')), 'hex');
  // A different final character that decodes to the same bytes (non-canonical trailing bits).
  const last = sig.at(-1) as string;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const sibling = sig.slice(0, -1) + (alphabet[alphabet.indexOf(last) + 1] as string);
  t.same(Buffer.from(sibling, 'base64url'), bytes, 'the sibling decodes to the same MAC');
  t.notOk(isAuthorizeSignatureValid([key], params, sibling), 'non-canonical base64url');
});

t.test('every signed field matters', async (t) => {
  const sig = signAuthorizeParams(key, params);
  for (const change of [
    { store: 'shop-2' },
    { purpose: 'connect' as const },
    { return_to: 'https://shop.example/' },
    { state: 'other' },
    { exp: 1900000001 },
  ]) {
    t.notOk(isAuthorizeSignatureValid([key], { ...params, ...change }, sig), JSON.stringify(change));
  }
  t.ok(isAuthorizeSignatureValid([Buffer.alloc(32, 1), key], params, sig), 'either of two keys (rotation)');
});

t.test('authorizeUrl encodes every parameter', async (t) => {
  const url = new URL(authorizeUrl('https://relay.example', key, params));
  t.equal(url.origin + url.pathname, 'https://relay.example/authorize');
  t.same([...url.searchParams.keys()], ['store', 'purpose', 'return_to', 'state', 'exp', 'sig']);
  t.equal(url.searchParams.get('return_to'), params.return_to);
  t.equal(url.searchParams.get('sig'), signAuthorizeParams(key, params));
});
