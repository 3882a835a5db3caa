import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { addToCart, cartItems, giveEmailAddress, PRODUCT_NAME, signedIn } from './helpers/shopper.js';
import { setUpStore } from './helpers/set-up-store.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(300_000);

/** WooCommerce's Checkout and Cart blocks (the pages a new store gets), in Twenty Twenty-Five. */
t.test('guests sign in with Instagram from the Checkout and Cart blocks and come back there', async (t) => {
  const { stack } = await setUpStore(t, 'blocks');
  const checkout = `${stack.wordpress.url}/checkout/`;
  const cart = `${stack.wordpress.url}/cart/`;

  await t.test('at the block checkout: before the email step, then back at checkout with the cart', async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    await addToCart(shopper, stack.wordpress);
    await shopper.goto(checkout);
    const offer = shopper.locator('.wc-block-checkout__form .iglr-offer');
    await offer.waitFor();
    t.equal(await offer.locator('a.iglr-button').textContent(), 'Continue with Instagram');
    const [offerBox, emailBox] = [await offer.boundingBox(), await shopper.locator('input#email').boundingBox()];
    t.ok(offerBox && emailBox && offerBox.y + offerBox.height <= emailBox.y, 'it comes before the email step');
    t.comment(`screenshot: ${await screenshot(shopper, 'blocks-1-checkout-guest')}`);

    await offer.locator('a.iglr-button').click();
    await answerInstagram(shopper, 'marta.makes');
    // A new account: its email address first, then on to the checkout.
    await giveEmailAddress(shopper, 'marta@example.com');
    await shopper.waitForURL((url) => url.href.startsWith(checkout));
    await shopper.locator('.wc-block-checkout__form').waitFor();
    t.equal(shopper.url(), checkout, 'back at the checkout, with no "#_" left in the address');
    t.ok(await signedIn(shopper, stack.wordpress), 'signed in');
    t.same(await cartItems(shopper), [PRODUCT_NAME], 'the cart is intact');
    t.equal(await shopper.locator('.iglr-offer').count(), 0, 'no Instagram offer for a signed-in shopper');
    t.comment(`screenshot: ${await screenshot(shopper, 'blocks-2-checkout-signed-in')}`);
  });

  await t.test("through WooCommerce's Log in link at checkout, back at checkout", async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    await addToCart(shopper, stack.wordpress);
    await shopper.goto(checkout);
    await Promise.all([shopper.waitForURL(/redirect_to=/), shopper.click('.wc-block-checkout__login-prompt')]);
    t.match(new URL(shopper.url()).searchParams.get('redirect_to'), checkout, 'WooCommerce asks to come back');
    t.comment(`screenshot: ${await screenshot(shopper, 'blocks-3-log-in-link')}`);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes');
    await shopper.waitForURL((url) => url.href.startsWith(checkout));
    t.equal(shopper.url(), checkout, 'back at the checkout');
    t.same(await cartItems(shopper), [PRODUCT_NAME], 'the cart is intact');
  });

  await t.test('in the Cart block: under "Proceed to Checkout", then back at the cart', async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    await addToCart(shopper, stack.wordpress);
    await shopper.goto(cart);
    const offer = shopper.locator(
      '.wc-block-cart__submit-container ~ .iglr-offer, .wp-block-woocommerce-proceed-to-checkout-block ~ .iglr-offer, .wc-block-cart .iglr-offer',
    );
    await offer.first().waitFor();
    t.equal(await offer.count(), 1, 'one offer');
    t.comment(`screenshot: ${await screenshot(shopper, 'blocks-4-cart-guest')}`);
    await offer.locator('a.iglr-button').click();
    await answerInstagram(shopper, 'lumen.coffee');
    await giveEmailAddress(shopper, 'lumen@example.com');
    await shopper.waitForURL((url) => url.href.startsWith(cart));
    await shopper.locator('.wc-block-cart').waitFor();
    t.equal(shopper.url(), cart, 'back at the cart, with no "#_" left in the address');
    t.ok(await signedIn(shopper, stack.wordpress), 'signed in');
    t.same(await cartItems(shopper), [PRODUCT_NAME], 'the cart is intact');
    t.equal(await shopper.locator('.iglr-offer').count(), 0, 'no Instagram offer for a signed-in shopper');
    t.comment(`screenshot: ${await screenshot(shopper, 'blocks-5-cart-signed-in')}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
