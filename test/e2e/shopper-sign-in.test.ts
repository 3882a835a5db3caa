import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { addToCart, errorNotice, giveEmailAddress, logOutOfMyAccount, onEmailStep } from './helpers/shopper.js';
import { startStoreStack } from './helpers/stack.js';
import { answerInstagram, configurePlugin, logIn } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';
import { runInWordPress } from './helpers/wordpress-php.js';

t.setTimeout(300_000);

t.test('shoppers sign in with Instagram in a real WordPress', async (t) => {
  const stack = await startStoreStack(t, 'shopper');
  const admin = await stack.browser.newPage();
  await logIn(admin, stack.wordpress.url);
  await configurePlugin(admin, stack);
  await admin.close();

  const shopper = await (await startBrowser(t)).newPage();
  const myAccount = `${stack.wordpress.url}/my-account/`;
  const backAtMyAccount = (url: URL) => url.href.startsWith(myAccount);
  const customers = () =>
    stack.wordpress.query(
      "SELECT u.user_login, u.user_email, m.meta_value FROM wp_users u JOIN wp_usermeta m ON m.user_id = u.ID AND m.meta_key = 'wp_capabilities' WHERE u.user_login <> 'admin'",
    );

  await t.test(
    'the button is on the login and registration forms, wp-login.php, guest checkout and the shortcode',
    async (t) => {
      await shopper.goto(myAccount);
      t.equal(await shopper.locator('.woocommerce-form-login a.iglr-button').count(), 1, 'My Account login form');
      t.equal(await shopper.locator('.woocommerce-form-register a.iglr-button').count(), 1, 'registration form');
      t.comment(`screenshot: ${await screenshot(shopper, 'shopper-1-my-account')}`);
      await addToCart(shopper, stack.wordpress);
      await shopper.goto(`${stack.wordpress.url}/checkout/`);
      await shopper.locator('.iglr-offer a.iglr-button').waitFor();
      t.equal(await shopper.locator('a.iglr-button').count(), 1, 'guest checkout');
      await shopper.goto(`${stack.wordpress.url}/instagram/`);
      t.equal(await shopper.locator('a.iglr-button').count(), 1, '[ig_login_button]');
      await shopper.goto(`${stack.wordpress.url}/wp-login.php`);
      t.equal(await shopper.locator('#loginform a.iglr-button').count(), 1, 'wp-login.php');
      t.comment(`screenshot: ${await screenshot(shopper, 'shopper-2-wp-login')}`);
    },
  );

  await t.test('a new shopper gives an email address, then lands signed in as a new customer', async (t) => {
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes', 'Allow', async () =>
      t.comment(`screenshot: ${await screenshot(shopper, 'shopper-3-consent')}`),
    );
    await shopper.waitForURL(onEmailStep);
    t.equal(customers()[0]?.[1], '', 'created without an email: Instagram gives none');
    await giveEmailAddress(shopper, 'marta@example.com');
    await shopper.waitForURL(backAtMyAccount);
    t.match(
      await shopper.textContent('.woocommerce-MyAccount-content'),
      /Hello Marta Oliveira/,
      'signed in, back on My Account',
    );
    t.notMatch(await shopper.textContent('.woocommerce-MyAccount-content'), /Add an email address/);
    t.comment(`screenshot: ${await screenshot(shopper, 'shopper-4-signed-in')}`);
    const rows = customers();
    t.equal(rows.length, 1, 'one new user');
    const [login, email, capabilities] = rows[0] as [string, string, string];
    t.match(login, /^marta\.makes/, 'named after the Instagram username');
    t.equal(email, 'marta@example.com', 'the address the shopper gave');
    t.match(capabilities, /"customer"/, "WooCommerce's customer role");
    t.same(
      stack.wordpress.query("SELECT meta_value FROM wp_usermeta WHERE meta_key = 'iglr_instagram_user_id'"),
      [['17841405793187219']],
      'linked by the exact Instagram user ID',
    );
  });

  await t.test('signing in again reuses the same customer', async (t) => {
    await logOutOfMyAccount(shopper, stack.wordpress);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes');
    await shopper.waitForURL(backAtMyAccount);
    t.match(await shopper.textContent('.woocommerce-MyAccount-content'), /Hello Marta Oliveira/);
    t.equal(customers().length, 1, 'still one customer');
    await logOutOfMyAccount(shopper, stack.wordpress);
  });

  const problemPage = (problem: string) => (url: URL) =>
    url.searchParams.get('iglr') === 'sign-in-problem' && url.searchParams.get('problem') === problem;

  await t.test('cancelling on Instagram shows a page saying nothing was shared', async (t) => {
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes', 'Deny');
    await shopper.waitForURL(problemPage('cancelled'));
    t.equal(await shopper.textContent('h1'), 'You cancelled signing in with Instagram');
    t.equal(await shopper.getAttribute('a.iglr-continue', 'href'), myAccount, 'back where the shopper was');
    t.comment(`screenshot: ${await screenshot(shopper, 'shopper-5-cancelled')}`);
  });

  await t.test('a personal account is told how to switch to a professional one', async (t) => {
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'jonas.personal');
    await shopper.waitForURL(problemPage('not_professional'));
    t.equal(await shopper.textContent('h1'), 'Instagram sign-in needs a professional account');
    t.equal(customers().length, 1, 'no user was created');
    t.comment(`screenshot: ${await screenshot(shopper, 'shopper-6-personal-account')}`);
  });

  await t.test('with the relay stopped: a clear notice at once, nothing half-done', async (t) => {
    await stack.relay.close();
    // The scheduled check (WP-Cron, every five minutes) notices; the click itself calls nothing.
    runInWordPress(stack.wordpress.dir, stack.wordpress.url, "do_action('iglr_check_relay');");
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await shopper.waitForURL(backAtMyAccount);
    t.equal(
      await errorNotice(shopper),
      'Instagram sign-in is unavailable right now. Please try again in a few minutes, or sign in another way.',
    );
    const pendingCookies = (await shopper.context().cookies(stack.wordpress.url)).filter((cookie) =>
      cookie.name.startsWith('iglr_pending_'),
    );
    t.same(pendingCookies, [], 'no sign-in cookie was set');
    t.equal(customers().length, 1);
    t.comment(`screenshot: ${await screenshot(shopper, 'shopper-7-relay-down')}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning or notice from the plugin');
});
