import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import t from 'tap';
import { builtEntry } from '../../helpers/built.js';
import { BUSINESS_APP, authorizeParams, request } from './fixtures/harness.js';

const MAIN = builtEntry('src/dev/fake-instagram/main.ts');

interface Run {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<[number | null, NodeJS.Signals | null]>;
}

/** Runs the built main.js as its own process. */
function runMain(env: Record<string, string>): Run {
  const { FAKE_IG_PORT: _port, FAKE_IG_CONFIG: _config, ...inherited } = process.env;
  const child = spawn(process.execPath, [MAIN], { env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function firstLine(run: Run): Promise<string> {
  while (!run.stdout().includes('\n')) {
    const ended = await Promise.race([once(run.child.stdout, 'data').then(() => false), run.exit.then(() => true)]);
    if (ended && !run.stdout().includes('\n')) throw new Error(`main exited: ${run.stderr()}`);
  }
  return run.stdout().split('\n')[0] ?? '';
}

t.test('prints its URLs as one JSON line and serves the demo users', async (t) => {
  const dir = t.testdir({ 'fake-ig.json': JSON.stringify({ apps: [BUSINESS_APP] }) });
  const run = runMain({ FAKE_IG_CONFIG: join(dir, 'fake-ig.json') });
  t.teardown(() => run.child.kill('SIGKILL'));
  const urls = JSON.parse(await firstLine(run)) as Record<string, string>;
  t.same(Object.keys(urls), ['url', 'wwwUrl', 'apiUrl', 'graphUrl']);
  t.match(urls['url'], /^http:\/\/127\.0\.0\.1:[0-9]+$/);
  t.equal(urls['graphUrl'], `${urls['url']}/graph`);
  const page = await request(`${urls['wwwUrl']}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP))}`);
  t.equal(page.status, 200);
  for (const username of ['lumen.coffee', 'marta.makes', 'jonas.personal']) t.match(page.text, `value="${username}"`);
  run.child.kill('SIGTERM');
  t.same(await run.exit, [0, null], 'exits cleanly on SIGTERM');
  t.equal(run.stdout(), `${JSON.stringify(urls)}\n`, 'nothing else on stdout');
});

t.test('without a config: no apps, the demo users; stops on SIGINT', async (t) => {
  const run = runMain({ FAKE_IG_PORT: '0' });
  t.teardown(() => run.child.kill('SIGKILL'));
  const urls = JSON.parse(await firstLine(run)) as Record<string, string>;
  const page = await request(`${urls['wwwUrl']}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP))}`);
  t.equal(page.text, '{"error_type":"OAuthException","code":400,"error_message":"Invalid platform app"}');
  run.child.kill('SIGINT');
  t.same(await run.exit, [0, null]);
});

t.test('config users replace the demo users', async (t) => {
  const dir = t.testdir({
    'fake-ig.json': JSON.stringify({
      apps: [BUSINESS_APP],
      users: [{ username: 'solo', userId: '17841400000000009', accountType: 'Business' }],
    }),
  });
  const run = runMain({ FAKE_IG_CONFIG: join(dir, 'fake-ig.json') });
  t.teardown(() => run.child.kill('SIGKILL'));
  const urls = JSON.parse(await firstLine(run)) as Record<string, string>;
  const page = await request(`${urls['wwwUrl']}/oauth/authorize?${new URLSearchParams(authorizeParams(BUSINESS_APP))}`);
  t.match(page.text, 'value="solo"');
  t.notMatch(page.text, 'lumen.coffee');
  run.child.kill('SIGTERM');
  await run.exit;
});

t.test('refuses bad settings with the message on stderr and exit code 1', async (t) => {
  const run = runMain({ FAKE_IG_PORT: 'http' });
  t.same(await run.exit, [1, null]);
  t.equal(run.stderr(), 'fake-instagram: FAKE_IG_PORT must be a port number, got "http"\n');
  t.equal(run.stdout(), '', 'no URL line');
});
