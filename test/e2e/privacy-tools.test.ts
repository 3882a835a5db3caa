import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t from 'tap';
import { bounded, clickThrough, screenshot, startBrowser } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { giveEmailAddress } from './helpers/shopper.js';
import { answerInstagram } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';
import { runInWordPress } from './helpers/wordpress-php.js';

/**
 * WordPress's privacy tools for a shopper who signed up with Instagram and
 * later gave My Account an email address: Tools → Export Personal Data
 * hands over what the plugin keeps about them, Tools → Erase Personal Data
 * removes it, and Settings → Privacy → Policy guide offers the plugin's text.
 */
t.setTimeout(180_000);

const EMAIL = 'marta@example.com';

/** Adds a request for the shopper's address on a privacy tools screen, confirmed without an email. */
async function addRequest(page: Page, screen: string): Promise<void> {
  await page.goto(screen);
  await page.fill('#username_or_email_for_privacy_request', EMAIL);
  await page.uncheck('#send_confirmation_email');
  await clickThrough(page, '#submit');
  await page.locator('tr', { hasText: EMAIL }).waitFor();
}

t.test("a shopper's Instagram data is exported and erased through Tools", async (t) => {
  const { stack, admin } = await setUpStore(t, 'privacy');
  const { wordpress } = stack;

  // The shopper signs up with Instagram, gives an email address on the step that follows, then their name on My Account.
  const shopper = await (await startBrowser(t)).newPage();
  await shopper.goto(`${wordpress.url}/my-account/`);
  await shopper.click('.woocommerce-form-login a.iglr-button');
  await answerInstagram(shopper, 'marta.makes');
  await giveEmailAddress(shopper, EMAIL);
  await shopper.waitForURL(`${wordpress.url}/my-account/**`);
  await shopper.goto(`${wordpress.url}/my-account/edit-account/`);
  await shopper.fill('#account_first_name', 'Marta');
  await shopper.fill('#account_last_name', 'Oliveira');
  await shopper.fill('#account_email', EMAIL);
  await clickThrough(shopper, 'button[name="save_account_details"]');
  t.comment(`screenshot: ${await screenshot(shopper, 'privacy-1-shopper-added-an-email')}`);
  const [[userId, login] = []] = wordpress.query(`SELECT ID, user_login FROM wp_users WHERE user_email = '${EMAIL}'`);
  t.equal(login, 'marta.makes', 'the account sign-up made, named after the Instagram username');

  // The media library copy of the Instagram picture, as the sign-in keeps it (iglr_avatar_id).
  const picture = runInWordPress(
    wordpress.dir,
    wordpress.url,
    `$user_id = ${Number(userId)};
if (!get_user_meta($user_id, 'iglr_avatar_id', true)) {
  $image = imagecreatetruecolor(64, 64);
  imagefill($image, 0, 0, imagecolorallocate($image, 214, 41, 118));
  ob_start(); imagepng($image); $png = ob_get_clean();
  $upload = wp_upload_bits('instagram-marta-makes.png', null, $png);
  $id = wp_insert_attachment(array('post_mime_type' => 'image/png', 'post_title' => 'Instagram picture of @marta.makes', 'post_status' => 'inherit', 'post_author' => $user_id), $upload['file']);
  update_user_meta($user_id, 'iglr_avatar_id', $id);
}
$id = (int) get_user_meta($user_id, 'iglr_avatar_id', true);
echo $id, "\\n", get_attached_file($id), "\\n", wp_get_attachment_url($id);`,
  ).split('\n');
  const [avatarId, avatarFile, avatarUrl] = picture as [string, string, string];
  t.ok(existsSync(avatarFile), 'the picture is in the media library');

  await t.test('Tools → Export Personal Data includes the Instagram link, picture and log lines', async (t) => {
    await addRequest(admin, `${wordpress.url}/wp-admin/export-personal-data.php`);
    const row = admin.locator('tr', { hasText: EMAIL });
    await row.hover();
    const [download] = await Promise.all([
      admin.waitForEvent('download', { timeout: 60_000 }),
      row.locator('.row-actions .export-personal-data-idle .export-personal-data-handle').click(),
    ]);
    await row.locator('.export-personal-data-success').first().waitFor({ state: 'visible' });
    t.comment(`screenshot: ${await screenshot(admin, 'privacy-2-export-requested')}`);

    const unpacked = mkdtempSync(join(tmpdir(), 'iglr-export-'));
    t.teardown(() => rmSync(unpacked, { recursive: true, force: true }));
    const zip = join(unpacked, 'export.zip');
    await download.saveAs(zip);
    const unzip = spawnSync('unzip', ['-q', zip, '-d', unpacked], { encoding: 'utf8' });
    t.equal(unzip.status, 0, 'the export is a zip', { output: unzip.stderr });
    // export.json: { "Personal Data Export for …": { group id: { group_label, items: { item id: [ { name, value } ] } } } }
    type Group = { group_label: string; items: Record<string, { name: string; value: string }[]> };
    const report = JSON.parse(readFileSync(join(unpacked, 'export.json'), 'utf8')) as Record<
      string,
      Record<string, Group>
    >;
    const groups = Object.values(report)[0]!;
    const fields = (group: string, item: string) =>
      Object.fromEntries((groups[group]?.items[item] ?? []).map(({ name, value }) => [name, value]));
    const instagram = groups['iglr-instagram'];
    t.equal(instagram?.group_label, 'Instagram sign-in');
    const link = fields('iglr-instagram', 'iglr-instagram-link');
    t.same(
      Object.keys(link),
      [
        'Instagram user ID',
        'Instagram app-scoped user ID',
        'Instagram username',
        'Linked by',
        'Linked on',
        'Profile fields filled from Instagram at sign-up',
        'Profile picture copied from Instagram',
      ],
      'the link, its IDs, the username and the picture',
    );
    t.equal(link['Instagram user ID'], '17841405793187219');
    t.match(link['Instagram app-scoped user ID'], /^\d{5,}$/);
    t.equal(link['Instagram username'], '@marta.makes');
    t.equal(link['Linked by'], 'Signing up with Instagram (this account was created then)');
    t.equal(link['Profile fields filled from Instagram at sign-up'], 'Username, Nickname, Display name');
    t.equal(link['Profile picture copied from Instagram'], avatarUrl);
    const log = Object.keys(groups['iglr-delivery-log']?.items ?? {}).map((item) => fields('iglr-delivery-log', item));
    // Newest first: the sign-in, and its event, which came by webhook or was claimed from the relay.
    t.match(
      log.map((entry) => [entry.Event, entry.Detail]),
      [
        ['signed_in', `user #${userId} @marta.makes`],
        [/^webhook_(stored|claimed)$/, 'login @marta.makes'],
      ],
      'the delivery log lines naming the shopper, and no other',
    );
    t.equal(log.length, 2);

    // The export as the shopper gets it.
    const exportPage = await admin.context().newPage();
    await exportPage.goto(`file://${join(unpacked, 'index.html')}`);
    t.match(await exportPage.textContent('body'), /Instagram sign-in.*17841405793187219/s);
    t.comment(`screenshot: ${await screenshot(exportPage, 'privacy-3-export-contents')}`);
    await exportPage.close();
  });

  await t.test('Tools → Erase Personal Data removes it and says what it did', async (t) => {
    await addRequest(admin, `${wordpress.url}/wp-admin/erase-personal-data.php`);
    const row = admin.locator('tr', { hasText: EMAIL });
    await row.locator('td.column-next_steps .remove-personal-data-idle .remove-personal-data-handle').click();
    const results = admin.locator('tr.request-results');
    await bounded('the erasers running', results.waitFor(), 60_000);
    const text = (await results.textContent()) ?? '';
    t.comment(`screenshot: ${await screenshot(admin, 'privacy-4-erased')}`);
    for (const message of [
      'Deleted the profile picture copied from Instagram.',
      'Unlinked the Instagram account and deleted its IDs and username.',
      `Replaced the username, nickname, and display name copied from Instagram with user-${userId}.`,
      "Removed this user's ID and Instagram username from 2 entries of the Instagram sign-in delivery log.",
    ]) {
      t.ok(text.includes(message), message);
    }

    t.same(
      wordpress.query(
        `SELECT meta_key FROM wp_usermeta WHERE user_id = ${Number(userId)} AND meta_key LIKE 'iglr\\_%'`,
      ),
      [],
      'no iglr_ user meta is left',
    );
    t.same(wordpress.query(`SELECT ID FROM wp_posts WHERE ID = ${Number(avatarId)}`), [], 'the picture is deleted');
    t.notOk(existsSync(avatarFile), 'and its file');
    t.same(
      wordpress.query(`SELECT user_login, user_email FROM wp_users WHERE ID = ${Number(userId)}`),
      [[`user-${userId}`, EMAIL]],
      'the account stays, no longer named after the Instagram username',
    );
    const details = JSON.parse(
      runInWordPress(
        wordpress.dir,
        wordpress.url,
        "echo wp_json_encode(array_column(get_option('iglr_delivery_log'), 'detail', 'code'));",
      ),
    ) as Record<string, string>;
    t.equal(details.signed_in, 'user #[deleted] @[deleted]', 'the log lines stay, without the name');
    t.equal(details.webhook_stored ?? details.webhook_claimed, 'login @[deleted]');

    // Back at the settings page, the site's own log shows the line without the shopper.
    await admin.goto(`${wordpress.url}/wp-admin/admin.php?page=ig-login-relay`);
    t.notMatch(await admin.textContent('body'), /marta\.makes/);
  });

  await t.test('Settings → Privacy → Policy guide offers the suggested text', async (t) => {
    await admin.goto(`${wordpress.url}/wp-admin/options-privacy.php?tab=policyguide`);
    const trigger = admin.locator('button.privacy-settings-accordion-trigger', { hasText: 'Instagram Login Relay' });
    await trigger.click();
    const panel = admin.locator(`#${await trigger.getAttribute('aria-controls')}`);
    await panel.waitFor({ state: 'visible' });
    const text = (await panel.textContent()) ?? '';
    t.match(text, /Suggested text:/);
    t.match(text, /Only Instagram Business and Creator accounts can do this/);
    t.match(text, /Instagram never shares your email address or your password\./);
    t.match(text, /We keep these until you unlink Instagram from your account/);
    await trigger.scrollIntoViewIfNeeded();
    t.comment(`screenshot: ${await screenshot(admin, 'privacy-5-policy-guide')}`);
  });

  t.same(pluginProblems(wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
