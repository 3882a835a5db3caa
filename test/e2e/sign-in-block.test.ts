import type { Frame, Page } from 'playwright-core';
import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { giveEmailAddress, signedIn } from './helpers/shopper.js';
import { setUpStore } from './helpers/set-up-store.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(300_000);

const HEADER = 'twentytwentyfive//header';

/**
 * What the Site Editor does when it saves a template part: the REST API's template-parts route,
 * called through wp.apiFetch on an admin page (it adds the admin's nonce). The block goes right
 * after the header's navigation.
 */
async function addToHeader(page: Page, block: string): Promise<string> {
  return page.evaluate(
    async ({ id, block }) => {
      type ApiFetch = (options: {
        path: string;
        method?: string;
        data?: object;
      }) => Promise<{ content: { raw: string } }>;
      const { apiFetch } = (globalThis as unknown as { wp: { apiFetch: ApiFetch } }).wp;
      const part = await apiFetch({ path: `/wp/v2/template-parts/${id}?context=edit` });
      const content = part.content.raw.replace(
        /<!-- wp:navigation [^>]*\/-->/,
        (navigation) => `${navigation}\n${block}`,
      );
      const saved = await apiFetch({
        path: `/wp/v2/template-parts/${id}?context=edit`,
        method: 'POST',
        data: { content },
      });
      return saved.content.raw;
    },
    { id: HEADER, block },
  );
}

/** The Site Editor greets a first visit with a guide over the canvas. */
async function closeWelcomeGuide(page: Page): Promise<void> {
  const guide = page.locator('.components-guide');
  try {
    await guide.waitFor({ timeout: 5_000 });
  } catch {
    return; // not shown
  }
  await page.keyboard.press('Escape');
  await guide.waitFor({ state: 'detached' });
}

/** The Site Editor draws the site in an iframe. */
async function editorCanvas(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[name="editor-canvas"]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the editor canvas has no frame');
  return frame;
}

t.test('the Instagram sign-in block, placed in the header of a block theme', async (t) => {
  const { stack, admin } = await setUpStore(t, 'block');

  await t.test('the store admin adds it to the header template part and sees its preview', async (t) => {
    await admin.goto(`${stack.wordpress.url}/wp-admin/site-editor.php`);
    await closeWelcomeGuide(admin);
    const saved = await addToHeader(admin, '<!-- wp:ig-login-relay/sign-in {"label":"Sign in with Instagram"} /-->');
    t.match(saved, /<!-- wp:ig-login-relay\/sign-in \{"label":"Sign in with Instagram"\} \/-->/, 'the header holds it');
    await admin.goto(
      `${stack.wordpress.url}/wp-admin/site-editor.php?postType=wp_template_part&postId=${encodeURIComponent(HEADER)}&canvas=edit`,
    );
    const canvas = await editorCanvas(admin);
    const preview = canvas.locator('.iglr-sign-in-block a.iglr-button');
    await preview.waitFor({ timeout: 30_000 });
    t.equal(await preview.textContent(), 'Sign in with Instagram', 'the editor shows the server-rendered button');
    await closeWelcomeGuide(admin);
    t.comment(`screenshot: ${await screenshot(admin, 'block-1-site-editor-header')}`);
  });

  await t.test('a guest on the shop signs in from the header and is back on the shop', async (t) => {
    const shopper = await (await startBrowser(t)).newPage();
    const shop = `${stack.wordpress.url}/shop/`;
    await shopper.goto(shop);
    const button = shopper.locator('header .iglr-sign-in-block a.iglr-button');
    t.equal(await button.textContent(), 'Sign in with Instagram', 'in the header, with its label');
    t.comment(`screenshot: ${await screenshot(shopper, 'block-2-header-guest')}`);
    await button.click();
    await answerInstagram(shopper, 'marta.makes');
    // A new account: its email address first, then back on the shop.
    await giveEmailAddress(shopper, 'marta@example.com');
    await shopper.waitForURL((url) => url.href.startsWith(shop));
    t.equal(shopper.url(), shop, 'back on the shop page, with no "#_" left in the address');
    t.ok(await signedIn(shopper, stack.wordpress), 'signed in');
    t.equal(await shopper.locator('.iglr-sign-in-block').count(), 0, 'no button for a signed-in shopper');
    t.comment(`screenshot: ${await screenshot(shopper, 'block-3-header-signed-in')}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
