import t from 'tap';
import { buttonLook, PLACEMENTS, saveButtonSettings, STYLES, styleClass } from './helpers/button-settings.js';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { addToCart, giveEmailAddress, logOutOfMyAccount } from './helpers/shopper.js';
import { answerInstagram, SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(300_000);

t.test('a store owner sets where the button shows, its label and its style, and sees who signed in', async (t) => {
  const { stack, admin } = await setUpStore(t, 'owner');
  const site = stack.wordpress.url;
  const settingsPage = `${site}${SETTINGS_PATH}`;
  const shopper = await (await startBrowser(t)).newPage();
  await addToCart(shopper, stack.wordpress);

  await t.test('the Button section previews each style live, with the label as it is typed', async (t) => {
    await admin.goto(settingsPage);
    const preview = admin.locator('#iglr-button-preview');
    t.equal(await preview.locator('.iglr-button-wrap:visible').count(), 1, 'one style previewed at a time');
    t.equal(await preview.locator('.iglr-button:visible').textContent(), 'Continue with Instagram');
    await admin.check('#iglr_button_style_dark');
    t.equal(await preview.locator('.iglr-button:visible').getAttribute('class'), 'iglr-button iglr-button--dark');
    await admin.fill('#iglr_button_label', 'Sign in with Instagram');
    t.equal(await preview.locator('.iglr-button:visible').textContent(), 'Sign in with Instagram', 'before saving');
    t.comment(`screenshot: ${await screenshot(admin, 'owner-1-button-section-preview')}`);
    await admin.fill('#iglr_button_label', '');
    t.equal(
      await preview.locator('.iglr-button:visible').textContent(),
      'Continue with Instagram',
      'emptied: the default',
    );
  });

  await t.test('each style on My Account, in Twenty Twenty-Five, with AA contrast', async (t) => {
    for (const style of STYLES) {
      await admin.goto(settingsPage);
      await saveButtonSettings(admin, { style });
      await shopper.goto(`${site}/my-account/`);
      const button = shopper.locator('.woocommerce-form-login a.iglr-button');
      const { className, lowestContrast } = await buttonLook(button);
      t.equal(className, styleClass(style), style);
      t.ok(
        lowestContrast >= 4.5,
        `${style}: text (or glyph) contrast ${lowestContrast.toFixed(2)}:1 is at least 4.5:1 over its own background`,
      );
      t.equal(
        await shopper.getByRole('link', { name: 'Continue with Instagram' }).count(),
        2,
        `${style}: both buttons (login and registration) are named "Continue with Instagram" for assistive technology`,
      );
      if (style === 'icon') {
        t.equal(await button.locator('.iglr-visually-hidden').textContent(), 'Continue with Instagram');
        const box = await button.boundingBox();
        t.ok(box && Math.abs(box.width - box.height) < 2, 'a square icon button');
        t.equal(await button.getAttribute('title'), 'Continue with Instagram', 'a tooltip for pointer users');
      }
      await button.scrollIntoViewIfNeeded();
      t.comment(`screenshot: ${await screenshot(shopper, `owner-2-my-account-style-${style}`)}`);
    }
    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { style: 'gradient' });
  });

  await t.test('the label, everywhere but where a shortcode sets its own', async (t) => {
    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { label: 'Sign in with Instagram' });
    t.equal(await admin.inputValue('#iglr_button_label'), 'Sign in with Instagram', 'saved');
    await shopper.goto(`${site}/my-account/`);
    t.same(await shopper.locator('a.iglr-button').allTextContents(), [
      'Sign in with Instagram',
      'Sign in with Instagram',
    ]);
    await shopper.goto(`${site}/checkout/`);
    await shopper.locator('.iglr-offer a.iglr-button').waitFor();
    t.equal(await shopper.locator('.iglr-offer a.iglr-button').textContent(), 'Sign in with Instagram', 'checkout');
    await shopper.goto(`${site}/wp-login.php`);
    t.equal(await shopper.locator('#loginform a.iglr-button').textContent(), 'Sign in with Instagram', 'wp-login.php');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-3-label-wp-login')}`);
  });

  await t.test('placements switched off disappear, switched on appear again', async (t) => {
    const off = Object.fromEntries(PLACEMENTS.map((placement) => [placement, false]));
    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { placements: off });
    for (const placement of PLACEMENTS) {
      t.notOk(await admin.isChecked(`#iglr_button_${placement}`), `${placement} saved off`);
    }
    t.comment(`screenshot: ${await screenshot(admin, 'owner-4-placements-off-settings')}`);

    await shopper.goto(`${site}/my-account/`);
    await shopper.locator('.woocommerce-form-login').waitFor();
    t.equal(await shopper.locator('a.iglr-button').count(), 0, 'My Account: no button on either form');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-5-off-my-account')}`);
    await shopper.goto(`${site}/checkout/`);
    await shopper.locator('.wc-block-checkout__form input#email').waitFor();
    t.equal(await shopper.locator('.iglr-offer').count(), 0, 'Checkout block: no offer');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-6-off-checkout-block')}`);
    await shopper.goto(`${site}/cart/`);
    await shopper.locator('.wc-block-cart__submit-container').waitFor();
    t.equal(await shopper.locator('.iglr-offer').count(), 0, 'Cart block: no offer');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-7-off-cart-block')}`);
    await shopper.goto(`${site}/wp-login.php`);
    t.equal(await shopper.locator('a.iglr-button').count(), 0, 'wp-login.php: no button');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-8-off-wp-login')}`);
    await shopper.goto(`${site}/instagram/`);
    t.equal(await shopper.locator('a.iglr-button').count(), 1, 'the shortcode the owner placed still shows');
    await shopper.goto(`${site}/instagram-block/`);
    t.equal(await shopper.locator('.iglr-sign-in-block a.iglr-button').count(), 1, 'so does the block');

    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { placements: Object.fromEntries(PLACEMENTS.map((p) => [p, true])) });
    await shopper.goto(`${site}/my-account/`);
    t.equal(await shopper.locator('.woocommerce-form-login a.iglr-button').count(), 1, 'My Account login form');
    t.equal(await shopper.locator('.woocommerce-form-register a.iglr-button').count(), 1, 'registration form');
    await shopper.goto(`${site}/checkout/`);
    await shopper.locator('.wc-block-checkout__form .iglr-offer a.iglr-button').waitFor();
    t.pass('Checkout block: the offer is back');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-9-on-checkout-block')}`);
    await shopper.goto(`${site}/cart/`);
    await shopper.locator('.wc-block-cart .iglr-offer a.iglr-button').waitFor();
    t.pass('Cart block: the offer is back');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-10-on-cart-block')}`);
    await shopper.goto(`${site}/wp-login.php`);
    t.equal(await shopper.locator('#loginform a.iglr-button').count(), 1, 'wp-login.php');
  });

  await t.test('the Users list shows who signed in with Instagram', async (t) => {
    await shopper.goto(`${site}/my-account/`);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes');
    await giveEmailAddress(shopper, 'marta@example.com');
    await shopper.waitForURL((url) => url.href.startsWith(`${site}/my-account/`));
    await shopper.locator('.woocommerce-MyAccount-content').waitFor();

    await admin.goto(`${site}/wp-admin/users.php`);
    const handle = admin.locator('td.column-iglr_instagram a');
    t.equal(await admin.locator('th#iglr_instagram').textContent(), 'Instagram', 'the column');
    t.same(await handle.allTextContents(), ['@marta.makes (opens in a new tab)']);
    t.equal(await handle.getAttribute('href'), 'https://www.instagram.com/marta.makes/');
    t.equal(await handle.getAttribute('rel'), 'noopener noreferrer');
    t.match(await admin.locator('tr:has-text("admin@example.com") td.column-iglr_instagram').textContent(), /—/);
    t.comment(`screenshot: ${await screenshot(admin, 'owner-11-users-column')}`);

    await admin.click('.subsubsub a:has-text("Linked to Instagram")');
    await admin.waitForURL(/iglr_linked=1/);
    t.equal(await admin.locator('#the-list tr').count(), 1, 'the view lists only linked users');
    t.match(await admin.locator('.subsubsub .current').textContent(), /Linked to Instagram \(1\)/);
    t.comment(`screenshot: ${await screenshot(admin, 'owner-12-users-linked-view')}`);
    await logOutOfMyAccount(shopper, stack.wordpress);
  });

  await t.test("the report counts the relay's cancels and refusals by day", async (t) => {
    const myAccount = `${site}/my-account/`;
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    const problemPage = (problem: string) => (url: URL) =>
      url.searchParams.get('iglr') === 'sign-in-problem' && url.searchParams.get('problem') === problem;
    await answerInstagram(shopper, 'marta.makes', 'Deny');
    await shopper.waitForURL(problemPage('cancelled'));
    t.equal(await shopper.textContent('h1'), 'You cancelled signing in with Instagram');
    await shopper.goto(myAccount);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'jonas.personal');
    await shopper.waitForURL(problemPage('not_professional'));
    t.equal(await shopper.textContent('h1'), 'Instagram sign-in needs a professional account');

    await admin.goto(settingsPage);
    // The relay's numbers are kept a few minutes; Refresh asks again.
    await Promise.all([admin.waitForURL(/#iglr-sign-ins$/), admin.click('.iglr-report-refresh input[type="submit"]')]);
    const total = (outcome: string) =>
      admin.locator(`.iglr-report-total[data-iglr-outcome="${outcome}"]`).textContent();
    t.equal(await total('cancelled'), '1', 'cancelled on Instagram');
    t.equal(await total('not_professional'), '1', 'refused: personal account');
    t.equal(await total('not_tester'), '0');
    t.equal(await total('failed'), '0');
    // "Succeeded" is this site's own count, which the iglr_signed_in action feeds.
    const today = new Date().toISOString().slice(0, 10);
    const [[stored] = []] = stack.wordpress.query(
      "SELECT option_value FROM wp_options WHERE option_name = 'iglr_sign_in_counts'",
    );
    const counted = new RegExp(`"${today}";i:(\\d+);`).exec(stored ?? '')?.[1] ?? '0';
    t.equal(await total('succeeded'), counted, `succeeded: the site's own count (${counted})`);
    const row = admin.locator(`.iglr-report-table tr[data-iglr-date="${today}"] td`);
    t.same((await row.allTextContents()).slice(1, 4), ['1', '1', '0'], "today's row in the table");
    t.equal(await admin.locator('.iglr-report-chart svg g').count(), 1, 'one day with sign-ins: one bar');
    t.equal(
      await admin.locator('.iglr-report-chart svg g rect').count(),
      counted === '0' ? 2 : 3,
      'stacked by outcome',
    );
    await admin.evaluate('window.scrollTo(0, 0)'); // Refresh came back to #iglr-sign-ins; the full page is shot from the top.
    t.comment(`screenshot: ${await screenshot(admin, 'owner-13-sign-ins-report')}`);
    await admin.locator('.iglr-report-numbers summary').click();
    t.ok(await admin.locator('.iglr-report-table').isVisible(), 'the table opens');
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
