import type { Page } from 'playwright-core';
import t from 'tap';
import { bounded, clickThrough, screenshot } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { answerInstagram, SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';
import { runInWordPress } from './helpers/wordpress-php.js';

/**
 * Tools → Site Health shows the plugin's three tests, good and not: the relay
 * answering, webhooks arriving while shoppers sign in, and the expiry of the
 * store's own Instagram token. States that would take minutes or weeks to
 * reach (a relay found down, webhooks quiet for days, a token about to expire)
 * are set through WordPress, as the plugin itself would have recorded them.
 */
t.setTimeout(240_000);

const TESTS = ['iglr_relay_reachable', 'iglr_webhooks_reach_site', 'iglr_store_token'] as const;
type TestId = (typeof TESTS)[number];
type Section = 'critical' | 'recommended' | 'good';
interface Shown {
  section: Section;
  label: string;
  badge: string;
  description: string;
}

/** Opens Site Health, waits for every test, and reads the plugin's results with their details open. */
async function siteHealth(page: Page, url: string): Promise<Record<TestId, Shown>> {
  await page.goto(`${url}/wp-admin/site-health.php`);
  await bounded(
    'Site Health running its tests',
    page.locator('.site-health-progress-wrapper:not(.loading)').waitFor({ state: 'attached' }),
    90_000,
  );
  await page.click('button.site-health-view-passed');
  const shown = {} as Record<TestId, Shown>;
  for (const id of TESTS) {
    const trigger = page.locator(`button[aria-controls="health-check-accordion-block-${id}"]`);
    await trigger.click();
    const section = await trigger.evaluate(
      (button: { closest(selector: string): { id: string } | null }) =>
        button.closest('.site-health-issues-wrapper')?.id.replace('health-check-issues-', '') ?? '',
    );
    shown[id] = {
      section: section as Section,
      label: ((await trigger.locator('.title').textContent()) ?? '').trim(),
      badge: ((await trigger.locator('.badge').textContent()) ?? '').trim(),
      description: (await page.locator(`#health-check-accordion-block-${id}`).textContent()) ?? '',
    };
  }
  // Back to the top: a full-page screenshot of a scrolled page shows the fixed admin bar half-way down.
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  return shown;
}

t.test("Site Health reports the relay, the webhooks and the store's token, good and bad", async (t) => {
  const { stack, admin } = await setUpStore(t, 'site-health');
  const { wordpress } = stack;
  const php = (code: string) => runInWordPress(wordpress.dir, wordpress.url, code);

  // The store's own account, connected as the admin does it; the relay checked by "Test connection" (which
  // WP-Cron also does every five minutes, but the test sites run no WP-Cron).
  await admin.goto(`${wordpress.url}${SETTINGS_PATH}`);
  await admin.click('text=Connect Instagram account');
  await answerInstagram(admin, 'lumen.coffee');
  await admin.waitForURL(/page=ig-login-relay/);
  await clickThrough(admin, 'text=Test connection');
  // The connect sign-in's webhook (claim delivery sends it right after the admin comes back).
  for (let waited = 0; ; waited += 250) {
    if (php("echo (int) get_option('iglr_webhook_last_at');") !== '0') break;
    if (waited > 20_000) throw new Error('the webhook of the connect sign-in did not arrive');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  await t.test('all good', async (t) => {
    const shown = await siteHealth(admin, wordpress.url);
    t.comment(`screenshot: ${await screenshot(admin, 'site-health-1-good')}`);
    t.match(shown.iglr_relay_reachable, {
      section: 'good',
      label: 'The Instagram sign-in relay answers',
      badge: 'Instagram sign-in',
      description: new RegExp(
        `The relay at ${stack.relay.url.replace(/[.]/g, '\\.')} answered its readiness check on `,
      ),
    });
    t.match(shown.iglr_webhooks_reach_site, {
      section: 'good',
      label: 'Instagram sign-in webhooks reach this site',
      description: /The last webhook arrived on /,
    });
    t.match(shown.iglr_store_token, {
      section: 'good',
      label: 'The Instagram access token of @lumen.coffee is valid',
      description: /It is valid until .*The relay refreshes it before then/,
    });
  });

  await t.test('the relay down, webhooks quiet while shoppers sign in, the token expiring within a week', async (t) => {
    php(`update_option('iglr_relay_health', array('ready' => false, 'checked_at' => time()), true);
update_option('iglr_webhook_last_at', time() - 3 * DAY_IN_SECONDS, false);
update_option('iglr_webhook_silence', array('returns' => 3, 'first_return_at' => time() - 2 * HOUR_IN_SECONDS, 'last_return_at' => time() - 10 * MINUTE_IN_SECONDS), false);
$account = get_option('iglr_store_account');
$account['expires_at'] = time() + 3 * DAY_IN_SECONDS;
update_option('iglr_store_account', $account, false);`);
    const shown = await siteHealth(admin, wordpress.url);
    t.comment(`screenshot: ${await screenshot(admin, 'site-health-2-relay-down-webhooks-quiet-token-expiring')}`);
    t.match(shown.iglr_relay_reachable, {
      section: 'critical',
      label: 'The Instagram sign-in relay does not answer',
      description:
        /did not answer its readiness check on .*told that Instagram sign-in is unavailable.*"Test connection" on the settings page checks it again\./s,
    });
    t.match(shown.iglr_webhooks_reach_site, {
      section: 'recommended',
      label: 'No webhook from the Instagram sign-in relay while shoppers sign in',
      description:
        /Shoppers came back from sign-ins Instagram had approved 3 times since .* but the relay's webhooks for them did not arrive\..*The last webhook from the relay arrived on /s,
    });
    t.match(shown.iglr_store_token, {
      section: 'recommended',
      label: /^The Instagram access token of @lumen\.coffee expires on /,
      description:
        /Connect the account again: on the Instagram sign-in settings page, under "The store's Instagram account", choose "Reconnect"/,
    });
  });

  await t.test('the token expired; the relay not checked lately, so Site Health checks it once', async (t) => {
    php(`delete_option('iglr_relay_health');
delete_option('iglr_webhook_silence');
update_option('iglr_webhook_last_at', time(), false);
$account = get_option('iglr_store_account');
$account['expires_at'] = time() - HOUR_IN_SECONDS;
update_option('iglr_store_account', $account, false);`);
    const shown = await siteHealth(admin, wordpress.url);
    t.comment(`screenshot: ${await screenshot(admin, 'site-health-3-token-expired-relay-checked-now')}`);
    t.match(shown.iglr_store_token, {
      section: 'critical',
      label: 'The Instagram access token of @lumen.coffee has expired',
      description: /It expired on .*Instagram does not renew an expired token\..*Connect the account again/s,
    });
    t.match(shown.iglr_relay_reachable, { section: 'good', label: 'The Instagram sign-in relay answers' });
    t.match(
      php("echo wp_json_encode(get_option('iglr_relay_health'));"),
      /^\{"ready":true,"checked_at":\d+\}$/,
      'the check Site Health asked for is kept for the shoppers too',
    );
    t.match(shown.iglr_webhooks_reach_site, { section: 'good' });
  });

  t.same(pluginProblems(wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
