import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The WordPress Coding Standards, whole, over the plugin's own code
 * (wp-plugin-stub/phpcs.xml.dist): PHP_CodeSniffer with WPCS from the archive
 * beside the repository (../shared/vendor/) or the one IGLR_PHPCS_ARCHIVE names.
 */
const PLUGIN = fileURLToPath(new URL('../../../wp-plugin-stub/', import.meta.url));
const VENDOR = fileURLToPath(new URL('../../../../shared/vendor/', import.meta.url));

function archive(): string {
  const named = process.env.IGLR_PHPCS_ARCHIVE;
  if (named) return named;
  const found = existsSync(VENDOR)
    ? readdirSync(VENDOR).find((name) => /^phpcs-.*-wpcs-.*\.tar\.gz$/.test(name))
    : undefined;
  if (!found)
    throw new Error(`no PHP_CodeSniffer archive: set IGLR_PHPCS_ARCHIVE or put phpcs-*-wpcs-*.tar.gz in ${VENDOR}`);
  return join(VENDOR, found);
}

const unpacked = mkdtempSync(join(tmpdir(), 'iglr-phpcs-'));
t.teardown(() => rmSync(unpacked, { recursive: true, force: true }));
const untar = spawnSync('tar', ['-xzf', archive(), '-C', unpacked], { encoding: 'utf8' });
if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
const tools = join(unpacked, 'phpcs-wpcs');

function phpcs(directory: string) {
  const run = spawnSync(
    'php',
    [
      join(tools, 'phpcs/bin/phpcs'),
      '--runtime-set',
      'installed_paths',
      ['wpcs', 'utils', 'extra'].map((name) => join(tools, name)).join(','),
      '--standard=' + join(directory, 'phpcs.xml.dist'),
      '--report=full',
      '-q',
      '--no-colors',
      directory,
    ],
    { cwd: directory, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

t.test('the plugin passes the whole WordPress ruleset: no error, no warning', async (t) => {
  const run = phpcs(PLUGIN);
  t.equal(run.output.trim(), '', 'phpcs reports nothing', { output: run.output });
  t.equal(run.status, 0, 'phpcs exits 0');
});

t.test('the gate catches a violation (unescaped output in a copy of the plugin)', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'iglr-phpcs-copy-'));
  t.teardown(() => rmSync(copy, { recursive: true, force: true }));
  cpSync(PLUGIN, copy, { recursive: true, dereference: true });
  writeFileSync(
    join(copy, 'includes/class-iglr-unescaped.php'),
    "<?php\n/**\n * Unescaped.\n *\n * @package ig-login-relay\n */\n\necho $_GET['x'];\n",
  );
  const run = phpcs(copy);
  t.not(run.status, 0, 'phpcs fails');
  t.match(run.output, /WordPress\.Security\.EscapeOutput\.OutputNotEscaped/, 'names the unescaped output');
});
