import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { giveEmailAddress, onEmailStep, signedIn } from './helpers/shopper.js';
import { setUpStore } from './helpers/set-up-store.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(240_000);

/** The plugin's stated minimum: WordPress 6.1 (Debian's), with no WooCommerce. */
t.test('on WordPress 6.1 without WooCommerce: wp-login.php, the shortcode and the block', async (t) => {
  const { stack } = await setUpStore(t, 'minimum', { leg: 'minimum' });
  const shopper = await (await startBrowser(t)).newPage();

  await t.test('the button on wp-login.php, the shortcode page and the block page', async (t) => {
    await shopper.goto(`${stack.wordpress.url}/wp-login.php`);
    t.equal(await shopper.locator('#loginform a.iglr-button').count(), 1, 'wp-login.php');
    t.comment(`screenshot: ${await screenshot(shopper, 'minimum-1-wp-login')}`);
    await shopper.goto(`${stack.wordpress.url}/instagram/`);
    t.equal(await shopper.locator('.entry-content a.iglr-button, main a.iglr-button').count(), 1, '[ig_login_button]');
    await shopper.goto(`${stack.wordpress.url}/instagram-block/`);
    t.equal(await shopper.locator('.iglr-sign-in-block a.iglr-button').count(), 1, 'the Instagram sign-in block');
    t.comment(`screenshot: ${await screenshot(shopper, 'minimum-2-block-page')}`);
  });

  await t.test('signing in from the block comes back to its page', async (t) => {
    const page = `${stack.wordpress.url}/instagram-block/`;
    await shopper.click('.iglr-sign-in-block a.iglr-button');
    await answerInstagram(shopper, 'marta.makes');
    // A new account: its email address first, on a page in the site's block theme (Twenty Twenty-Three).
    await shopper.waitForURL(onEmailStep);
    t.equal(
      await shopper.locator('header.wp-block-template-part').count(),
      1,
      "the email step sits in the theme's header and footer",
    );
    t.comment(`screenshot: ${await screenshot(shopper, 'minimum-3-email-step')}`);
    await giveEmailAddress(shopper, 'marta@example.com');
    await shopper.waitForURL((url) => url.href.startsWith(page));
    t.equal(shopper.url(), page, 'back on the page, with no "#_" left in the address');
    t.ok(await signedIn(shopper, stack.wordpress), 'signed in');
    t.equal(await shopper.locator('.iglr-sign-in-block').count(), 0, 'no button once signed in');
    t.same(
      stack.wordpress.query(
        "SELECT m.meta_value FROM wp_users u JOIN wp_usermeta m ON m.user_id = u.ID AND m.meta_key = 'wp_capabilities' WHERE u.user_login LIKE 'marta.makes%'",
      ),
      [['a:1:{s:10:"subscriber";b:1;}']],
      "without WooCommerce a new user gets the site's default role",
    );
    t.comment(`screenshot: ${await screenshot(shopper, 'minimum-4-signed-in')}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
