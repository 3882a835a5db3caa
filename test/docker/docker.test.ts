import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { freeLoopbackPort } from '../../src/dev/free-port.js';

/**
 * The Docker packaging (docker/), proved without a Docker engine: docker-compose v1 validates the
 * compose files, dockerfilelint lints the Dockerfile, podman builds the image (chroot isolation) on a
 * local stand-in for node:20-bookworm-slim (registry pulls fail here), and buildah runs its start
 * command. Needs root and test/docker/system-setup.sh (CI runs both).
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOCKER = join(ROOT, 'docker');
const IMAGE = 'localhost/ig-login-relay:test';
/** The Dockerfile's NODE_IMAGE repository; its tag, 20-bookworm-slim, comes from the Dockerfile. */
const STAND_IN_REPOSITORY = 'localhost/ig-login-relay-stand-in/node';
const STAND_IN = `${STAND_IN_REPOSITORY}:20-bookworm-slim`;

t.setTimeout(20 * 60_000); // the first run builds the stand-in (~40 s) and compiles better-sqlite3 (~1–2 min)

interface Result {
  status: number | null;
  stdout: string;
  /** stdout and stderr, interleaved. */
  output: string;
}

/** Runs a command in the repository root to its end, without blocking the event loop. */
function run(command: string, args: readonly string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} is not installed: run test/docker/system-setup.sh as root`)
          : error,
      ),
    );
    child.on('close', (status) => resolve({ status, stdout, output }));
  });
}

/** Like run, but the command must succeed; returns its trimmed stdout. */
async function must(command: string, args: readonly string[]): Promise<string> {
  const result = await run(command, args);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.output.slice(-4000)}`);
  }
  return result.stdout.trim();
}

const tail = (output: string) => output.split('\n').slice(-40).join('\n');

