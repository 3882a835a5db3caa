import type { Page } from 'playwright-core';
import type { WordPress } from './wordpress.js';

/** What a shopper does and sees in the real WooCommerce store (the main and classic legs). */

/** The one product the test store sells (test/wordpress/install-woocommerce.php). */
export const PRODUCT_NAME = 'Tasting session (online)';

/** Puts the product in this browser's cart, through WooCommerce's own add-to-cart link. */
export async function addToCart(page: Page, wordpress: WordPress): Promise<void> {
  const [[id] = []] = wordpress.query(
    "SELECT ID FROM wp_posts WHERE post_type = 'product' AND post_name = 'tasting-session'",
  );
  if (id === undefined) throw new Error('the test product is missing');
  await page.goto(`${wordpress.url}/?add-to-cart=${id}`);
}

/** The names of the products in this browser's cart, as WooCommerce's Store API reports them. */
export async function cartItems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const cart = (await (await fetch('/wp-json/wc/store/v1/cart', { credentials: 'same-origin' })).json()) as {
      items: { name: string }[];
    };
    return cart.items.map((item) => item.name);
  });
}

/** Whether this browser holds a WordPress login cookie for the site. */
export async function signedIn(page: Page, wordpress: WordPress): Promise<boolean> {
  const cookies = await page.context().cookies(wordpress.url);
  return cookies.some((cookie) => cookie.name.startsWith('wordpress_logged_in_'));
}

/** The text of the error notice WooCommerce shows (block themes print it as a notice banner). */
export async function errorNotice(page: Page): Promise<string | undefined> {
  const notice = page.locator(
    '.wc-block-components-notice-banner.is-error .wc-block-components-notice-banner__content, .woocommerce-error',
  );
  return (await notice.first().textContent())?.trim();
}

/** Signs in with a username and password on My Account's own login form. */
export async function logInToMyAccount(
  page: Page,
  wordpress: WordPress,
  user: string,
  password: string,
): Promise<void> {
  await page.goto(`${wordpress.url}/my-account/`);
  await page.fill('#username', user);
  await page.fill('#password', password);
  await Promise.all([page.waitForSelector('.woocommerce-MyAccount-content'), page.click('button[name="login"]')]);
}

/** The text of the success notice WooCommerce shows. */
export async function successNotice(page: Page): Promise<string | undefined> {
  const notice = page.locator(
    '.wc-block-components-notice-banner.is-success .wc-block-components-notice-banner__content, .woocommerce-message',
  );
  return (await notice.first().textContent())?.trim();
}

/** Signs out through My Account's own "Log out" link. */
export async function logOutOfMyAccount(page: Page, wordpress: WordPress): Promise<void> {
  await page.goto(`${wordpress.url}/my-account/`);
  await page.click('.woocommerce-MyAccount-navigation-link--customer-logout a');
  await page.waitForSelector('.woocommerce-form-login');
}

/** Whether the page is the email address step a new Instagram account is asked to complete. */
export function onEmailStep(url: URL): boolean {
  return url.searchParams.get('iglr') === 'complete-account';
}

/** On the email address step: types the address and continues, as a new Instagram customer does. */
export async function giveEmailAddress(page: Page, email: string): Promise<void> {
  await page.waitForURL(onEmailStep);
  await page.fill('#iglr-email', email);
  await Promise.all([page.waitForURL((url) => !onEmailStep(url)), page.click('button.iglr-primary')]);
}
