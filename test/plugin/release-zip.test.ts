import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

/**
 * The release zip (npm run plugin:zip, wp-plugin-stub/bin/make-zip.sh): what
 * Plugins → Add New → Upload Plugin installs and the test sites are made from.
 * One top folder ig-login-relay/, every runtime file of the plugin and nothing
 * that is only for its development.
 */
const PLUGIN = fileURLToPath(new URL('../../../wp-plugin-stub/', import.meta.url));
const VERSION = /^ \* Version: *(\S+)$/m.exec(readFileSync(join(PLUGIN, 'ig-login-relay.php'), 'utf8'))?.[1];

function build(pluginDir: string, out: string, options: { reuse?: boolean } = {}): string {
  const run = spawnSync(join(pluginDir, 'bin/make-zip.sh'), [...(options.reuse ? ['--reuse'] : []), out], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`make-zip.sh failed:\n${run.stdout}\n${run.stderr}`);
  return run.stdout.trim();
}

function entries(zip: string): string[] {
  const run = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`unzip: ${run.stderr}`);
  return run.stdout.split('\n').filter((line) => line !== '');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => relative(dir, join(dir, path)));
}

t.test('one top folder with every runtime file, and no tests or development files', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'iglr-zip-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const zip = build(PLUGIN, out);
  t.equal(zip, join(out, `ig-login-relay-${VERSION}.zip`), 'named after the version in the plugin header');

  const files = entries(zip).filter((entry) => !entry.endsWith('/'));
  t.ok(
    entries(zip).every((entry) => entry.startsWith('ig-login-relay/')),
    'everything is under ig-login-relay/',
  );
  const development = (path: string) =>
    path.startsWith('tests/') ||
    path.startsWith('bin/') ||
    path === 'phpunit.xml.dist' ||
    path === 'phpcs.xml.dist' ||
    path.split('/').some((part) => part.startsWith('.'));
  const expected = filesUnder(PLUGIN)
    .filter((path) => !development(path))
    .map((path) => `ig-login-relay/${path}`)
    .sort();
  t.same([...files].sort(), expected, "exactly the plugin's runtime files");
  for (const needed of [
    'ig-login-relay.php',
    'uninstall.php',
    'readme.txt',
    'languages/ig-login-relay.pot',
    'blocks/instagram-sign-in/block.json',
    'blocks/instagram-sign-in/editor.js',
    'includes/iglr-functions.php',
  ]) {
    t.ok(files.includes(`ig-login-relay/${needed}`), needed);
  }
  for (const left of ['tests/bootstrap.php', 'phpunit.xml.dist', 'phpcs.xml.dist', 'bin/make-zip.sh']) {
    t.notOk(files.includes(`ig-login-relay/${left}`), `not ${left}`);
  }
  const unzip = spawnSync('unzip', ['-p', zip, 'ig-login-relay/ig-login-relay.php'], { encoding: 'utf8' });
  t.equal(unzip.stdout, readFileSync(join(PLUGIN, 'ig-login-relay.php'), 'utf8'), 'the files as they are');
});

t.test('--reuse keeps a zip of the same files and rebuilds when one changes', async (t) => {
  const copy = mkdtempSync(join(tmpdir(), 'iglr-zip-plugin-'));
  const out = mkdtempSync(join(tmpdir(), 'iglr-zip-out-'));
  t.teardown(() => {
    rmSync(copy, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  cpSync(PLUGIN, copy, { recursive: true, dereference: true });
  const zip = build(copy, out, { reuse: true });
  const first = statSync(zip);
  t.equal(build(copy, out, { reuse: true }), zip);
  t.equal(statSync(zip).ino, first.ino, 'the same file: not built again');

  appendFileSync(join(copy, 'readme.txt'), '\nA change.\n');
  build(copy, out, { reuse: true });
  t.not(statSync(zip).ino, first.ino, 'built again');
  const readme = spawnSync('unzip', ['-p', zip, 'ig-login-relay/readme.txt'], { encoding: 'utf8' });
  t.match(readme.stdout, /A change\.\n$/, 'with the change');

  appendFileSync(join(copy, 'tests/PluginTest.php'), '\n// A change to a test.\n');
  const before = statSync(zip).ino;
  build(copy, out, { reuse: true });
  t.equal(statSync(zip).ino, before, 'a change to what does not ship does not rebuild it');
});
