import t from 'tap';
import { allowedReturnUrl, withRelayParams } from '../../src/flow/return-url.js';

const origins = ['https://shop.example', 'http://localhost:8080'];

t.test('accepts registered origins after normalisation', async (t) => {
  t.equal(
    allowedReturnUrl('https://shop.example/my-account?x=1', origins)?.href,
    'https://shop.example/my-account?x=1',
  );
  t.equal(allowedReturnUrl('https://SHOP.example:443/a', origins)?.href, 'https://shop.example/a');
  t.equal(allowedReturnUrl('http://localhost:8080/', origins)?.href, 'http://localhost:8080/');
});

t.test('refuses every open-redirect trick', async (t) => {
  for (const returnTo of [
    'https://evil.example/',
    'http://shop.example/',
    'https://shop.example.evil.example/',
    'https://shop.example:8443/',
    'https://evilshop.example/',
    'https://shop.example@evil.example/',
    'https://user:pass@shop.example/',
    '//evil.example/',
    '/relative',
    'javascript:alert(1)//https://shop.example',
    'data:text/html,hi',
    'https:\\\\evil.example',
    'http://localhost:8081/',
    'https://localhost:8080/',
    'not a url',
  ]) {
    t.equal(allowedReturnUrl(returnTo, origins), undefined, returnTo);
  }
});

t.test("adds igr_* parameters, keeps the store's own, replaces earlier igr_*", async (t) => {
  t.equal(
    withRelayParams('https://shop.example/a?x=1&igr_error=old&igr_state=old#top', {
      igr_login: 'lgn_1',
      igr_state: 's',
    }),
    'https://shop.example/a?x=1&igr_login=lgn_1&igr_state=s#top',
  );
});
