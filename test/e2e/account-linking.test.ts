import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { startStoreStack } from './helpers/stack.js';
import { answerInstagram, configurePlugin, logIn } from './helpers/store-admin.js';
import { errorNotice, logInToMyAccount, successNotice } from './helpers/shopper.js';
import { pluginProblems } from './helpers/wordpress.js';
import { createUser } from './helpers/wordpress-php.js';

/**
 * Linking Instagram to a signed-in account takes the account's own "Link
 * Instagram" button and a confirmation naming the account and the @handle.
 * The attack it stops: a page elsewhere signs the visitor's browser in to the
 * attacker's account (wp-login.php accepts such a cross-site POST) and sends
 * it on to start an Instagram sign-in, hoping the visitor's Instagram ends
 * up linked to the attacker's account.
 */
t.setTimeout(300_000);

t.test('linking Instagram to an account needs its owner, twice', async (t) => {
  const stack = await startStoreStack(t, 'linking');
  const admin = await stack.browser.newPage();
  await logIn(admin, stack.wordpress.url);
  await configurePlugin(admin, stack);
  await admin.close();

  const site = stack.wordpress.url;
  createUser(stack.wordpress.dir, site, 'mallory', 'mallory-password-1', 'customer');
  const grace = createUser(stack.wordpress.dir, site, 'grace', 'grace-password-1', 'customer');
  const linkedUsers = () =>
    stack.wordpress.query("SELECT user_id, meta_value FROM wp_usermeta WHERE meta_key = 'iglr_instagram_user_id'");
  const myAccount = `${site}/my-account/`;

  // The attacker's page, on another site: signs the visitor in as mallory, then goes wherever `next` says.
  let next = '';
  const attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><title>Win a coffee</title><form id="f" method="post" action="${site}/wp-login.php">
<input name="log" value="mallory"><input name="pwd" value="mallory-password-1">
<input name="redirect_to" value="${next.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"></form>
<script>document.getElementById('f').submit()</script>`);
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    // Browsers keep connections alive; close() alone would wait for them.
    attacker.closeAllConnections();
    return new Promise<void>((resolve) => attacker.close(() => resolve()));
  });
  const attackerPage = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`;

  /** Opens the attacker's page in a fresh browser, lets it run, and checks the browser never left for the relay or Instagram. */
  async function visitAttacker(t: Test, target: string): Promise<Page> {
    next = target;
    const page = await (await startBrowser(t)).newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(attackerPage);
    await page.waitForURL((url) => url.href !== attackerPage && !url.pathname.startsWith('/wp-login.php'));
    await page.waitForLoadState('load');
    t.ok(
      requested.every((url) => !url.startsWith(stack.relay.url) && !url.startsWith(stack.fake.url)),
      'the browser never went to the relay or Instagram',
      { requested },
    );
    return page;
  }

  await t.test('a forged session sent to "Continue with Instagram" starts nothing', async (t) => {
    const page = await visitAttacker(
      t,
      `${site}/?iglr=start&purpose=login&redirect_to=${encodeURIComponent(myAccount)}`,
    );
    t.ok(page.url().startsWith(myAccount), 'straight back to My Account');
    t.match(
      await page.textContent('body'),
      /mallory/,
      "the forged session is WordPress's own (wp-login.php), shown as it is",
    );
    t.same(linkedUsers(), [], 'nothing linked');
    t.comment(`screenshot: ${await screenshot(page, 'link-1-forged-session-continue')}`);
  });

  await t.test("a forged session sent to the link start with the attacker's own nonce is refused", async (t) => {
    // The attacker signs in themselves and copies the "Link Instagram" target, nonce included.
    const own = await (await startBrowser(t)).newPage();
    await logInToMyAccount(own, stack.wordpress, 'mallory', 'mallory-password-1');
    const href = await own.getAttribute('a.iglr-button', 'href');
    t.match(href, /purpose=link/, 'the Link Instagram button');
    t.match(href, /_wpnonce=[0-9a-f]{10}/, 'carries a nonce');

    const page = await visitAttacker(t, href as string);
    t.match(
      await errorNotice(page),
      /That request to link Instagram has expired/,
      'the nonce of another session does not count',
    );
    t.same(linkedUsers(), [], 'nothing linked');
    t.comment(`screenshot: ${await screenshot(page, 'link-2-forged-session-link-refused')}`);
  });

  await t.test('the owner links from My Account after a confirmation naming both accounts', async (t) => {
    const page = await (await startBrowser(t)).newPage();
    await logInToMyAccount(page, stack.wordpress, 'grace', 'grace-password-1');
    await page.click('a.iglr-button:has-text("Link Instagram")');
    await answerInstagram(page, 'marta.makes');
    await page.waitForURL((url) => url.href.startsWith(myAccount));
    t.equal(
      (await page.textContent('#iglr-link-offer-title'))?.trim(),
      'Link Instagram @marta.makes to this account?',
      'the @handle',
    );
    t.equal(
      (await page.textContent('.iglr-link-offer-account'))?.trim(),
      'grace (username grace, grace@example.com)',
      'the WordPress account',
    );
    t.same(linkedUsers(), [], 'not linked before the confirmation');
    t.comment(`screenshot: ${await screenshot(page, 'link-3-confirmation')}`);

    await Promise.all([page.waitForURL(/iglr_notice=not_linked/), page.click('button.iglr-link-cancel')]);
    t.match(await successNotice(page), /Nothing was linked/);
    t.same(linkedUsers(), [], 'declined: nothing linked');
    t.equal(await page.locator('.iglr-link-offer').count(), 0, 'the offer is gone');

    await page.click('a.iglr-button:has-text("Link Instagram")');
    await answerInstagram(page, 'marta.makes');
    await page.waitForSelector('.iglr-link-offer');
    await Promise.all([page.waitForURL(/iglr_notice=linked/), page.click('button.iglr-link-confirm')]);
    t.match(await successNotice(page), /Your Instagram account is now linked/);
    t.same(linkedUsers(), [[String(grace), '17841405793187219']], 'linked to the account that confirmed');
    t.comment(`screenshot: ${await screenshot(page, 'link-4-linked')}`);
  });

  await t.test('the linked Instagram then signs in to that account, not the attacker', async (t) => {
    const page = await (await startBrowser(t)).newPage();
    await page.goto(myAccount);
    await page.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(page, 'marta.makes');
    await page.waitForURL((url) => url.href.startsWith(myAccount));
    t.match(await page.textContent('.woocommerce-MyAccount-content'), /Hello grace/);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning or notice from the plugin');
});
