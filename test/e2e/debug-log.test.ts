import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { pluginProblems } from './helpers/wordpress.js';

/** The check every WordPress suite ends with: debug.log holds nothing raised from the plugin's code. */
const BLAME = fileURLToPath(new URL('../../../test/wordpress/mu-plugins/blame-ig-login-relay.php', import.meta.url));

t.test("WordPress's and WooCommerce's offline noise passes; the plugin's own problems do not", async (t) => {
  const noise = [
    '[04-Dec-2026 20:25:31 UTC] PHP Notice:  Function _load_textdomain_just_in_time was called <strong>incorrectly</strong>. Translation loading for the <code>woocommerce</code> domain was triggered too early. in /tmp/iglr-wp-x/wp-includes/functions.php on line 6121',
    '[04-Dec-2026 20:25:32 UTC] PHP Warning:  An unexpected error occurred. Something may be wrong with WordPress.org or this server&#8217;s configuration. in /tmp/iglr-wp-x/wp-includes/update.php on line 176',
  ];
  const ours = [
    '[04-Dec-2026 20:25:33 UTC] PHP Warning:  Undefined array key "label" in /work/repo/wp-plugin-stub/includes/class-iglr-sign-in-block.php on line 60',
    '[04-Dec-2026 20:25:34 UTC] PHP Notice:  Function _load_textdomain_just_in_time was called <strong>incorrectly</strong>. Translation loading for the <code>ig-login-relay</code> domain was triggered too early. in /tmp/iglr-wp-x/wp-includes/functions.php on line 6121',
    '[04-Dec-2026 20:25:35 UTC] PHP Fatal error:  Uncaught TypeError: strlen(): Argument #1 must be of type string in /tmp/iglr-wp-x/wp-includes/formatting.php:12\nStack trace:\n#0 /work/repo/wp-plugin-stub/includes/class-iglr-return-target.php(40): strlen()\n#1 {main}',
  ];
  t.same(pluginProblems([...noise, ...ours].join('\n')), ours);
});

t.test('a notice raised in WordPress from the plugin’s code is blamed on the plugin', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'iglr-blame-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, 'plugins', 'ig-login-relay'), { recursive: true });
  // Stand-ins for a WordPress function that raises a deprecation, and for plugin code calling it.
  writeFileSync(
    join(dir, 'core.php'),
    "<?php function core_function() { trigger_error('core_function is deprecated', E_USER_DEPRECATED); }\n",
  );
  writeFileSync(
    join(dir, 'plugins', 'ig-login-relay', 'caller.php'),
    '<?php function plugin_code() { core_function(); }\n',
  );
  const log = join(dir, 'debug.log');
  const run = spawnSync(
    'php',
    [
      '-d',
      'log_errors=1',
      '-d',
      `error_log=${log}`,
      '-d',
      'display_errors=0',
      '-r',
      `define('WP_PLUGIN_DIR', '${dir}/plugins'); require '${BLAME}'; require '${dir}/core.php'; require '${dir}/plugins/ig-login-relay/caller.php'; core_function(); plugin_code();`,
    ],
    { encoding: 'utf8' },
  );
  t.equal(run.status, 0, run.stderr);
  const written = readFileSync(log, 'utf8');
  t.equal(written.match(/core_function is deprecated/g)?.length, 3, 'PHP logs both calls, and the blame line once');
  const problems = pluginProblems(written);
  t.equal(problems.length, 1, 'only the call through the plugin is its problem');
  t.match(
    problems[0],
    /PHP Deprecated raised through ig-login-relay at .*\/plugins\/ig-login-relay\/caller\.php:1: core_function is deprecated/,
  );
});
