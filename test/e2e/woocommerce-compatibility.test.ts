import { join } from 'node:path';
import t from 'tap';
import { ARTIFACTS, screenshot } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { pluginProblems } from './helpers/wordpress.js';

t.setTimeout(240_000);

const PLUGIN = 'ig-login-relay/ig-login-relay.php';

t.test("WooCommerce's admin screens show no incompatibility for the plugin", async (t) => {
  const { stack, admin } = await setUpStore(t, 'compat');
  t.same(
    stack.wordpress.query(
      "SELECT option_value FROM wp_options WHERE option_name = 'woocommerce_custom_orders_table_enabled'",
    ),
    [['yes']],
    'High-Performance Order Storage is on, as on any new store whose plugins are all compatible',
  );

  await t.test('the Plugins screen', async (t) => {
    await admin.goto(`${stack.wordpress.url}/wp-admin/plugins.php`);
    const row = admin.locator(`tr.active[data-plugin="${PLUGIN}"]:not([data-plugin-row-type])`);
    t.equal(await row.count(), 1, 'the plugin is active');
    t.equal(
      await admin.locator(`tr[data-plugin="${PLUGIN}"][data-plugin-row-type="feature-incomp-warn"]`).count(),
      0,
      'no "incompatible with the enabled WooCommerce feature" row under it',
    );
    t.notMatch(await admin.textContent('#wpbody-content'), /incompatible/i, 'no incompatibility notice at all');
    t.comment(`screenshot: ${await screenshot(admin, 'compat-1-plugins-screen')}`);
    await admin.goto(`${stack.wordpress.url}/wp-admin/plugins.php?plugin_status=incompatible_with_feature`);
    t.equal(await admin.locator(`tr[data-plugin="${PLUGIN}"]`).count(), 0, 'not among the incompatible plugins');
  });

  await t.test('WooCommerce → Status', async (t) => {
    await admin.goto(`${stack.wordpress.url}/wp-admin/admin.php?page=wc-status`);
    const row = admin.locator('table.wc_status_table tr', { hasText: 'Instagram Login Relay' });
    await row.first().waitFor();
    const text = (await row.first().textContent()) ?? '';
    t.match(text, /0\.1\.0/, 'listed among the active plugins, with its version');
    t.notMatch(text, /not tested/i, 'tested with this version of WooCommerce');
    // The report is several screens long: keep the Active plugins table.
    const table = admin.locator('table.wc_status_table', {
      has: admin.locator('tr', { hasText: 'Instagram Login Relay' }),
    });
    const path = join(ARTIFACTS, 'compat-2-woocommerce-status.png');
    await table.screenshot({ path });
    t.comment(`screenshot: ${path}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
