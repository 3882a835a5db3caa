import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * wp-plugin-stub/readme.txt as wordpress.org reads it, checked offline: the
 * header agrees with the plugin's own, the short description fits, the
 * sections are there, the screenshots exist, and every function, action and
 * filter of the plugin is documented with an example.
 */
const PLUGIN = fileURLToPath(new URL('../../../wp-plugin-stub/', import.meta.url));
const E2E = fileURLToPath(new URL('../../../test/e2e/', import.meta.url));
const readme = readFileSync(join(PLUGIN, 'readme.txt'), 'utf8');
const pluginHeader = readFileSync(join(PLUGIN, 'ig-login-relay.php'), 'utf8');

/**
 * The readme's numbered screenshots, in order, and the end-to-end screenshot
 * (test-artifacts/e2e/<name>.png) each one is: for wordpress.org, the Nth is
 * uploaded as assets/screenshot-N.png.
 */
const SCREENSHOTS = [
  'shopper-1-my-account',
  'blocks-1-checkout-guest',
  'link-3-confirmation',
  'admin-3-account-connected',
  'site-health-2-relay-down-webhooks-quiet-token-expiring',
  'privacy-3-export-contents',
];

function field(text: string, name: string): string | undefined {
  return new RegExp(`^(?: \\* )?${name}: *(.+)$`, 'm').exec(text)?.[1]?.trim();
}

/** The text of a == Section == up to the next one. */
function section(name: string): string {
  const start = readme.indexOf(`\n== ${name} ==\n`);
  if (start === -1) return '';
  const rest = readme.slice(start + name.length + 7);
  const end = rest.search(/\n== [^=]+ ==\n/);
  return end === -1 ? rest : rest.slice(0, end);
}

t.test('the header agrees with the plugin header and what it is tested with', async (t) => {
  t.match(readme, /^=== Instagram Login Relay ===\n/);
  t.equal(field(readme, 'Stable tag'), field(pluginHeader, 'Version'), 'Stable tag is the plugin version');
  t.equal(field(readme, 'Tested up to'), '6.8');
  t.equal(field(readme, 'Requires at least'), '6.1');
  t.equal(field(pluginHeader, 'Requires at least'), '6.1');
  t.equal(field(readme, 'Requires PHP'), '7.4');
  t.equal(field(pluginHeader, 'Requires PHP'), '7.4');
  t.equal(field(readme, 'License'), field(pluginHeader, 'License'));
  const tags = (field(readme, 'Tags') ?? '').split(',').map((tag) => tag.trim());
  t.ok(tags.length >= 1 && tags.length <= 5, 'one to five tags (wordpress.org shows five)');
});

t.test('the short description fits in 150 characters', async (t) => {
  const headerEnd = readme.indexOf('\n\n', readme.indexOf('License URI:'));
  const short = readme.slice(headerEnd + 2, readme.indexOf('\n', headerEnd + 2));
  t.ok(short.length > 20 && short.length <= 150, `${short.length} characters: ${short}`);
  t.notMatch(short, /^==/, 'it is the line after the header');
});

t.test('the sections wordpress.org shows, in order, and the privacy and developer notes', async (t) => {
  const order = [
    'Description',
    'Installation',
    'Frequently Asked Questions',
    'Screenshots',
    'Changelog',
    'Upgrade Notice',
    'Privacy',
    'For developers',
  ].map((name) => readme.indexOf(`\n== ${name} ==\n`));
  t.notOk(order.includes(-1), 'every section is there');
  t.same(
    order,
    [...order].sort((a, b) => a - b),
    'in order',
  );
  t.match(section('Upgrade Notice'), new RegExp(`^\\n= ${field(pluginHeader, 'Version')} =\\n.+`, 'm'));
  t.match(section('Changelog'), /\n= Unreleased =\n[\s\S]*\n= 0\.1\.0 =\n/);
});

