import { spawnSync } from 'node:child_process';

/**
 * Runs PHP inside a test site's WordPress (its wp-load.php), as WP-CLI would:
 * for setting up what a test needs through WordPress's own API (users,
 * options) without clicking through the admin. Returns what the code echoes.
 */
export function runInWordPress(wordpressDir: string, siteUrl: string, code: string): string {
  const host = new URL(siteUrl).host;
  const script = `$_SERVER['HTTP_HOST'] = ${phpString(host)}; $_SERVER['REQUEST_URI'] = '/';
require ${phpString(`${wordpressDir}/wp-load.php`)};
${code}`;
  // Bounded: a stuck child would block this test process's event loop, and with it every timeout.
  const run = spawnSync('php', ['-r', script], { encoding: 'utf8', timeout: 90_000 });
  if (run.status !== 0) {
    throw new Error(`PHP in WordPress failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
  }
  return run.stdout;
}

/** A PHP single-quoted literal: nothing in it is interpolated. */
export function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A user with a password, made with wp_insert_user(); returns the ID. */
export function createUser(
  wordpressDir: string,
  siteUrl: string,
  login: string,
  password: string,
  role: string,
): number {
  const id = runInWordPress(
    wordpressDir,
    siteUrl,
    `$id = wp_insert_user(array('user_login' => ${phpString(login)}, 'user_pass' => ${phpString(password)},
  'user_email' => ${phpString(`${login}@example.com`)}, 'display_name' => ${phpString(login)}, 'role' => ${phpString(role)}));
if (is_wp_error($id)) { fwrite(STDERR, $id->get_error_message()); exit(1); }
echo $id;`,
  );
  return Number(id);
}
