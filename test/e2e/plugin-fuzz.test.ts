import { request } from 'node:http';
import fc from 'fast-check';
import t from 'tap';
import { bodyArb, encodeComponent, headersArb, hostile, queryArb, SEED, wrongType } from '../fuzz/support.js';
import { startWordPress } from './helpers/wordpress.js';
import { createUser, runInWordPress } from './helpers/wordpress-php.js';

/**
 * The plugin's public entry points fuzzed in a real WordPress, as the relay's
 * fuzz suite does for the relay: ?iglr=start, ?iglr=return (with forged
 * sign-in cookies), the email address step (its page and forms, for a new
 * Instagram account and others), the refusal pages, the webhook route, the admin-post link and unlink forms
 * (signed out and signed in), wp-login.php's button and the message codes.
 * Every answer must be below 500, redirect only to this site or the relay,
 * echo no markup it was sent, and leave no PHP error, warning, notice or
 * deprecation from the plugin in debug.log.
 */
const RUNS = Math.max(300, Number(process.env.FUZZ_PLUGIN_RUNS ?? 0) || 0);
const PARALLEL = 4; // php -S serves with four workers
const RELAY = 'http://127.0.0.1:9';

interface Probe {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

t.setTimeout(280_000);

t.test("the plugin's public entry points never fail on bad input", async (t) => {
  const wordpress = await startWordPress(t, 'fuzz');
  const port = Number(new URL(wordpress.url).port);
  runInWordPress(
    wordpress.dir,
    wordpress.url,
    `update_option(Iglr_Keys::OPTION_SETTINGS, array('relay_url' => '${RELAY}', 'store_id' => 'lumen',
  'store_secret' => Iglr_Crypto::encrypt('whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=', Iglr_Settings::SECRET_CONTEXT)));`,
  );
  createUser(wordpress.dir, wordpress.url, 'fuzzy', 'fuzzy-password-1', 'subscriber');
  const session = await signIn(port, 'fuzzy', 'fuzzy-password-1');
  // An account Instagram sign-up made, still without an email address: the one the email step serves.
  runInWordPress(
    wordpress.dir,
    wordpress.url,
    `$user = (new Iglr_User_Links())->create_user(array('instagram_user_id' => '17841400000000999', 'username' => 'fuzz.insta'));
wp_set_password('fuzz-insta-password-1', $user->ID);`,
  );
  const newAccount = await signIn(port, 'fuzz.insta', 'fuzz-insta-password-1');

  const cookieArb = fc.oneof(
    fc.constant(''),
    fc
      .tuple(fc.stringMatching(/^[0-9a-f]{32}$/), hostile)
      .map(([hash, value]) => `iglr_pending_${hash}=${encodeComponent(value)}`),
    fc.tuple(hostile, hostile).map(([name, value]) => `${encodeComponent(name)}=${encodeComponent(value)}`),
  );
  const formArb = (names: readonly string[]) =>
    fc.oneof(
      { weight: 4, arbitrary: queryArb(names) },
      { weight: 1, arbitrary: fc.dictionary(fc.constantFrom(...names), wrongType).map((v) => JSON.stringify(v)) },
    );
  const entryPoints: Record<string, fc.Arbitrary<Probe>> = {
    '?iglr=start': fc
      .tuple(queryArb(['purpose', 'redirect_to', '_wpnonce', 'iglr']), fc.boolean())
      .map(([query, signedIn]) => ({
        method: 'GET',
        path: `/?iglr=start&${query}`,
        headers: cookieHeader(signedIn ? session : ''),
      })),
    '?iglr=return': fc
      .tuple(queryArb(['igr_state', 'igr_login', 'igr_error', 'iglr']), cookieArb)
      .map(([query, cookie]) => ({
        method: 'GET',
        path: `/?iglr=return&${query}`,
        headers: cookieHeader(cookie),
      })),
    'POST /wp-json/ig-login-relay/v1/webhook': fc
      .tuple(
        bodyArb(fc.record({ type: hostile, timestamp: hostile, data: wrongType })),
        headersArb,
        queryArb(['webhook-id']),
      )
      .map(([body, headers, query]) => ({
        method: 'POST',
        path: `/wp-json/ig-login-relay/v1/webhook${query === '' ? '' : `?${query}`}`,
        headers: { ...headers, ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }) },
        body: body.payload,
      })),
    'admin-post.php link and unlink forms': fc
      .tuple(
        fc.constantFrom('iglr_unlink', 'iglr_link_decision', 'iglr_test_connection', 'iglr_save_instagram_app'),
        formArb([
          'redirect_to',
          'decision',
          'iglr_unlink_nonce',
          'iglr_link_decision_nonce',
          '_wpnonce',
          'app_id',
          'scopes',
          'api',
        ]),
        fc.boolean(),
      )
      .map(([action, form, signedIn]) => ({
        method: 'POST',
        path: '/wp-admin/admin-post.php',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...cookieHeader(signedIn ? session : '') },
        body: `action=${action}&${form}`,
      })),
    '?iglr=complete-account and its forms': fc
      .tuple(
        queryArb(['redirect_to', 'iglr']),
        formArb(['iglr_email_step', 'iglr_email', 'iglr_email_step_nonce', 'iglr_handover_nonce', 'redirect_to']),
        fc.constantFrom('', 'fuzzy', 'new account'),
        fc.boolean(),
      )
      .map(([query, form, who, post]) => ({
        method: post ? 'POST' : 'GET',
        path: `/?iglr=complete-account&${query}`,
        headers: {
          ...(post ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...cookieHeader(who === 'fuzzy' ? session : who === 'new account' ? newAccount : ''),
        },
        ...(post ? { body: form } : {}),
      })),
    '?iglr=sign-in-problem': fc
      .tuple(queryArb(['problem', 'purpose', 'redirect_to', 'iglr_handle', 'iglr_handle_sig', 'iglr']), fc.boolean())
      .map(([query, signedIn]) => ({
        method: 'GET',
        path: `/?iglr=sign-in-problem&${query}`,
        headers: cookieHeader(signedIn ? session : ''),
      })),
    'wp-login.php with the button': fc.string({ unit: 'binary', maxLength: 300 }).map((redirect) => ({
      method: 'GET',
      path: `/wp-login.php?redirect_to=${encodeComponent(redirect)}`,
      headers: {},
    })),
    'message codes on any page': fc
      .tuple(queryArb(['iglr_error', 'iglr_notice']), fc.boolean())
      .map(([query, signedIn]) => ({
        method: 'GET',
        path: `/my-account/?${query}`,
        headers: cookieHeader(signedIn ? session : ''),
      })),
  };

