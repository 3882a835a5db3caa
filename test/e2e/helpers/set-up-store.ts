import type { Page } from 'playwright-core';
import type { Test } from 'tap';
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
  const stack = await withinTime(
    'starting the relay, WordPress and Chromium',
    120_000,
    startStoreStack(t, name, options),
  );
  const admin = await withinTime('opening a page for the store admin', 30_000, stack.browser.newPage());
  await withinTime('the store admin signing in', 60_000, logIn(admin, stack.wordpress.url));
  await withinTime('the store admin setting the plugin up', 60_000, configurePlugin(admin, stack));
  return { stack, admin };
}

async function withinTime<T>(step: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${step} took longer than ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}
