import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { addToCart, cartItems, giveEmailAddress, PRODUCT_NAME, signedIn } from './helpers/shopper.js';
import { setUpStore } from './helpers/set-up-store.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(240_000);

/** A store whose Cart and Checkout pages hold the classic [woocommerce_cart] / [woocommerce_checkout] shortcodes. */
t.test('a guest signs in with Instagram at the classic checkout and comes back to it', async (t) => {
  const { stack } = await setUpStore(t, 'classic', { leg: 'classic' });
  const checkout = `${stack.wordpress.url}/checkout/`;

  const shopper = await (await startBrowser(t)).newPage();
  await addToCart(shopper, stack.wordpress);
  await shopper.goto(checkout);
  await shopper.locator('form.checkout').waitFor();
  t.equal(await shopper.locator('.wc-block-checkout').count(), 0, 'the classic checkout, not the block');
  const button = shopper.locator('.iglr-button-wrap:not(.woocommerce-form-login *) a.iglr-button');
  t.equal(await button.count(), 1, 'the button above the checkout form');
  await shopper.waitForLoadState('networkidle'); // the order review refreshes over AJAX
  t.comment(`screenshot: ${await screenshot(shopper, 'classic-1-checkout-guest')}`);

  await button.click();
  await answerInstagram(shopper, 'marta.makes');
  // A new account: its email address first, then on to the checkout.
  await giveEmailAddress(shopper, 'marta@example.com');
  await shopper.waitForURL((url) => url.href.startsWith(checkout));
  await shopper.locator('form.checkout').waitFor();
  t.equal(shopper.url(), checkout, 'back at the checkout, with no "#_" left in the address');
  t.ok(await signedIn(shopper, stack.wordpress), 'signed in');
  t.same(await cartItems(shopper), [PRODUCT_NAME], 'the cart is intact');
  t.equal(await shopper.locator('a.iglr-button').count(), 0, 'no button for a signed-in shopper');
  await shopper.waitForLoadState('networkidle');
  t.comment(`screenshot: ${await screenshot(shopper, 'classic-2-checkout-signed-in')}`);

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
