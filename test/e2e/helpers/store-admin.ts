import type { Page } from 'playwright-core';
import type { StoreStack } from './stack.js';
import { clickThrough } from './chromium.js';

/** The steps a store admin takes, through the real WordPress admin. */
export const SETTINGS_PATH = '/wp-admin/admin.php?page=ig-login-relay';

export async function logIn(page: Page, wordpressUrl: string, user = 'admin', password = 'adminpass'): Promise<void> {
  await page.goto(`${wordpressUrl}/wp-login.php`);
  // wp-login.php focuses (and may clear) a field 200 ms after load; typing before that loses the password.
  await page.waitForFunction("['user_login', 'user_pass'].includes(document.activeElement?.id)", undefined, {
    polling: 100,
  });
  await page.fill('#user_login', user);
  await page.fill('#user_pass', password);
  await page.click('#wp-submit');
  // WordPress answers a refused login with the form again: report its words rather than a timeout.
  await page.waitForSelector('#wpadminbar, #login_error');
  const refusal = await page.$('#login_error');
  if (refusal) throw new Error(`WordPress refused the login: ${(await refusal.textContent())?.trim()}`);
}

/** Relay URL, store id and secret (from the operator), then the Instagram app ID and secret (sent to the relay). */
export async function configurePlugin(page: Page, stack: StoreStack): Promise<void> {
  await page.goto(`${stack.wordpress.url}${SETTINGS_PATH}`);
  await page.fill('#iglr_relay_url', stack.relay.url);
  await page.fill('#iglr_store_id', stack.store.id);
  await page.fill('#iglr_store_secret', stack.store.secret);
  await clickThrough(page, '#submit');
  await page.fill('#iglr_app_id', stack.igApp.appId);
  await page.fill('#iglr_app_secret', stack.igApp.appSecret);
  await clickThrough(page, 'text=Send to the relay');
  // As with the login: a relay that refused the app settings is reported in its own words, not as a later timeout.
  const refusal = page.locator('.wrap .notice-error').first();
  if (await refusal.count())
    throw new Error(`The relay refused the Instagram app settings: ${await refusal.innerText()}`);
}

/** On the simulated Instagram consent page: pick the account, then Allow or Deny; `before` runs once the page is there. */
export async function answerInstagram(
  page: Page,
  username: string,
  decision: 'Allow' | 'Deny' = 'Allow',
  before?: () => Promise<unknown>,
): Promise<void> {
  await page.waitForSelector('text=Simulated Instagram for development');
  await page.check(`input[name="username"][value="${username}"]`);
  await before?.();
  await Promise.all([page.waitForNavigation(), page.click(`button[name="decision"]:has-text("${decision}")`)]);
}
