import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The plugin's translation template (wp-plugin-stub/languages/ig-login-relay.pot)
 * must list exactly the strings of the source: it is regenerated with
 * `npm run plugin:pot` (wp-plugin-stub/bin/make-pot.sh) and compared by its
 * messages (context, singular, plural), not by its dates or file references.
 */
const PLUGIN = fileURLToPath(new URL('../../../wp-plugin-stub/', import.meta.url));
const COMMITTED = join(PLUGIN, 'languages/ig-login-relay.pot');

/** A message's identity: its context, singular and plural. */
function messages(pot: string): Set<string> {
  const found = new Set<string>();
  for (const block of pot.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let current: string | undefined;
    for (const line of block.split('\n')) {
      const start = /^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$/.exec(line);
      if (start) {
        current = start[1]!;
        fields[current] = unquote(start[2]!);
      } else if (current !== undefined && /^"(.*)"$/.test(line)) {
        fields[current] += unquote(line.slice(1, -1));
      }
    }
    // The header is the entry whose msgid is empty.
    if (fields.msgid !== undefined && fields.msgid !== '') {
      found.add(JSON.stringify([fields.msgctxt ?? null, fields.msgid, fields.msgid_plural ?? null]));
    }
  }
  return found;
}

function unquote(text: string): string {
  return text.replace(/\\(["\\nt])/g, (_match, escaped: string) =>
    escaped === 'n' ? '\n' : escaped === 't' ? '\t' : escaped,
  );
}

function generate(pluginDir: string): Set<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'iglr-pot-')), 'ig-login-relay.pot');
  const run = spawnSync(join(pluginDir, 'bin/make-pot.sh'), [out], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`make-pot.sh failed:\n${run.stdout}\n${run.stderr}`);
  const pot = readFileSync(out, 'utf8');
  rmSync(join(out, '..'), { recursive: true, force: true });
  return messages(pot);
}

function difference(a: Set<string>, b: Set<string>): string[] {
  return [...a].filter((message) => !b.has(message)).sort();
}

t.test('the committed .pot lists exactly the strings of the source', async (t) => {
  const fresh = generate(PLUGIN);
  const committed = messages(readFileSync(COMMITTED, 'utf8'));
  t.same(difference(fresh, committed), [], 'no string of the source is missing: run npm run plugin:pot');
  t.same(difference(committed, fresh), [], 'no string is left over from older source: run npm run plugin:pot');
});

t.test('the template holds the strings of PHP, JavaScript, block.json and the plugin header', async (t) => {
  const pot = readFileSync(COMMITTED, 'utf8');
  const found = messages(pot);
  const has = (context: string | null, msgid: string, plural: string | null = null) =>
    t.ok(found.has(JSON.stringify([context, msgid, plural])), `${context ?? ''} ${msgid}`);
  has(null, 'Instagram sign-in settings');
  has(null, 'Voided %d unfinished sign-in.', 'Voided %d unfinished sign-ins.');
  has(null, 'Leave empty for “Continue with Instagram”.');
  has('block title', 'Instagram sign-in');
  has('block keyword', 'instagram');
  has(null, 'Instagram Login Relay');
  t.match(
    pot,
    /#\. translators: %d: WordPress user ID\.\n#: includes\/class-iglr-compliance-events\.php\n#, php-format\nmsgid "Unlinked user #%d\."/,
  );
  t.match(pot, /"X-Domain: ig-login-relay\\n"/);
  t.match(pot, /"Content-Type: text\/plain; charset=UTF-8\\n"/);
});

t.test('a string added to the source is found, and the committed .pot is then out of date', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'iglr-pot-copy-'));
  t.teardown(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(PLUGIN, copy, { recursive: true, dereference: true });
  writeFileSync(
    join(copy, 'includes/class-iglr-new-string.php'),
    "<?php\n/* translators: %s: a name. */\nprintf( esc_html__( 'Hello %s, from a new string', 'ig-login-relay' ), 'x' );\n_x( 'Post', 'noun', 'ig-login-relay' );\n",
  );
  writeFileSync(
    join(copy, 'blocks/instagram-sign-in/editor.js'),
    readFileSync(join(copy, 'blocks/instagram-sign-in/editor.js'), 'utf8').replace(
      "__( 'Leave empty for “Continue with Instagram”.', 'ig-login-relay' )",
      "__( 'Button text', 'ig-login-relay' )",
    ),
  );
  const fresh = generate(copy);
  const committed = messages(readFileSync(COMMITTED, 'utf8'));
  t.same(
    difference(fresh, committed),
    [
      JSON.stringify([null, 'Button text', null]),
      JSON.stringify([null, 'Hello %s, from a new string', null]),
      JSON.stringify(['noun', 'Post', null]),
    ].sort(),
  );
  // A string only the block's script had is gone from the fresh template.
  t.same(difference(committed, fresh), [JSON.stringify([null, 'Leave empty for “Continue with Instagram”.', null])]);
});
