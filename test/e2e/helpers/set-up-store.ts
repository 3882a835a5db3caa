import type { Page } from 'playwright-core';
import type { Test } from 'tap';
import { bounded } from './chromium.js';
import { startStoreStack, type StoreStack } from './stack.js';
import { configurePlugin, logIn } from './store-admin.js';
import type { WordPressOptions } from './wordpress.js';

/**
 * A store ready for shoppers: the whole stack started, and the store admin signed in with the
 * plugin set up (the admin's page stays open for the test). Each step has a time limit of its own,
 * so a step that stalls fails with its name instead of as the test file's timeout.
 */
export async function setUpStore(
  t: Test,
  name: string,
  options: WordPressOptions = {},
): Promise<{ stack: StoreStack; admin: Page }> {
  const stack = await bounded('starting the relay, WordPress and Chromium', startStoreStack(t, name, options), 120_000);
  // Opening a page is bounded by startBrowser() itself.
  const admin = await stack.browser.newPage();
  await bounded('the store admin signing in', logIn(admin, stack.wordpress.url), 60_000);
  await bounded('the store admin setting the plugin up', configurePlugin(admin, stack), 60_000);
  return { stack, admin };
}
