import t from 'tap';
import { startDemo } from '../../src/dev/demo-stack.js';
import { freeLoopbackPort } from '../../src/dev/free-port.js';
import { Browser, type Page } from '../helpers/browser.js';

/** What a newcomer does after `npm run demo`: open the store, continue with Instagram, approve. */
async function throughTheDemo(browser: Browser, storeUrl: string, start: string, username: string): Promise<Page> {
  const toRelay = await browser.get(`${storeUrl}${start}`);
  const consentPage = await browser.follow(toRelay);
  t.match(consentPage.body, 'Simulated Instagram for development');
  const window = new URL(consentPage.url);
  const posted = await browser.postForm(`${window.origin}${window.pathname}`, {
    ...Object.fromEntries(window.searchParams),
    username,
    decision: 'allow',
  });
  return browser.follow(posted);
}

t.test('the demo signs a shopper in and connects the store account', async (t) => {
  const demo = await startDemo({ storePort: await freeLoopbackPort(), logLevel: 'silent' });
  t.teardown(() => demo.close());
  const browser = new Browser();
  const home = await browser.get(demo.storeUrl);
  t.match(home.body, 'Continue with Instagram');

  const signedIn = await throughTheDemo(browser, demo.storeUrl, '/login/instagram', 'lumen.coffee');
  t.equal(signedIn.status, 200);
  t.match(signedIn.body, '<h1>Signed in as @lumen.coffee</h1>');
  t.match(signedIn.body, '17841400774391235');
  t.match(signedIn.body, /signature verified/);

  const connected = await throughTheDemo(browser, demo.storeUrl, '/connect/instagram', 'marta.makes');
  t.match(connected.body, '<h1>Store account connected</h1>');

  const refused = await throughTheDemo(browser, demo.storeUrl, '/login/instagram', 'jonas.personal');
  t.match(refused.body, 'Instagram refused the sign-in');
  t.match(refused.body, /For the store admin \(from the relay\): The account is a personal Instagram account/);
});

t.test('the demo store refuses a return without its nonce cookie', async (t) => {
  const demo = await startDemo({ storePort: await freeLoopbackPort(), logLevel: 'silent' });
  t.teardown(() => demo.close());
  const page = await new Browser().get(`${demo.storeUrl}/return?igr_login=lgn_x&igr_state=abc`);
  t.equal(page.status, 400);
  t.match(page.body, 'not started in this browser');
});
