import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { screenshot, startBrowser } from './helpers/chromium.js';
import { logIn, SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems, startWordPress } from './helpers/wordpress.js';

/**
 * The release zip installs as a store owner installs it: Plugins → Add New →
 * Upload Plugin, on a fresh store without the plugin, then Activate.
 */
const MAKE_ZIP = fileURLToPath(new URL('../../../wp-plugin-stub/bin/make-zip.sh', import.meta.url));

t.setTimeout(180_000);

t.test('the release zip uploads and activates through Plugins → Add New → Upload Plugin', async (t) => {
  const built = spawnSync(MAKE_ZIP, ['--reuse'], { encoding: 'utf8', timeout: 60_000 });
  t.equal(built.status, 0, 'npm run plugin:zip builds it', { output: built.stderr });
  const zip = built.stdout.trim();
  const wordpress = await startWordPress(t, 'upload', { plugin: 'none' });
  t.notOk(existsSync(join(wordpress.dir, 'wp-content/plugins/ig-login-relay')), 'a store without the plugin');
  const page = await (await startBrowser(t)).newPage();
  await logIn(page, wordpress.url);

  await page.goto(`${wordpress.url}/wp-admin/plugin-install.php`);
  await page.click('.upload-view-toggle');
  await page.locator('#pluginzip').waitFor({ state: 'visible' });
  await page.setInputFiles('#pluginzip', zip);
  t.comment(`screenshot: ${await screenshot(page, 'upload-1-upload-plugin')}`);

  await Promise.all([page.waitForURL(/update\.php\?action=upload-plugin/), page.click('#install-plugin-submit')]);
  const installed = (await page.textContent('.wrap')) ?? '';
  t.match(installed, /Plugin installed successfully\./, 'WordPress installed it');
  t.match(installed, /Installing the plugin/, 'from the uploaded file');
  t.comment(`screenshot: ${await screenshot(page, 'upload-2-installed')}`);
  t.ok(existsSync(join(wordpress.dir, 'wp-content/plugins/ig-login-relay/ig-login-relay.php')), 'in its own folder');
  t.notOk(existsSync(join(wordpress.dir, 'wp-content/plugins/ig-login-relay/tests')), 'without the tests');

  await Promise.all([page.waitForURL(/plugins\.php/), page.click('a:has-text("Activate Plugin")')]);
  t.equal(await page.locator('.notice', { hasText: 'Plugin activated.' }).count(), 1, 'WordPress activated it');
  const row = page.locator('tr[data-plugin="ig-login-relay/ig-login-relay.php"]');
  t.match(await row.getAttribute('class'), /\bactive\b/, 'active in the plugin list');
  t.match(await row.textContent(), /Instagram Login Relay/);
  t.comment(`screenshot: ${await screenshot(page, 'upload-3-activated')}`);

  await page.goto(`${wordpress.url}${SETTINGS_PATH}`);
  t.match(await page.textContent('h1'), /Instagram sign-in/, 'its settings page is there');
  t.comment(`screenshot: ${await screenshot(page, 'upload-4-settings')}`);
  t.same(pluginProblems(wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