t.test('the FAQ is honest about what Instagram allows', async (t) => {
  const faq = section('Frequently Asked Questions');
  t.match(
    faq,
    /= Can every Instagram user sign in\? =\n\nNo\. Only Instagram \*\*Business and Creator\*\* accounts can/,
  );
  t.match(faq, /= Do I get the shopper's email address\? =\n\nNo\. Instagram does not share email addresses\./);
});

t.test('the privacy notes say what goes to the relay and to Instagram, and what the site keeps', async (t) => {
  const privacy = section('Privacy');
  t.match(privacy, /\*\*Your Instagram sign-in relay\*\*/);
  t.match(privacy, /\*\*Instagram \(Meta\)\*\*/);
  t.match(privacy, /never shares email addresses/);
  t.match(privacy, /Tools → Export Personal Data/);
  t.match(privacy, /Tools → Erase Personal Data/);
  t.match(privacy, /Policy Guide/);
});

t.test('each screenshot is one the end-to-end suites take', async (t) => {
  const captions = [...section('Screenshots').matchAll(/^(\d+)\. .+$/gm)].map((match) => Number(match[1]));
  t.same(
    captions,
    SCREENSHOTS.map((_name, index) => index + 1),
    'numbered from 1, one per screenshot',
  );
  const taken = new Set(
    readdirSync(E2E)
      .filter((name) => name.endsWith('.test.ts'))
      .flatMap((name) => [...readFileSync(join(E2E, name), 'utf8').matchAll(/screenshot\(\s*\w+,\s*'([^']+)'\s*\)/g)])
      .map((match) => match[1]),
  );
  for (const name of SCREENSHOTS) t.ok(taken.has(name), `test-artifacts/e2e/${name}.png is taken`);
});

t.test('every function, action and filter of the plugin is documented with an example', async (t) => {
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? entry.name === 'tests' || entry.name === 'bin'
          ? []
          : sources(join(dir, entry.name))
        : entry.name.endsWith('.php')
          ? [readFileSync(join(dir, entry.name), 'utf8')]
          : [],
    );
  const code = sources(PLUGIN).join('\n');
  const inCode = {
    Action: [...code.matchAll(/do_action\(\s*'(iglr_[a-z_]+)'/g)].map((match) => match[1]!),
    Filter: [...code.matchAll(/apply_filters\(\s*'(iglr_[a-z_]+)'/g)].map((match) => match[1]!),
    Function: [...code.matchAll(/^function (iglr_[a-z_]+)\(/gm)]
      .map((match) => match[1]!)
      .filter((name) => name !== 'iglr_add_hooks'),
  };
  // The names other plugins rely on, whichever part of the plugin fires them.
  const promised = {
    Action: [
      'iglr_signed_in',
      'iglr_user_created',
      'iglr_linked',
      'iglr_unlinked',
      'iglr_store_token_refreshed',
      'iglr_store_token_refresh_failed',
    ],
    Filter: ['iglr_new_user_data', 'iglr_button_html', 'iglr_woocommerce_active'],
    Function: ['iglr_get_store_access_token', 'iglr_get_store_account'],
  };
  const developers = section('For developers');
  for (const kind of ['Action', 'Filter', 'Function'] as const) {
    for (const name of new Set([...promised[kind], ...inCode[kind]])) {
      const heading = kind === 'Function' ? `= ${name}() =` : `= ${kind} ${name} =`;
      const start = developers.indexOf(`\n${heading}\n`);
      t.not(start, -1, `${heading} is documented`);
      const entry = developers.slice(start + heading.length + 2).split(/\n= /)[0] ?? '';
      if (kind !== 'Function') {
        t.match(
          entry.trimStart(),
          new RegExp(`^\`${kind === 'Action' ? 'do_action' : 'apply_filters'}\\( '${name}'`),
          `${name}: its call`,
        );
      }
      t.match(entry, new RegExp(`\\n\\n {4}\\S.*${name}`), `${name}: an example`);
    }
  }
  t.same(
    inCode.Function.sort(),
    [...promised.Function].sort(),
    'the functions for other plugins are the ones promised',
  );
});
