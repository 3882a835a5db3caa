import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import tap, { type Test } from 'tap';

/**
 * Headless Chromium (Debian's) driven by playwright-core: one browser per
 * test file, and a fresh context (its own cookies and storage, like a separate
 * person's browser) for each actor. Screenshots of each step are kept as
 * artifacts in test-artifacts/e2e/ (CI keeps the folder; git ignores it).
 */
export const ARTIFACTS = fileURLToPath(new URL('../../../../test-artifacts/e2e/', import.meta.url));

let browser: Promise<Browser> | undefined;

function launch(): Promise<Browser> {
  const launched = chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this machine cannot reach.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  tap.teardown(async () => (await launched).close());
  return launched;
}

export async function startBrowser(t: Test): Promise<BrowserContext> {
  browser ??= launch();
  const launched = await browser;
  const context = await bounded(
    'Chromium opening a browser context',
    launched.newContext({ viewport: { width: 1100, height: 800 } }),
  );
  context.setDefaultTimeout(15_000);
  // Playwright gives opening and closing no time limit of their own: a Chromium that stops answering fails
  // the step by name instead of holding the test file until tap's timeout.
  const newPage = context.newPage.bind(context);
  context.newPage = async () => {
    const page = await bounded('Chromium opening a page', newPage());
    const closePage = page.close.bind(page);
    page.close = (options) => bounded('Chromium closing a page', closePage(options));
    return page;
  };
  const closeContext = context.close.bind(context);
  context.close = (options) => bounded('Chromium closing a browser context', closeContext(options));
  t.teardown(() => context.close());
  return context;
}

/** `work`, or an error naming `step` once `ms` have passed: for steps that have no time limit of their own. */
export async function bounded<T>(step: string, work: Promise<T>, ms = 30_000): Promise<T> {
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

/**
 * Clicks a control that loads another page (a form's submit button, a link) and waits until that page
 * has loaded. Waiting for a URL or a load state instead returns at once when the page the control is on
 * already matches (a form that posts back to its own page), and the test would go on, or close the page,
 * while the request is still running.
 */
export async function clickThrough(page: Page, selector: string): Promise<void> {
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await page.click(selector);
  await committed;
  await page.waitForLoadState('load');
}

/** Saves a full-page screenshot as test-artifacts/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