  for (const [name, arbitrary] of Object.entries(entryPoints)) {
    await t.test(name, async (t) => {
      const probes = fc.sample(arbitrary, { numRuns: RUNS, seed: SEED });
      const logBefore = wordpress.debugLog().length;
      const problems: string[] = [];
      for (let next = 0; next < probes.length; next += PARALLEL) {
        const batch = probes.slice(next, next + PARALLEL);
        const answers = await Promise.all(batch.map((probe) => send(port, probe)));
        answers.forEach((answer, index) => {
          const probe = batch[index] as Probe;
          for (const problem of problemsOf(probe, answer, wordpress.url)) {
            problems.push(
              `${problem}: ${probe.method} ${probe.path.slice(0, 300)} ${String(probe.body ?? '').slice(0, 200)}`,
            );
          }
        });
      }
      const newLog = wordpress.debugLog().slice(logBefore);
      const phpProblems = newLog
        .split('\n')
        .filter(
          (line) =>
            /PHP (Fatal|Parse)/.test(line) ||
            (/PHP (Warning|Notice|Deprecated)/.test(line) && /ig-login-relay|wp-plugin-stub/.test(line)),
        );
      t.same(problems.slice(0, 10), [], `${probes.length} requests: none failed (seed ${SEED})`);
      t.same(phpProblems.slice(0, 10), [], 'debug.log: no PHP error from these requests');
      t.comment(`${probes.length} requests, ${problems.length} problems (seed ${SEED})`);
    });
  }
});

function cookieHeader(cookie: string): Record<string, string> {
  return cookie === '' ? {} : { cookie };
}

function problemsOf(probe: Probe, answer: Answer, site: string): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`HTTP ${answer.status}`);
  if (answer.location !== undefined) {
    const target = new URL(answer.location, site);
    if (target.origin !== new URL(site).origin && target.origin !== new URL(RELAY).origin) {
      problems.push(`redirect off the site: ${answer.location}`);
    }
  }
  // Markup sent in must not come back as markup.
  for (const marker of ['<script>alert(1)</script>', '<svg onload=alert(1)>', '<img src=x onerror=alert(1)>']) {
    const sent = decodeURIComponentSafe(`${probe.path} ${String(probe.body ?? '')}`);
    if (sent.includes(marker) && answer.body.includes(marker)) problems.push(`echoed ${marker}`);
  }
  return problems;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function send(port: number, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: probe.method,
        path: probe.path,
        headers: { ...probe.headers, host: `localhost:${port}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(probe.body);
  });
}

/** Signs in through wp-login.php as a browser would and returns the session's Cookie header. */
async function signIn(port: number, login: string, password: string): Promise<string> {
  const body = new URLSearchParams({ log: login, pwd: password, testcookie: '1', 'wp-submit': 'Log In' }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/wp-login.php',
        headers: {
          host: `localhost:${port}`,
          'content-type': 'application/x-www-form-urlencoded',
          cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
        },
      },
      (res) => {
        res.resume();
        const cookies = (res.headers['set-cookie'] ?? [])
          .map((cookie) => cookie.split(';')[0])
          .filter((c) => /^wordpress_logged_in_/.test(c ?? '') || /^wordpress_(?!test)/.test(c ?? ''));
        if (res.statusCode !== 302 || cookies.length === 0) reject(new Error(`sign-in failed: HTTP ${res.statusCode}`));
        else resolve(cookies.join('; '));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
