import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import t from 'tap';
import { profilePicturePng } from '../../src/dev/fake-instagram/profile-pictures.js';
import { ARTIFACTS, clickThrough, screenshot, startBrowser } from './helpers/chromium.js';
import { setUpStore } from './helpers/set-up-store.js';
import { logInToMyAccount, logOutOfMyAccount, onEmailStep, successNotice } from './helpers/shopper.js';
import { ADA, NOAH, givePictures, pictureUrl, prepareSiteForShoppers, sentMail } from './helpers/site-for-shoppers.js';
import { answerInstagram, SETTINGS_PATH } from './helpers/store-admin.js';
import { pluginProblems } from './helpers/wordpress.js';
import { createUser } from './helpers/wordpress-php.js';

/**
 * A new shopper's first Instagram sign-in in the real store: the email address step (required,
 * then optional), an address another account already uses, the welcome email, where the store
 * sends shoppers after signing up and in, and their Instagram picture as their avatar, copied to
 * the media library, refreshed when it changes and removed when they unlink.
 */
t.setTimeout(300_000);

t.test('a new shopper completes their account and gets their Instagram picture', async (t) => {
  const { stack, admin } = await setUpStore(t, 'journey');
  const site = stack.wordpress.url;
  const myAccount = `${site}/my-account/`;
  const uploads = `${site}/wp-content/uploads/`;
  prepareSiteForShoppers(stack);
  givePictures(stack);
  stack.fake.addUser({
    username: 'studio.admin',
    userId: '17841400000000555',
    name: 'Lumen Studio',
    accountType: 'Business',
    profilePictureUrl: pictureUrl(stack, 'studio-admin_n'),
  });
  createUser(stack.wordpress.dir, site, 'marta.shop', 'marta-shop-password-1', 'customer');
  createUser(stack.wordpress.dir, site, 'lumen.owner', 'lumen-owner-password-1', 'customer');

  const one = (sql: string) => stack.wordpress.query(sql)[0]?.[0];
  const emailOf = (login: string) =>
    one(`SELECT CONCAT('<', user_email, '>') FROM wp_users WHERE user_login = '${login}'`);
  const userId = (login: string) => one(`SELECT ID FROM wp_users WHERE user_login = '${login}'`);
  const copies = (id: string | undefined) =>
    stack.wordpress.query(
      `SELECT p.ID, p.post_parent, p.post_author FROM wp_posts p JOIN wp_postmeta m ON m.post_id = p.ID AND m.meta_key = '_iglr_picture_of' WHERE m.meta_value = '${id}'`,
    );
  const avatarId = (id: string | undefined) =>
    one(`SELECT meta_value FROM wp_usermeta WHERE user_id = '${id}' AND meta_key = 'iglr_avatar_id'`);
  const fileOf = (attachment: string | undefined) =>
    join(
      stack.wordpress.dir,
      'wp-content/uploads',
      one(`SELECT meta_value FROM wp_postmeta WHERE post_id = '${attachment}' AND meta_key = '_wp_attached_file'`) ??
        '-',
    );
  const signInFromMyAccount = async (page: Page, username: string) => {
    await page.goto(myAccount);
    await page.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(page, username);
  };

  await t.test('the store owner chooses where new and returning shoppers go', async (t) => {
    await admin.goto(`${site}${SETTINGS_PATH}`);
    t.equal(
      await admin.isChecked('input[name="iglr_new_accounts[email_step]"][value="required"]'),
      true,
      'required by default',
    );
    await admin.check('input[name="iglr_new_accounts[redirect_after_sign_in]"][value="my_account"]');
    await admin.check('input[name="iglr_new_accounts[redirect_after_sign_up]"][value="page"]');
    await admin.selectOption('#iglr_redirect_after_sign_up_page', { label: 'Shop' });
    t.same(
      await admin
        .locator('#iglr_new_user_role option')
        .evaluateAll((options: { getAttribute(name: string): string | null }[]) =>
          options.map((option) => option.getAttribute('value')),
        ),
      ['subscriber', 'customer'],
      'only roles that cannot publish or manage anything',
    );
    await admin.evaluate('window.scrollTo(0, 0)');
    t.comment(`screenshot: ${await screenshot(admin, 'journey-0-new-accounts-settings')}`);
    const heading = await admin.locator('h2', { hasText: 'New accounts' }).boundingBox();
    const fields = await admin.locator('#iglr_redirect_after_sign_up_page').boundingBox();
    if (heading && fields) {
      const close = join(ARTIFACTS, 'journey-0-new-accounts-section.png');
      await admin.screenshot({
        path: close,
        fullPage: true,
        clip: { x: 0, y: heading.y - 10, width: 1100, height: fields.y + fields.height + 60 - heading.y },
      });
      t.comment(`screenshot: ${close}`);
    }
    await Promise.all([admin.waitForURL(/settings-updated=true/), admin.click('#submit')]);
    t.equal(
      await admin.isChecked('input[name="iglr_new_accounts[redirect_after_sign_up]"][value="page"]'),
      true,
      'saved',
    );
  });

  const shopper = await (await startBrowser(t)).newPage();
  let stepAfterSignUp = '';

  await t.test('the first sign-in asks for the email address on a page of its own', async (t) => {
    await signInFromMyAccount(shopper, 'marta.makes');
    await shopper.waitForURL(onEmailStep);
    stepAfterSignUp = shopper.url();
    t.equal(
      new URL(stepAfterSignUp).searchParams.get('redirect_to'),
      `${site}/shop/`,
      'then on to the page chosen for new accounts',
    );
    t.equal(await shopper.textContent('h1'), 'Add your email address');
    t.equal(await shopper.textContent('.iglr-card__name'), 'Marta Oliveira');
    t.equal(await shopper.textContent('.iglr-card__handle'), '@marta.makes');
    const picture = await shopper.getAttribute('img.iglr-card__avatar', 'src');
    t.ok(picture?.startsWith(uploads), `the Instagram picture, from the media library (${picture})`);
    t.equal(await shopper.locator('header.wp-block-template-part').count(), 1, "in the theme's header");
    t.equal(await shopper.locator('footer.wp-block-template-part').count(), 1, 'and footer');
    t.equal(await shopper.locator('input#iglr-email[type="email"]').count(), 1, 'one email field');
    t.equal(await shopper.locator('text=Skip for now').count(), 0, 'required: no skipping');
    t.match(await shopper.title(), /^Add your email address/);
    t.equal(emailOf('marta.makes'), '<>', 'no address yet');
    t.same(sentMail(stack), [], 'no welcome email without an address');
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-1-email-step')}`);
  });

  await t.test('required: My Account, checkout and wp-admin wait for the address', async (t) => {
    for (const page of [myAccount, `${site}/checkout/`, `${site}/wp-admin/profile.php`]) {
      await shopper.goto(page);
      await shopper.waitForURL(onEmailStep);
      t.pass(`${new URL(page).pathname} leads to the email step`);
    }
    await shopper.goto(myAccount);
    await shopper.waitForURL(onEmailStep);
    t.equal(new URL(shopper.url()).searchParams.get('redirect_to'), myAccount, 'and back there afterwards');
    t.equal(await shopper.locator('.woocommerce-MyAccount-content').count(), 0);
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-2-my-account-waits')}`);
  });

  await t.test('an address another account uses: sign in to that account and link Instagram there', async (t) => {
    await shopper.goto(stepAfterSignUp);
    await shopper.fill('#iglr-email', 'marta.shop@example.com');
    await clickThrough(shopper, 'button.iglr-primary');
    t.match(await shopper.textContent('.iglr-notice'), /An account on this store already uses this email address/);
    t.equal(await shopper.inputValue('#iglr-email'), 'marta.shop@example.com', 'what was typed stays');
    t.equal(await shopper.locator('button.iglr-sign-in-instead').textContent(), 'Sign in to that account');
    t.equal(emailOf('marta.makes'), '<>', 'not saved');
    t.equal(
      one(`SELECT COUNT(*) FROM wp_usermeta WHERE user_id = '${userId('marta.shop')}' AND meta_key LIKE 'iglr_%'`),
      '0',
      'nothing matched to or merged into the other account',
    );
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-3-email-taken')}`);
  });

  await t.test('a new address is saved, the welcome email goes once, then to the page the store chose', async (t) => {
    await shopper.fill('#iglr-email', 'marta@studio.example');
    await Promise.all([shopper.waitForURL(`${site}/shop/`), shopper.click('button.iglr-primary')]);
    t.equal(emailOf('marta.makes'), '<marta@studio.example>');
    const mail = sentMail(stack);
    t.equal(mail.length, 1, 'one email');
    t.equal(mail[0]?.to, 'marta@studio.example');
    t.match(mail[0]?.subject, /account has been created/, "WooCommerce's new-account email");
    await shopper.goto(myAccount);
    t.match(await shopper.textContent('.woocommerce-MyAccount-content'), /Hello Marta Oliveira/, 'My Account is open');
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-4-after-sign-up')}`);
  });

  await t.test('required: the shopper can always sign out, and is asked again at the next sign-in', async (t) => {
    const noah = await (await startBrowser(t)).newPage();
    await signInFromMyAccount(noah, NOAH.username);
    await noah.waitForURL(onEmailStep);
    await noah.click('a.iglr-sign-out');
    await noah.waitForURL((url) => !url.pathname.startsWith('/wp-login.php') && !onEmailStep(url));
    await noah.goto(myAccount);
    t.equal(await noah.locator('.woocommerce-form-login').count(), 1, 'signed out');
    await signInFromMyAccount(noah, NOAH.username);
    await noah.waitForURL(onEmailStep);
    t.equal(new URL(noah.url()).searchParams.get('redirect_to'), myAccount, 'then where returning shoppers go');
  });

  await t.test('"Sign in to that account" gives the new account up so Instagram links to the old one', async (t) => {
    const lumen = await (await startBrowser(t)).newPage();
    await signInFromMyAccount(lumen, 'lumen.coffee');
    await lumen.waitForURL(onEmailStep);
    await lumen.fill('#iglr-email', 'lumen.owner@example.com');
    await clickThrough(lumen, 'button.iglr-primary');
    await Promise.all([lumen.waitForURL(/iglr_notice=sign_in_to_link/), lumen.click('button.iglr-sign-in-instead')]);
    t.match(await successNotice(lumen), /Sign in to your account, then choose .Link Instagram. on your account page/);
    t.equal(await lumen.locator('.woocommerce-form-login').count(), 1, 'signed out, at the sign-in form');
    t.equal(userId('lumen.coffee'), undefined, 'the account made seconds ago, with nothing in it, is gone');
    t.comment(`screenshot: ${await screenshot(lumen, 'journey-5-sign-in-to-link')}`);

    await logInToMyAccount(lumen, stack.wordpress, 'lumen.owner', 'lumen-owner-password-1');
    await lumen.click('a.iglr-button:has-text("Link Instagram")');
    await answerInstagram(lumen, 'lumen.coffee');
    await lumen.waitForSelector('.iglr-link-offer');
    await Promise.all([lumen.waitForURL(/iglr_notice=linked/), lumen.click('button.iglr-link-confirm')]);
    t.equal(
      one(
        "SELECT user_id FROM wp_usermeta WHERE meta_key = 'iglr_instagram_user_id' AND meta_value = '17841400774391235'",
      ),
      userId('lumen.owner'),
      'linked to the account they had',
    );
  });

  await t.test('optional: the shopper may skip, and My Account reminds them gently', async (t) => {
    await admin.goto(`${site}${SETTINGS_PATH}`);
    await admin.check('input[name="iglr_new_accounts[email_step]"][value="optional"]');
    await Promise.all([admin.waitForURL(/settings-updated=true/), admin.click('#submit')]);

    const ada = await (await startBrowser(t)).newPage();
    await signInFromMyAccount(ada, ADA.username);
    await ada.waitForURL(onEmailStep);
    t.equal(await ada.textContent('.iglr-card__handle'), '@ada.bakes');
    t.comment(`screenshot: ${await screenshot(ada, 'journey-6-optional-step')}`);
    await Promise.all([ada.waitForURL(`${site}/shop/`), ada.click('a.iglr-skip')]);
    await ada.goto(myAccount);
    const reminder = ada.locator('.iglr-email-reminder');
    t.match(await reminder.textContent(), /Add yours so that we can send you order updates/);
    t.ok(onEmailStep(new URL((await reminder.locator('a').getAttribute('href')) as string)), 'it links to the step');
    t.comment(`screenshot: ${await screenshot(ada, 'journey-7-reminder')}`);
    t.same(sentMail(stack).length, 1, 'still no email for an account without an address');
  });

  const marta = userId('marta.makes');

  await t.test('the picture is the avatar on My Account, in the Users list and the admin bar', async (t) => {
    await shopper.goto(myAccount);
    const picture = await shopper.getAttribute('img.iglr-linked-account__picture', 'src');
    t.ok(picture?.startsWith(uploads), `My Account shows the copy (${picture})`);
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-8-my-account-picture')}`);
    const [copy] = copies(marta);
    t.same(copy?.slice(1), ['0', marta], 'one copy, attached to no post, owned by the shopper');
    t.equal(avatarId(marta), copy?.[0], 'iglr_avatar_id');

    await admin.goto(`${site}/wp-admin/users.php`);
    const row = admin.locator('tr', { hasText: 'marta.makes' });
    t.ok((await row.locator('img.avatar').getAttribute('src'))?.startsWith(uploads), 'the Users list');
    t.comment(`screenshot: ${await screenshot(admin, 'journey-9-users-list')}`);

    // The store owner links their own Instagram from their profile: the admin bar shows its picture.
    await admin.goto(`${site}/wp-admin/profile.php`);
    await admin.click('a.iglr-button:has-text("Link Instagram")');
    await answerInstagram(admin, 'studio.admin');
    await admin.waitForSelector('.iglr-link-offer');
    await Promise.all([admin.waitForURL(/iglr_notice=linked/), admin.click('button.iglr-link-confirm')]);
    const barPicture = await admin.getAttribute('#wp-admin-bar-my-account img.avatar', 'src');
    t.ok(barPicture?.startsWith(uploads), `the admin bar (${barPicture})`);
    t.match(
      await admin.textContent('.user-profile-picture'),
      /Your Instagram profile picture/,
      'the profile page says where the picture comes from',
    );
    t.comment(`screenshot: ${await screenshot(admin, 'journey-10-profile')}`);
    await admin.evaluate('window.scrollTo(0, 0)');
    await admin.hover('#wp-admin-bar-my-account');
    await admin.locator('#wp-admin-bar-user-info img.avatar').waitFor();
    const bar = join(ARTIFACTS, 'journey-10-admin-bar.png');
    await admin.screenshot({ path: bar, clip: { x: 650, y: 0, width: 450, height: 160 } });
    t.comment(`screenshot: ${bar}`);
  });

  await t.test('a changed picture is copied again at the next sign-in', async (t) => {
    const before = avatarId(marta);
    const beforeFile = fileOf(before);
    stack.fake.addUser({
      username: 'marta.makes',
      userId: '17841405793187219',
      name: 'Marta Oliveira',
      accountType: 'Media_Creator',
      profilePictureUrl: pictureUrl(stack, 'marta-makes-2_n'),
    });
    await logOutOfMyAccount(shopper, stack.wordpress);
    await shopper.click('.woocommerce-form-login a.iglr-button');
    await answerInstagram(shopper, 'marta.makes');
    await shopper.waitForURL(myAccount, { waitUntil: 'load' }); // The store sends returning shoppers to My Account.
    const after = avatarId(marta);
    t.not(after, before, 'a new copy');
    t.same(
      copies(marta).map((row) => row[0]),
      [after],
      'the old copy is deleted',
    );
    t.notOk(existsSync(beforeFile), 'with its file');
    t.ok(readFileSync(fileOf(after)).equals(profilePicturePng('marta-makes-2_n')), 'the new picture, byte for byte');
    t.ok((await shopper.getAttribute('img.iglr-linked-account__picture', 'src'))?.startsWith(uploads));
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-11-picture-refreshed')}`);
  });

  await t.test('unlinking removes the copy', async (t) => {
    const file = fileOf(avatarId(marta));
    await Promise.all([shopper.waitForURL(/iglr_notice=unlinked/), shopper.click('form.iglr-unlink button')]);
    t.match(await successNotice(shopper), /no longer linked/);
    t.same(copies(marta), [], 'no copy left');
    t.equal(avatarId(marta), undefined, 'no iglr_avatar_id');
    t.notOk(existsSync(file), 'the file is gone');
    t.equal(await shopper.locator('img.iglr-linked-account__picture').count(), 0);
    t.comment(`screenshot: ${await screenshot(shopper, 'journey-12-unlinked')}`);
  });

  t.same(pluginProblems(stack.wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
