/**
 * `npm run bench`: the relay's performance targets, measured in one run on
 * loopback against the fake Instagram and a webhook receiver, each server in
 * its own process:
 *   1. start-up: spawn → first 200 from /readyz, median of several starts;
 *   2. complete logins per second with p50/p99, and the relay's peak RSS under that load;
 *   3. /authorize throughput against a bare Fastify floor, in alternating rounds.
 * Prints the table and writes it to bench/RESULTS.md. Exits 0 when the run
 * completed, whether or not every target was met (the table says which);
 * non-zero when it could not measure.
 *
 * BENCH_CPU_PROF=<dir> starts the measured relays with `node --cpu-prof` and
 * leaves their profiles in <dir> (figures from such a run are slower than
 * usual); `node dist/bench/profile-summary.js <dir>/relay-login.cpuprofile`
 * summarises one.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizeUrl } from '../src/flow/authorize-link.js';
import { measureThroughput, type Throughput } from './authorize-throughput.js';
import { coresText, cpuSnapshot, cpuUsed, type CpuSnapshot } from './cpu.js';
import { driveLogins } from './login-driver.js';
import { killAllNow, peakRssBytes, stopAll } from './processes.js';
import { atLeast, below, textTable, writeResults, type Row } from './report.js';
import { RETURN_ORIGIN, startBaseline, startStack, STORE_ID, USERNAME, type Stack } from './stack.js';
import { median } from './stats.js';

const SETTINGS = {
  startups: 5,
  authorize: { rounds: 3, connections: 20, warmupSeconds: 2, seconds: 8 },
  // 32 users: more than enough to keep the relay's one thread busy through its waits on the fake and the
  // receiver (it runs at a full core from about 8 users on), and a relay meeting 250 logins/s would then
  // answer a flow in 32 / 250 s ≈ 130 ms on average (Little's law), leaving room under the p99 target.
  login: { users: 32, warmupSeconds: 5, seconds: 20 },
};
const TARGETS = { authorizeRatio: 0.75, loginsPerSecond: 250, loginP99Ms: 250, peakRssMB: 150, startupMs: 1000 };

const RESULTS_PATH = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url)); // from dist/bench/ to the source bench/
const profileDir = process.env['BENCH_CPU_PROF'];
const profileArgs = (name: string): string[] =>
  profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];

const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const MB = (bytes: number): number => bytes / 1e6;
const fixed =
  (digits: number, unit = '') =>
  (n: number) =>
    `${n.toFixed(digits)}${unit}`;

async function measureStartup(stack: Stack, dir: string): Promise<number[]> {
  const times: number[] = [];
  // One database for every start: the first start creates and migrates it, the others reopen it, as restarts do.
  for (let i = 0; i < SETTINGS.startups; i += 1) {
    const { child, startedInMs } = await stack.startRelay(`relay-startup-${i + 1}`, join(dir, 'startup.db'));
    times.push(startedInMs);
    await child.stop();
  }
  return times;
}

async function measureLogins(stack: Stack, dir: string) {
  const { child } = await stack.startRelay('relay-login', join(dir, 'login.db'), {
    nodeArgs: profileArgs('relay-login'),
  });
  const pids = { relay: child.pid, ...stack.pids };
  let windowStart: CpuSnapshot | undefined;
  let windowEnd: CpuSnapshot | undefined;
  const results = await driveLogins({
    relayUrl: stack.relayUrl,
    storeId: STORE_ID,
    storeKey: stack.storeKey,
    returnTo: `${RETURN_ORIGIN}/account`,
    username: USERNAME,
    ...SETTINGS.login,
    onWindowStart: () => (windowStart = cpuSnapshot(pids)),
    onWindowEnd: () => (windowEnd = cpuSnapshot(pids)),
  });
  if (windowStart === undefined || windowEnd === undefined) throw new Error('the login window was not timed');
  const relayCpuPerLoginMs = ((cpuUsed(windowStart, windowEnd)['relay'] ?? 0) * 1000) / Math.max(1, results.completed);
  const cores = coresText(windowStart, windowEnd);
  // VmHWM is the peak over the process's life, read while it is still alive.
  const peakRss = peakRssBytes(child.pid);
  const webhooks = ((await (await fetch(`${stack.receiverUrl}/count`)).json()) as { received: number }).received;
  await child.stop();
  return { ...results, peakRss, webhooks, relayCpuPerLoginMs, cores };
}

async function measureAuthorize(stack: Stack, dir: string) {
  const { child: relay } = await stack.startRelay('relay-authorize', join(dir, 'authorize.db'), {
    nodeArgs: profileArgs('relay-authorize'),
  });
  const baseline = await startBaseline(dir, stack.cookieSecret);
  const rounds: Array<{ relay: Throughput; baseline: Throughput; ratio: number }> = [];
  for (let round = 0; round < SETTINGS.authorize.rounds; round += 1) {
    // A link signed for this round (valid 600 s); the baseline gets the same path and query.
    const link = new URL(
      authorizeUrl(stack.relayUrl, stack.storeKey, {
        store: STORE_ID,
        purpose: 'login',
        return_to: `${RETURN_ORIGIN}/account`,
        state: 'bench-authorize-state',
        exp: Math.floor(Date.now() / 1000) + 600,
      }),
    );
    const targets = { relay: link.href, baseline: `${baseline.url}${link.pathname}${link.search}` };
    // Alternate which goes first, so a drift in machine noise does not always favour one side.
    const order = round % 2 === 0 ? (['relay', 'baseline'] as const) : (['baseline', 'relay'] as const);
    const figures: Partial<Record<'relay' | 'baseline', Throughput>> = {};
    const pids = { relay: relay.pid, baseline: baseline.child.pid };
    for (const side of order) figures[side] = await measureThroughput(targets[side], pids[side], SETTINGS.authorize);
    const { relay: r, baseline: b } = figures as Record<'relay' | 'baseline', Throughput>;
    rounds.push({ relay: r, baseline: b, ratio: r.perSecond / b.perSecond });
    log(
      `authorize round ${round + 1}: relay ${r.perSecond.toFixed(0)}/s (${r.cpuPerRequestUs.toFixed(0)} µs CPU each), baseline ${b.perSecond.toFixed(0)}/s (${b.cpuPerRequestUs.toFixed(0)} µs), ratio ${(r.perSecond / b.perSecond).toFixed(3)}`,
    );
  }
  await Promise.all([relay.stop(), baseline.child.stop()]);
  return rounds;
}

/** Error and warning lines in a relay's log file (pino levels 50 and 40). */
function logLevels(dir: string, name: string): { errors: number; warnings: number } {
  const text = readFileSync(join(dir, `${name}.log`), 'utf8');
  return { errors: text.split('"level":50').length - 1, warnings: text.split('"level":40').length - 1 };
}

