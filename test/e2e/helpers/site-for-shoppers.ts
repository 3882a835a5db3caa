import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoUsers, type FakeUser } from '../../../src/dev/fake-instagram/server.js';
import type { StoreStack } from './stack.js';

/**
 * What the shopper-journey suites add to a test store: Instagram accounts whose pictures the store
 * can download from the fake Instagram's CDN, and a must-use plugin that lets WordPress reach that
 * CDN on loopback and records mail instead of sending it (no mail server here).
 */

/** Professional accounts besides the demo ones, for more new shoppers. */
export const ADA: FakeUser = {
  username: 'ada.bakes',
  userId: '17841400000000333',
  name: 'Ada Lindqvist',
  accountType: 'Business',
};
export const NOAH: FakeUser = {
  username: 'noah.prints',
  userId: '17841400000000777',
  name: 'Noah Okafor',
  accountType: 'Media_Creator',
};

/** The picture URL Instagram gives for a picture file, with the signed, expiring query real URLs carry. */
export function pictureUrl(stack: StoreStack, file: string): string {
  return `${stack.fake.cdnUrl}/v/t51.2885-19/${file}.png?stp=dst-jpg_s150x150&_nc_ht=scontent.cdninstagram.com&oh=00_AYB&oe=67F1A2B3`;
}

/** Gives the demo accounts, Ada and Noah pictures on the fake CDN, one file each (`marta-makes_n`…). */
export function givePictures(stack: StoreStack): void {
  for (const user of [...demoUsers, ADA, NOAH]) {
    stack.fake.addUser({ ...user, profilePictureUrl: pictureUrl(stack, `${user.username.replace('.', '-')}_n`) });
  }
}

/** Installs the must-use plugin: loopback picture downloads allowed, mail recorded in mail.jsonl. */
export function prepareSiteForShoppers(stack: StoreStack): void {
  const port = Number(new URL(stack.fake.url).port);
  const file = join(stack.wordpress.dir, 'wp-content', 'mu-plugins', 'shopper-suites.php');
  writeFileSync(
    file,
    `<?php
/**
 * Plugin Name: Shopper suites (tests only)
 * Description: The fake Instagram's picture CDN listens on loopback, which WordPress's safe HTTP requests refuse; mail is recorded in mail.jsonl instead of sent.
 */
add_filter('http_request_host_is_external', function ($external, $host) {
    return $external || $host === '127.0.0.1';
}, 10, 2);
add_filter('http_allowed_safe_ports', function ($ports) {
    $ports[] = ${port};
    return $ports;
});
add_filter('pre_wp_mail', function ($pre, $mail) {
    file_put_contents(ABSPATH . 'mail.jsonl', json_encode(array('to' => $mail['to'], 'subject' => $mail['subject'])) . "\\n", FILE_APPEND);
    return true;
}, 10, 2);
`,
  );
}

/** The mail WordPress was asked to send, oldest first. */
export function sentMail(stack: StoreStack): { to: string | string[]; subject: string }[] {
  const file = join(stack.wordpress.dir, 'mail.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { to: string | string[]; subject: string });
}

/** Adds PHP to the site as another must-use plugin (a store's own code). */
export function addMustUsePlugin(stack: StoreStack, name: string, php: string): void {
  writeFileSync(join(stack.wordpress.dir, 'wp-content', 'mu-plugins', `${name}.php`), `<?php\n${php}\n`);
}
