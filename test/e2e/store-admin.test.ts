import t from 'tap';
import { adminRequest } from '../helpers/scenario.js';
import { clickThrough, screenshot } from './helpers/chromium.js';
import { startStoreStack } from './helpers/stack.js';
import { answerInstagram, configurePlugin, logIn, SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(240_000);

t.test("a store admin sets up Instagram sign-in and connects the store's account", async (t) => {
  const stack = await startStoreStack(t, 'admin');
  const page = await stack.browser.newPage();
  await logIn(page, stack.wordpress.url);

  await configurePlugin(page, stack);
  await page.waitForSelector('text=Instagram app');
  const relayView = (await adminRequest(stack.relay, 'GET', '/v1/stores/lumen')).body as {
    instagram: { app_id: string; app_secret_set: boolean };
  };
  t.same(
    [relayView.instagram.app_id, relayView.instagram.app_secret_set],
    [stack.igApp.appId, true],
    'the app ID and secret reached the relay',
  );
  t.notMatch(await page.content(), stack.igApp.appSecret, 'the app secret is not shown again');
  t.equal(
    await page.inputValue('#iglr-redirect-uri'),
    `${stack.relay.url}/callback`,
    "the redirect URI to register in Meta's dashboard",
  );
  t.equal(await page.inputValue('#iglr-webhook-url'), `${stack.wordpress.url}/wp-json/ig-login-relay/v1/webhook`);
  t.comment(`screenshot: ${await screenshot(page, 'admin-1-settings-saved')}`);

  await clickThrough(page, 'text=Test connection');
  const report = await page.textContent('.wrap');
  t.match(report, /Instagram accepts this app ID and secret/, 'Instagram accepts the pair');
  t.comment(`screenshot: ${await screenshot(page, 'admin-2-test-connection')}`);

  await page.click('text=Connect Instagram account');
  await answerInstagram(page, 'lumen.coffee');
  await page.waitForURL(new RegExp(SETTINGS_PATH.replace(/[?]/g, '\\?')));
  const account = await page.textContent('.wrap');
  t.match(account, /@lumen\.coffee/, 'the connected account');
  t.match(account, /2027|expires/i, 'its expiry');
  const token = await page.inputValue('#iglr-access-token');
  t.match(token, /^IGAA/, 'the long-lived token, ready to copy');
  t.comment(`screenshot: ${await screenshot(page, 'admin-3-account-connected')}`);

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning or notice from the plugin');
});
