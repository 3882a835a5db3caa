import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { freeLoopbackPort } from '../../../src/dev/free-port.js';

/**
 * Which WordPress a test runs on (test/wordpress/provision.sh):
 * - main: WordPress 6.8.8 + WooCommerce 10.0.2, Twenty Twenty-Five, the store pages WooCommerce
 *   creates (Cart and Checkout blocks), HPOS on;
 * - classic: the same with the [woocommerce_cart] / [woocommerce_checkout] shortcodes;
 * - minimum: Debian's WordPress 6.1 (the plugin's stated minimum) without WooCommerce.
 */
export type Leg = 'main' | 'classic' | 'minimum';

/**
 * Where the site's plugin comes from (test/wordpress/provision.sh): the release zip, as a store
 * installs it (the default); the working tree itself, symlinked (the PHPUnit suite, which tests the
 * source with its tests/); or nowhere (a site that gets it through the admin's Upload Plugin).
 */
export type PluginSource = 'zip' | 'working-tree' | 'none';

export interface WordPressOptions {
  /** Default: main. */
  leg?: Leg;
  /** Default: zip. */
  plugin?: PluginSource;
}

/**
 * A real WordPress for one test file, copied to a temp dir with its own MariaDB database and this
 * repository's plugin, from its release zip unless asked otherwise (test/wordpress/provision.sh),
 * served by `php -S` with workers.
 */
export interface WordPress {
  leg: Leg;
  /** What browsers use: http://localhost:PORT (another host name than the relay's 127.0.0.1, so cookies stay apart). */
  url: string;
  dir: string;
  /** PHP warnings, notices and errors WordPress logged. */
  debugLog(): string;
  /** Rows of a read-only SQL query on the site's database, for checking what the plugin stored. */
  query(sql: string): string[][];
  /**
   * What stands in front of the site for POSTs to the plugin's REST routes (the relay's webhooks): a
   * firewall answering `status`, a host taking `delayMs` first, or (no rule) nothing.
   */
  edge(rule: { status?: number; delayMs?: number } | null): void;
  close(): Promise<void>;
}

const PROVISION = fileURLToPath(new URL('../../../../test/wordpress/provision.sh', import.meta.url));

export async function startWordPress(t: Test, name: string, options: WordPressOptions = {}): Promise<WordPress> {
  const leg = options.leg ?? 'main';
  const plugin = options.plugin ?? 'zip';
  const started = Date.now();
  const port = await freeLoopbackPort();
  const url = `http://localhost:${port}`;
  const dir = mkdtempSync(join(tmpdir(), `iglr-wp-${name}-`));
  const database = `iglr_e2e_${name.replace(/[^A-Za-z0-9]/g, '_')}_${process.pid}`;
  // Every child run synchronously is bounded: a stuck one would block the event loop, and with it every timeout.
  const provisioned = spawnSync(PROVISION, [dir, database, url, leg, plugin], { encoding: 'utf8', timeout: 240_000 });
  if (provisioned.status !== 0) {
    throw new Error(`provisioning WordPress failed:\n${provisioned.stdout}\n${provisioned.stderr}`);
  }
  // Its own process group: php -S workers outlive a killed parent otherwise. The shell
  // holds the group together and ends it when its stdin closes, which also happens when this test
  // process is killed (a timeout) and no teardown runs.
  const php = `php -S 127.0.0.1:${port} -t '${dir}' '${join(dir, 'router.php')}'`;
  const server: ChildProcess = spawn('sh', ['-c', `${php} & read _; kill 0`], {
    env: { ...process.env, PHP_CLI_SERVER_WORKERS: '4' },
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  await waitForHttp(`${url}/wp-login.php`);
  t.comment(
    `WordPress (${leg} leg, plugin: ${plugin}) provisioned and serving in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const wordpress: WordPress = {
    leg,
    url,
    dir,
    debugLog: () => (existsSync(join(dir, 'debug.log')) ? readFileSync(join(dir, 'debug.log'), 'utf8') : ''),
    query(sql) {
      const result = spawnSync('mariadb', ['--batch', '--skip-column-names', database, '-e', sql], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (result.status !== 0) throw new Error(`query failed: ${result.stderr}`);
      return result.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => line.split('\t'));
    },
    edge(rule) {
      const file = join(dir, 'edge-rules.json');
      if (rule === null) rmSync(file, { force: true });
      else writeFileSync(file, JSON.stringify({ status: rule.status, delay_ms: rule.delayMs }));
    },
    async close() {
      server.stdin?.end();
      if (server.pid !== undefined) {
        try {
          process.kill(-server.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
      spawnSync('mariadb', ['-e', `DROP DATABASE IF EXISTS \`${database}\``], { timeout: 60_000 });
      rmSync(dir, { recursive: true, force: true });
    },
  };
  t.teardown(() => wordpress.close());
  return wordpress;
}

/**
 * The debug.log entries that come from the plugin: PHP notices, warnings, deprecations and errors that
 * name its code, its text domain, or (test/wordpress/mu-plugins/blame-ig-login-relay.php) were raised
 * in WordPress's or WooCommerce's code called from it. An entry is a dated line with the lines after
 * it (a fatal error's stack trace). WordPress's and WooCommerce's own noise on a machine without
 * internet (update checks, WooCommerce's early translation loading) names neither and is left out.
 */
export function pluginProblems(log: string): string[] {
  return log
    .split(/\n(?=\[\d{2}-\w{3}-\d{4} )/)
    .filter((entry) => /PHP (Warning|Notice|Fatal error|Deprecated|Parse error)/.test(entry))
    .filter((entry) => entry.includes('ig-login-relay') || entry.includes('wp-plugin-stub'));
}

async function waitForHttp(url: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      // A time limit per attempt: a port that accepts but never answers must not hang the test.
      if ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening (or answering) yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
