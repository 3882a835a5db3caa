import type { Page } from 'playwright-core';
import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { signedIn } from './helpers/shopper.js';
import { ADA, addMustUsePlugin, givePictures, prepareSiteForShoppers } from './helpers/site-for-shoppers.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';
import { runInWordPress } from './helpers/wordpress-php.js';

/**
 * When Instagram does not sign a shopper in, the store says what happened and what to do, on a page
 * of its own: a personal account (how to switch to a professional one), a non-tester on an app in
 * Standard Access (use the store's registration), a cancel (nothing was shared), and an account the
 * store could not create; each offers the store's registration, with the @handle filled in where
 * the store knows it.
 */
t.setTimeout(240_000);

t.test('every refusal has a page with the way forward', async (t) => {
  const { stack } = await setUpStore(t, 'refusals');
  const site = stack.wordpress.url;
  const myAccount = `${site}/my-account/`;
  prepareSiteForShoppers(stack);
  givePictures(stack);
  // WooCommerce's registration form then asks for a username, which a known handle fills in.
  runInWordPress(stack.wordpress.dir, site, "update_option('woocommerce_registration_generate_username', 'no');");
  const accounts = () => Number(stack.wordpress.query('SELECT COUNT(*) FROM wp_users')[0]?.[0]);
  const before = accounts();

  const problemPage = (problem: string) => (url: URL) =>
    url.searchParams.get('iglr') === 'sign-in-problem' && url.searchParams.get('problem') === problem;
  const buttons = (page: Page) =>
    page
      .locator('.iglr-card__actions a')
      .evaluateAll((links: { textContent: string | null }[]) => links.map((link) => link.textContent?.trim()));
  const tryInstagram = async (page: Page, username: string, decision: 'Allow' | 'Deny' = 'Allow') => {
    await page.goto(myAccount);
    await page.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(page, username, decision);
  };

  await t.test('a personal account: how to switch to a professional one, and try again', async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    await tryInstagram(shopper, 'jonas.personal');
    await shopper.waitForURL(problemPage('not_professional'));
    t.equal(await shopper.textContent('h1'), 'Instagram sign-in needs a professional account');
    t.match(await shopper.textContent('.iglr-card'), /Your Instagram account is a personal account/);
    t.equal(await shopper.locator('ol.iglr-card__steps li').count(), 4, 'the steps in the Instagram app');
    t.same(await buttons(shopper), ['Try again', 'Create an account with your email']);
    const again = new URL((await shopper.getAttribute('a.iglr-try-again', 'href')) as string);
    t.same(
      [again.searchParams.get('iglr'), again.searchParams.get('redirect_to')],
      ['start', myAccount],
      '"Try again" starts a sign-in back to where the shopper was',
    );
    t.equal(await shopper.locator('header.wp-block-template-part').count(), 1, "in the theme's header and footer");
    t.equal(accounts(), before, 'no account was made');
    t.notOk(await signedIn(shopper, stack.wordpress));
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-1-personal-account')}`);

    // On a refusal Instagram tells the store nothing about the person: the form is not filled in.
    await Promise.all([shopper.waitForURL(myAccount), shopper.click('a.iglr-register')]);
    t.equal(await shopper.inputValue('#reg_username'), '', 'no handle to fill in');
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-2-registration-without-handle')}`);
  });

  await t.test("someone who is not a tester of an app in Standard Access: use the store's registration", async (t) => {
    stack.fake.addApp({ ...stack.igApp, accessLevel: 'standard', testers: ['lumen.coffee'] });
    t.teardown(() => stack.fake.addApp(stack.igApp));
    const shopper = await (await startBrowser(t)).newPage();
    await tryInstagram(shopper, 'marta.makes');
    await shopper.waitForURL(problemPage('not_tester'));
    t.equal(await shopper.textContent('h1'), 'Instagram sign-in is not open to everyone yet');
    t.match(await shopper.textContent('.iglr-card'), /still being tested/);
    t.same(await buttons(shopper), ['Create an account with your email'], 'trying again would not help');
    t.equal(accounts(), before, 'no account was made');
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-3-not-tester')}`);
  });

  await t.test('a cancel: nothing was shared, try again or continue without Instagram', async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    await tryInstagram(shopper, 'marta.makes', 'Deny');
    await shopper.waitForURL(problemPage('cancelled'));
    t.equal(await shopper.textContent('h1'), 'You cancelled signing in with Instagram');
    t.match(await shopper.textContent('.iglr-card'), /Nothing was shared with the store, and no account was made/);
    t.same(await buttons(shopper), ['Try again', 'Create an account with your email']);
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-4-cancelled')}`);
    await Promise.all([shopper.waitForURL(myAccount), shopper.click('a.iglr-continue')]);
    t.equal(await shopper.locator('.woocommerce-form-login').count(), 1, 'back where the shopper was, signed out');
  });

  await t.test('an account the store could not create: registration with the @handle filled in', async (t) => {
    addMustUsePlugin(
      stack,
      'no-new-accounts-for-ada',
      `// A store's own rule refusing a new account (here, for one Instagram username).
add_filter('iglr_new_user_data', function ($userdata, $instagram) {
    if ($instagram['username'] === '${ADA.username}') {
        $userdata['user_login'] = '';
    }
    return $userdata;
}, 10, 2);`,
    );
    const shopper = await (await startBrowser(t)).newPage();
    await tryInstagram(shopper, ADA.username);
    await shopper.waitForURL(problemPage('account_not_created'));
    t.equal(await shopper.textContent('h1'), 'We could not create your account');
    t.match(await shopper.textContent('.iglr-card'), /Instagram confirmed you as @ada\.bakes/);
    t.match(await shopper.textContent('.iglr-card'), /your username @ada\.bakes is filled in for you/);
    t.same(await buttons(shopper), ['Create an account with your email', 'Try again']);
    t.equal(accounts(), before, 'no account was made');
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-5-account-not-created')}`);

    await Promise.all([shopper.waitForURL((url) => url.pathname === '/my-account/'), shopper.click('a.iglr-register')]);
    t.equal(await shopper.inputValue('#reg_username'), 'ada.bakes', 'the handle is the username');
    await shopper.fill('#reg_email', 'ada@example.com');
    t.comment(`screenshot: ${await screenshot(shopper, 'refusal-6-registration-with-handle')}`);
    await Promise.all([
      shopper.waitForSelector('.woocommerce-MyAccount-content'),
      shopper.click('button[name="register"]'),
    ]);
    t.same(
      stack.wordpress.query("SELECT user_login, user_email FROM wp_users WHERE user_login = 'ada.bakes'"),
      [['ada.bakes', 'ada@example.com']],
      "the store's own registration made the account",
    );
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
