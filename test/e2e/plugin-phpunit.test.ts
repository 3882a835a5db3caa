import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { pluginProblems, startWordPress } from './helpers/wordpress.js';

/**
 * The plugin's PHPUnit suite (wp-plugin-stub/tests), run against a freshly
 * provisioned real WordPress with Debian's phpunit, as part of `npm test`.
 * The site runs the working tree's plugin: the suite tests the source, and
 * its tests/ are not in the release zip.
 */
const CONFIG = fileURLToPath(new URL('../../../wp-plugin-stub/phpunit.xml.dist', import.meta.url));

t.setTimeout(180_000);

t.test("the plugin's PHPUnit suite passes in a real WordPress", async (t) => {
  const wordpress = await startWordPress(t, 'phpunit', { plugin: 'working-tree' });
  const run = spawnSync('phpunit', ['-c', CONFIG, '--colors=never'], {
    env: { ...process.env, IGLR_WP_DIR: wordpress.dir },
    encoding: 'utf8',
    timeout: 150_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  t.equal(run.status, 0, 'phpunit exits 0', { output: run.status === 0 ? undefined : output });
  t.match(output, /^OK \(\d+ tests?, \d+ assertions?\)$/m, 'every test passed, none skipped or risky');
  t.comment(`phpunit: ${/^OK \(.*\)$/m.exec(output)?.[0] ?? 'no summary line'}`);
  t.same(pluginProblems(wordpress.debugLog()), [], 'no PHP warning, notice or deprecation from the plugin');
});
