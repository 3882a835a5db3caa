import t from 'tap';
import { buttonLook, saveButtonSettings, STYLES, styleClass } from './helpers/button-settings.js';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { addToCart } from './helpers/shopper.js';
import { SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(240_000);

/** The button's styles and its checkout placement at the classic [woocommerce_checkout], in Twenty Twenty-Five. */
t.test("the owner's button style and checkout placement at the classic checkout", async (t) => {
  const { stack, admin } = await setUpStore(t, 'owner_classic', { leg: 'classic' });
  const checkout = `${stack.wordpress.url}/checkout/`;
  const settingsPage = `${stack.wordpress.url}${SETTINGS_PATH}`;
  const shopper = await (await startBrowser(t)).newPage();
  await addToCart(shopper, stack.wordpress);
  // The button above the checkout form; WooCommerce's login form (behind "Click here to login") holds another.
  const aboveTheForm = shopper.locator('.iglr-button-wrap:not(.woocommerce-form-login *) a.iglr-button');

  await t.test('each style, with AA contrast', async (t) => {
    for (const style of STYLES) {
      await admin.goto(settingsPage);
      await saveButtonSettings(admin, { style });
      await shopper.goto(checkout);
      await shopper.locator('form.checkout').waitFor();
      t.equal(await shopper.locator('.wc-block-checkout').count(), 0, 'the classic checkout, not the block');
      const { className, lowestContrast } = await buttonLook(aboveTheForm);
      t.equal(className, styleClass(style), style);
      t.ok(lowestContrast >= 4.5, `${style}: contrast ${lowestContrast.toFixed(2)}:1 is at least 4.5:1`);
      t.equal(
        await shopper.getByRole('link', { name: 'Continue with Instagram' }).first().getAttribute('class'),
        styleClass(style),
        `${style}: named "Continue with Instagram" for assistive technology`,
      );
      await shopper.waitForLoadState('networkidle'); // the order review refreshes over AJAX
      t.comment(`screenshot: ${await screenshot(shopper, `owner-classic-1-checkout-style-${style}`)}`);
    }
  });

  await t.test('checkout switched off: no button at the classic checkout, not even in its login form', async (t) => {
    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { placements: { checkout: false } });
    await shopper.goto(checkout);
    await shopper.locator('form.checkout').waitFor();
    await shopper.click('.showlogin');
    await shopper.locator('form.woocommerce-form-login').waitFor();
    t.equal(await shopper.locator('a.iglr-button').count(), 0, 'none');
    await shopper.waitForLoadState('networkidle');
    t.comment(`screenshot: ${await screenshot(shopper, 'owner-classic-2-checkout-off')}`);
    await shopper.goto(`${stack.wordpress.url}/my-account/`);
    t.equal(await shopper.locator('.woocommerce-form-login a.iglr-button').count(), 1, 'My Account keeps its button');

    await admin.goto(settingsPage);
    await saveButtonSettings(admin, { placements: { checkout: true } });
    await shopper.goto(checkout);
    await shopper.locator('form.checkout').waitFor();
    t.equal(await aboveTheForm.count(), 1, 'on again: above the form');
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