function tmpDir(t: Test, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** docker/.env.example with every empty value filled in with a well-formed dummy. */
function filledEnvExample(): string {
  const dummies: Record<string, string> = {
    COOKIE_SECRET: 'c'.repeat(64),
    MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  return readFileSync(join(DOCKER, '.env.example'), 'utf8').replace(
    /^([A-Z_]+)=$/gm,
    (_, name: string) => `${name}=${dummies[name] ?? `dummy-${name.toLowerCase().replaceAll('_', '-')}-0123456789`}`,
  );
}

t.test('docker-compose validates compose.yaml, alone and with the postgres profile', async (t) => {
  const dir = tmpDir(t, 'relay-compose-');
  const envFile = join(dir, 'filled.env');
  writeFileSync(envFile, filledEnvExample());
  const compose = (...args: string[]) => run('docker-compose', ['--env-file', envFile, ...args]);
  const base = ['-f', 'docker/compose.yaml'];
  const postgres = [...base, '-f', 'docker/compose.postgres.yaml', '--profile', 'postgres'];

  const quiet = await compose(...base, 'config', '--quiet');
  t.equal(quiet.status, 0, 'compose.yaml is valid', { output: quiet.output });
  const sqlite = await compose(...base, 'config');
  t.equal(sqlite.status, 0, 'and renders');
  t.match(sqlite.output, /^ {6}DATABASE_URL: sqlite:\/data\/relay\.db$/m, 'the relay uses SQLite in its volume');
  t.match(sqlite.output, /^ {6}WEBHOOK_ALLOW_PRIVATE: "true"$/m, 'webhooks may go to the private network');
  t.match(sqlite.output, /^ {4}- relay-data:\/data:rw$/m, 'the data volume is mounted');
  t.match(
    sqlite.output,
    `- ${join(ROOT, 'wp-plugin-stub')}:/var/www/html/wp-content/plugins/ig-login-relay:ro`,
    'WordPress gets the plugin, read-only',
  );
  for (const service of ['relay', 'wordpress', 'mariadb', 'postgres']) {
    t.match(sqlite.output, new RegExp(`^ {2}${service}:$`, 'm'), `service ${service}`);
  }

  const withPostgres = await compose(...postgres, 'config');
  t.equal(withPostgres.status, 0, 'with compose.postgres.yaml and the postgres profile too', {
    output: withPostgres.output,
  });
  t.match(
    withPostgres.output,
    /^ {6}DATABASE_URL: postgres:\/\/relay:dummy-postgres-password-0123456789@postgres:5432\/relay$/m,
  );
  t.match(withPostgres.output, /^ {4}depends_on:\n {6}postgres:\n {8}condition: service_healthy$/m);

  // The checks check: secrets left empty, and an unknown option, are refused.
  const unfilled = await run('docker-compose', [
    '--env-file',
    join(DOCKER, '.env.example'),
    ...base,
    'config',
    '--quiet',
  ]);
  t.equal(unfilled.status, 1, 'the example as it is, secrets empty, is refused');
  t.match(unfilled.output, /set COOKIE_SECRET in docker\/\.env/);
  const intact = join(dir, 'compose.yaml');
  copyFileSync(join(DOCKER, 'compose.yaml'), intact);
  t.equal((await compose('-f', intact, 'config', '--quiet')).status, 0, 'an intact copy still validates');
  const broken = join(dir, 'broken.yaml');
  writeFileSync(broken, readFileSync(intact, 'utf8').replace(/^ {4}stop_grace_period:/m, '    stop_grace_periodz:'));
  const refused = await compose('-f', broken, 'config', '--quiet');
  t.equal(refused.status, 1, 'a copy with a misspelt option is refused');
  t.match(refused.output, /Unsupported config option for services\.relay: 'stop_grace_periodz'/);

  // compose.yaml repeats the image's health check (to run it more often): they must stay the same.
  const imageCheck = /^HEALTHCHECK .*\\\n\s+CMD (\[.*\])$/m.exec(readFileSync(join(DOCKER, 'Dockerfile'), 'utf8'));
  t.ok(imageCheck, 'the Dockerfile has an exec-form HEALTHCHECK');
  const snippet = (JSON.parse(imageCheck?.[1] ?? '[]') as string[]).at(-1) ?? '';
  t.match(sqlite.output, `      - ${snippet}\n`, "compose.yaml's relay health check is the image's");
});

t.test('dockerfilelint passes the Dockerfile', async (t) => {
  const lint = join(ROOT, 'node_modules/.bin/dockerfilelint');
  const result = await run(lint, ['docker/Dockerfile']);
  t.equal(result.status, 0, 'no issues', { output: result.output });
  const dir = tmpDir(t, 'relay-dockerfilelint-');
  const broken = join(dir, 'Dockerfile');
  writeFileSync(broken, readFileSync(join(DOCKER, 'Dockerfile'), 'utf8').replace(/^(FROM \S+):[\w.-]+/gm, '$1'));
  t.not((await run(lint, [broken])).status, 0, 'an untagged base image is an issue');
});

t.test('the image builds, runs its start command as uid 1000 and answers /healthz', async (t) => {
  await ensureStandIn(t);
  const dir = tmpDir(t, 'relay-image-');
  const mounts = buildMounts();

  // docker/Dockerfile.dockerignore must reach the build, and keep the context to what the image needs.
  const probe = join(dir, 'Probe');
  writeFileSync(probe, `FROM ${STAND_IN}\nCOPY . /ctx/\nRUN echo "context: $(ls -A /ctx | tr '\\n' ' ')"\n`);
  copyFileSync(join(DOCKER, 'Dockerfile.dockerignore'), `${probe}.dockerignore`);
  const probed = await run('podman', [
    'build',
    '--isolation',
    'chroot',
    '--pull=never',
    '--layers=false',
    '-f',
    probe,
    '.',
  ]);
  t.equal(probed.status, 0, 'the context probe builds', { output: tail(probed.output) });
  const probeId = probed.stdout.trim().split('\n').at(-1) ?? '';
  if (/^[0-9a-f]{64}$/.test(probeId)) await run('podman', ['rmi', probeId]);
  const context = (/^context: (.*)$/m.exec(probed.stdout)?.[1] ?? '').trim().split(' ');
  const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src'];
  t.same(
    needed.filter((name) => !context.includes(name)),
    [],
    'what the image is built from is in the build context',
  );
  for (const excluded of ['node_modules', 'dist', '.git', 'test-artifacts', 'data', '.tap', 'docker', 'test']) {
    t.notOk(context.includes(excluded), `${excluded} stays out of the build context`);
  }

  // Build, replacing the previous image of the same tag (only the stand-in and this tag are kept).
  const previous = await run('podman', ['image', 'inspect', '--format', '{{.Id}}', IMAGE]);
  const started = Date.now();
  const build = await run('podman', [
    'build',
    ...['--isolation', 'chroot', '--pull=never', '--layers=false', '--format', 'docker'],
    ...mounts,
    ...['--build-arg', `NODE_IMAGE=${STAND_IN_REPOSITORY}`, '-f', 'docker/Dockerfile', '-t', IMAGE, '.'],
  ]);
  const seconds = (Date.now() - started) / 1000;
  if (build.status !== 0) {
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'test-artifacts', 'docker-build.log'), build.output);
  }
  t.equal(build.status, 0, 'podman build --isolation chroot succeeds (else see test-artifacts/docker-build.log)', {
    output: tail(build.output),
  });
  if (build.status !== 0) return;
  const [image] = JSON.parse(await must('podman', ['image', 'inspect', IMAGE])) as [ImageInspect];
  const before = previous.stdout.trim();
  if (previous.status === 0 && before !== image.Id) await run('podman', ['rmi', before]);
  t.comment(`image ${IMAGE}: built in ${seconds.toFixed(1)} s, ${(image.Size / 1e6).toFixed(1)} MB`);

  const config = image.Config;
  t.equal(config.User, '1000:1000', 'USER is the node user, numerically');
  for (const variable of ['NODE_ENV=production', 'HOST=0.0.0.0', 'PORT=3000', 'DATABASE_URL=sqlite:/data/relay.db']) {
    t.ok(config.Env.includes(variable), variable);
  }
  t.ok('/data' in (config.Volumes ?? {}), 'VOLUME /data');
  t.ok('3000/tcp' in (config.ExposedPorts ?? {}), 'EXPOSE 3000');
  t.same(config.Cmd, ['node', '--max-old-space-size=128', 'dist/src/server.js'], 'CMD is npm start without npm');
  t.equal(image.Healthcheck?.Test[0], 'CMD', 'a HEALTHCHECK (kept by the docker image format)');

  const container = await must('buildah', ['from', '--pull-never', IMAGE]);
  t.teardown(() => run('buildah', ['rm', container]));
  const inContainer = (...args: string[]) =>
    must('buildah', ['run', '--isolation', 'chroot', container, '--', ...args]);
  t.equal(await inContainer('id', '-u'), '1000', 'commands run as uid 1000');

  // Production dependencies only: nothing the lockfile marks dev, everything package.json depends on.
  const installed = JSON.parse(await inContainer('node', '-e', LIST_PACKAGES)) as string[];
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as PackageLock;
  const dev = installed.filter((name) => lock.packages[`node_modules/${name}`]?.dev === true);
  t.same(dev, [], 'no devDependency in the image');
  t.notOk(installed.includes('typescript') || installed.includes('tap'), 'neither typescript nor tap');
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: object };
  const missing = Object.keys(manifest.dependencies).filter((name) => !installed.includes(name));
  t.same(missing, [], 'every dependency is in the image');

  // The image's start command, with the settings an operator must give, in the background.
  const port = await freeLoopbackPort();
  const env = {
    HOST: '127.0.0.1', // buildah run shares the host's network
    PORT: String(port),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
  };
  const envArgs = Object.entries(env).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
  const relay = spawn('buildah', ['run', '--isolation', 'chroot', ...envArgs, container, '--', ...config.Cmd], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  relay.stdout.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  relay.stderr.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => relay.on('exit', (code) => resolve(code)));
  t.teardown(() => stop(relay, exited));

  const url = `http://127.0.0.1:${port}`;
  t.ok(await answers(`${url}/healthz`, 60_000), '/healthz answers 200', { output: lines.join('') });
  t.equal((await fetch(`${url}/readyz`)).status, 200, '/readyz: the SQLite database in /data answers');
  t.match(lines.join(''), /"msg":"relay ready"/);
  t.same(uidsOf(port), ['1000'], 'the relay process runs as uid 1000');
  const check = image.Healthcheck?.Test.slice(1) ?? [];
  t.equal(
    (await run('buildah', ['run', '--isolation', 'chroot', '-e', `PORT=${port}`, container, '--', ...check])).status,
    0,
    "the image's HEALTHCHECK passes",
  );

  // docker/README.md's way to create a store: the CLI in the container, webhooks to WordPress on the private network.
  const created = await run('buildah', [
    ...['run', '--isolation', 'chroot', '-e', `MASTER_KEY=${env.MASTER_KEY}`, '-e', 'WEBHOOK_ALLOW_PRIVATE=true'],
    ...[container, '--', 'node', 'dist/src/cli/main.js', 'stores', 'create', 'shop-1'],
    ...[
      '--webhook-url',
      'http://wordpress/wp-json/ig-login-relay/v1/webhook',
      '--return-origin',
      'http://localhost:8080',
    ],
  ]);
  t.equal(created.status, 0, 'the CLI creates a store', { output: created.output });
  t.match(created.output, /"secret": "whsec_/);

  // compose.yaml runs the relay with a read-only root file system: it may write to /data (a volume) and /tmp only.
  const changed = (await must('podman', ['diff', container])).split('\n').filter((line) => line !== '');
  t.same(
    changed.filter((line) => !/^[ACD] \/tmp(\/|$)/.test(line)),
    [],
    'nothing written outside /data and /tmp',
  );

  await stop(relay, exited);
  t.notOk(await answers(`${url}/healthz`, 500), 'and gone');
});