async function main(): Promise<void> {
  const began = performance.now();
  const loadBefore = loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
  const dir = mkdtempSync(join(tmpdir(), 'igr-bench-'));
  const cleanUp = () => {
    killAllNow();
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void stopAll().finally(() => process.exit(130));
    });
  }

  try {
    log(`temp dir ${dir}`);
    const stack = await startStack(dir);
    log('measuring start-up');
    const startups = await measureStartup(stack, dir);
    log(`start-up: ${startups.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    log(
      `driving logins: ${SETTINGS.login.users} users, ${SETTINGS.login.warmupSeconds} s warm-up + ${SETTINGS.login.seconds} s`,
    );
    const login = await measureLogins(stack, dir);
    const loginLog = logLevels(dir, 'relay-login');
    log(
      `logins: ${login.perSecond.toFixed(1)}/s, p50 ${login.p50Ms.toFixed(1)} ms, p99 ${login.p99Ms.toFixed(1)} ms, failed ${login.failedTotal}; relay CPU ${login.relayCpuPerLoginMs.toFixed(2)} ms/login; cores used: ${login.cores}`,
    );

    log(`/authorize vs baseline: ${SETTINGS.authorize.rounds} rounds`);
    const rounds = await measureAuthorize(stack, dir);
    const authorizeLog = logLevels(dir, 'relay-authorize');

    const ratio = median(rounds.map((round) => round.ratio));
    const startup = median(startups);
    const rows: Row[] = [
      atLeast(
        '/authorize throughput vs bare Fastify',
        ratio,
        TARGETS.authorizeRatio,
        fixed(2, '×'),
        `(median of ${rounds.length}: ${rounds.map((r) => r.ratio.toFixed(2)).join(', ')}; relay ${median(rounds.map((r) => r.relay.perSecond)).toFixed(0)} req/s, baseline ${median(rounds.map((r) => r.baseline.perSecond)).toFixed(0)} req/s)`,
      ),
      atLeast(
        'Complete logins per second (SQLite)',
        login.perSecond,
        TARGETS.loginsPerSecond,
        fixed(0, '/s'),
        `(${login.completed} in ${SETTINGS.login.seconds} s, ${SETTINGS.login.users} users; p50 ${login.p50Ms.toFixed(0)} ms)`,
      ),
      below(
        'Login p99 latency (whole flow)',
        login.p99Ms,
        TARGETS.loginP99Ms,
        fixed(0, ' ms'),
        `(/callback alone: p50 ${login.callbackP50Ms.toFixed(0)} ms, p99 ${login.callbackP99Ms.toFixed(0)} ms)`,
      ),
      {
        measure: 'Failed login flows',
        figure: `${login.failedInWindow} in window, ${login.failedTotal} in all`,
        target: '0',
        pass: login.failedTotal === 0,
        verdict:
          login.failedTotal === 0
            ? 'pass'
            : `MISS: ${Object.entries(login.failureReasons)
                .map(([reason, n]) => `${n}× ${reason}`)
                .join('; ')}`,
      },
      below('Relay peak RSS under login load (VmHWM)', MB(login.peakRss), TARGETS.peakRssMB, fixed(0, ' MB')),
      below(
        'Relay start-up (spawn → /readyz 200)',
        startup,
        TARGETS.startupMs,
        fixed(0, ' ms'),
        `(median of ${startups.length}: ${startups.map((ms) => ms.toFixed(0)).join(', ')})`,
      ),
    ];

    const seconds = (performance.now() - began) / 1000;
    process.stdout.write(`\n${textTable(rows)}\n\n`);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    const notes = [
      `Every server is its own process on 127.0.0.1: the relay (\`dist/src/server.js\`, SQLite file database in a temp dir, LOG_LEVEL=info, stdout to a file), the fake Instagram (\`dist/src/dev/fake-instagram/main.js\`), a webhook receiver answering 204 (\`dist/bench/receiver.js\`) and the baseline (\`dist/bench/baseline-server.js\`). The load generators run in the bench process; all share the ${availableParallelism()} cores.`,
      `/authorize: autocannon, ${SETTINGS.authorize.connections} connections, ${SETTINGS.authorize.warmupSeconds} s warm-up then ${SETTINGS.authorize.seconds} s measured, per side per round; relay and baseline alternate which goes first. Only 302 answers count. The baseline (bench/baseline-server.ts) makes a random 32-byte state, sets a signed cookie with @fastify/cookie and 302s, logging through the relay's own pino setup and one-line request log, to a file like the relay.`,
      ...rounds.map(
        (round, index) =>
          `Round ${index + 1}: relay ${round.relay.perSecond.toFixed(0)} req/s (p99 ${round.relay.p99Ms} ms, ${round.relay.cpuPerRequestUs.toFixed(0)} µs CPU per request), baseline ${round.baseline.perSecond.toFixed(0)} req/s (p99 ${round.baseline.p99Ms} ms, ${round.baseline.cpuPerRequestUs.toFixed(0)} µs CPU per request), ratio ${round.ratio.toFixed(3)}${unexpected(round)}`,
      ),
      `/authorize CPU per request, median over rounds: relay ${median(rounds.map((r) => r.relay.cpuPerRequestUs)).toFixed(0)} µs, baseline ${median(rounds.map((r) => r.baseline.cpuPerRequestUs)).toFixed(0)} µs (CPU ratio baseline/relay ${(median(rounds.map((r) => r.baseline.cpuPerRequestUs)) / median(rounds.map((r) => r.relay.cpuPerRequestUs))).toFixed(2)}, which is less sensitive to other load on the machine than the throughput ratio).`,
      `Logins: a closed loop of ${SETTINGS.login.users} virtual users (keep-alive node:http Agent and a cookie each), ${SETTINGS.login.warmupSeconds} s warm-up then ${SETTINGS.login.seconds} s measured. One login = relay /authorize → consent POST to the fake → relay /callback (code exchange, long-lived token, profile, signed webhook) → 303 with igr_login. Latency is the whole flow, as the browser sees it. Over the whole run (warm-up and drain included) ${login.completedTotal} logins completed and the receiver got ${login.webhooks} webhooks. Relay CPU per completed login: ${login.relayCpuPerLoginMs.toFixed(2)} ms. Cores used in the window: ${login.cores} (bench = the load generator).`,
      `Relay log during the login run: ${loginLog.errors} error and ${loginLog.warnings} warning lines; during the /authorize run: ${authorizeLog.errors} error and ${authorizeLog.warnings} warning lines.`,
      `Peak RSS is VmHWM from /proc/<relay pid>/status after the login run, in MB of 10^6 bytes. Start-up is spawn → first 200 from /readyz (polled every 3 ms), the first start migrating a new database and the others reopening it.`,
      ...(profileDir === undefined
        ? []
        : [
            `This run was profiled (node --cpu-prof, profiles in ${profileDir}): its figures are lower than an unprofiled run's.`,
          ]),
    ];
    writeResults(RESULTS_PATH, rows, {
      date: new Date(),
      nodeVersion: process.version,
      cpus: availableParallelism(),
      cpuModel: cpu,
      loadBefore,
      durationSeconds: seconds,
      notes,
    });
    log(`wrote ${RESULTS_PATH} (${seconds.toFixed(0)} s)`);
  } finally {
    await stopAll();
  }
}

function unexpected(round: { relay: Throughput; baseline: Throughput }): string {
  const parts = (['relay', 'baseline'] as const)
    .map((side) => [side, Object.entries(round[side].unexpected)] as const)
    .filter(([, entries]) => entries.length > 0)
    .map(([side, entries]) => `${side}: ${entries.map(([status, n]) => `${n}× ${status}`).join(', ')}`);
  return parts.length === 0 ? '' : `; unexpected answers — ${parts.join('; ')}`;
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