/** Builds the stand-in base unless an image of this machine's Node.js is there. */
async function ensureStandIn(t: Test): Promise<void> {
  const env = await run('podman', ['image', 'inspect', '--format', '{{json .Config.Env}}\t{{.Id}}', STAND_IN]);
  const [envJson = '[]', id = ''] = env.stdout.trim().split('\t');
  if (env.status === 0 && (JSON.parse(envJson) as string[]).includes(`NODE_VERSION=${process.versions.node}`)) {
    t.comment(`stand-in ${STAND_IN}: cached`);
    return;
  }
  const started = Date.now();
  await must(join(ROOT, 'test/docker/build-stand-in-base.sh'), [STAND_IN]);
  if (env.status === 0) await run('podman', ['rmi', id]); // the stand-in of an older Node.js
  t.comment(`stand-in ${STAND_IN}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Egress here goes through a TLS-intercepting proxy whose CA only the host's bundle has, and npm's global
 * npmrc points at that bundle: npm ci in the build needs both (the official image needs neither).
 */
function buildMounts(): string[] {
  const mounts: string[] = [];
  if (existsSync('/etc/ssl/certs/ca-certificates.crt')) {
    mounts.push('-v', '/etc/ssl/certs/ca-certificates.crt:/etc/ssl/certs/ca-certificates.crt:ro');
  }
  const global = globalNpmrc();
  if (global !== undefined) mounts.push('-v', `${global}:/usr/local/etc/npmrc:ro`);
  return mounts;
}

/** npm's global config file (npm run passes its path; else `<node's prefix>/etc/npmrc`), when there is one. */
function globalNpmrc(): string | undefined {
  const path = process.env.npm_config_globalconfig ?? join(process.execPath, '..', '..', 'etc', 'npmrc');
  return existsSync(path) ? path : undefined;
}

async function answers(url: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).status === 200) return true;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The user ids of the processes running the relay's server.js with this PORT (host view of /proc). */
function uidsOf(port: number): string[] {
  const uids: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      if (cmdline.at(-2) !== 'dist/src/server.js' || !environ.includes(`PORT=${port}`)) continue;
      uids.push(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?');
    } catch {
      // gone, or a kernel thread
    }
  }
  return uids;
}

/** Stops `buildah run` (which stops the relay inside it) and waits for it. */
async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
  return exited;
}

/** Every package in node_modules (scoped ones as @scope/name), for the image's own node to print. */
const LIST_PACKAGES = `
const { readdirSync } = require('node:fs');
const top = readdirSync('node_modules').filter((name) => !name.startsWith('.'));
const names = top.flatMap((name) => name.startsWith('@') ? readdirSync('node_modules/' + name).map((inner) => name + '/' + inner) : [name]);
console.log(JSON.stringify(names));
`;

interface ImageInspect {
  Id: string;
  Size: number;
  Config: {
    User: string;
    Env: string[];
    Cmd: string[];
    Volumes?: Record<string, object>;
    ExposedPorts?: Record<string, object>;
  };
  /** podman keeps it beside Config, and only in the docker image format (--format docker). */
  Healthcheck?: { Test: string[] };
}

interface PackageLock {
  packages: Record<string, { dev?: boolean }>;
}
