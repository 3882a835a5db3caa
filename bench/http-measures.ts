import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { compareAuthorize, SIDES, type AuthorizeComparison } from './authorize-peers.js';
import type { Throughput } from './authorize-throughput.js';
import { coresText, cpuSnapshot, cpuUsed, type CpuSnapshot } from './cpu.js';
import { logLevels } from './drain.js';
import { driveLogins } from './login-driver.js';
import { peakRssBytes, residentBytes } from './processes.js';
import { atLeast, below, type Row } from './report.js';
import {
  PEERS,
  RETURN_ORIGIN,
  START_FLAGS,
  startStack,
  STORE_ID,
  USERNAME,
  type PeerName,
  type Stack,
} from './stack.js';
import { median } from './stats.js';

/**
 * The relay's HTTP measures: start-up and idle memory, complete sign-ins
 * (throughput, latency, CPU and peak memory) and `/authorize` beside its
 * peers. Each returns its rows for the results table and the notes that say
 * how it was measured.
 */
const SETTINGS = {
  startups: 5,
  idleSettleMs: 3000,
  authorize: { rounds: 3, connections: 32, warmupSeconds: 2, seconds: 8, relayLogLevel: 'warn' },
  // 32 users keep the relay's one thread busy through its waits on the fake and the receiver; at 2,000
  // sign-ins/s each takes 32 / 2,000 s = 16 ms on average (Little's law), well under the p99 target.
  login: { users: 32, warmupSeconds: 5, seconds: 20 },
};
const TARGETS = {
  vsOauth2: 1.0,
  vsBareFastify: 0.8,
  signInsPerSecond: 2000,
  signInP99Ms: 100,
  cpuPerSignInMs: 0.6,
  peakRssMB: 100,
  idleRssMB: 75,
  startupMs: 1000,
};

export type Log = (message: string) => void;
type NodeArgs = (name: string) => string[];
export type HttpPart = 'all' | 'authorize' | 'login';

const MB = (bytes: number): number => bytes / 1e6;
const fixed =
  (digits: number, unit = '') =>
  (n: number) =>
    `${n.toFixed(digits)}${unit}`;

async function measureStartup(stack: Stack, dir: string): Promise<{ times: number[]; idleRss: number }> {
  const times: number[] = [];
  let idleRss = 0;
  // One database for every start: the first start creates and migrates it, the others reopen it, as restarts do.
  for (let i = 0; i < SETTINGS.startups; i += 1) {
    const { child, startedInMs } = await stack.startRelay(`relay-startup-${i + 1}`, join(dir, 'startup.db'));
    times.push(startedInMs);
    if (i === SETTINGS.startups - 1) {
      await new Promise((resolve) => setTimeout(resolve, SETTINGS.idleSettleMs));
      idleRss = residentBytes(child.pid);
    }
    await child.stop();
  }
  return { times, idleRss };
}

async function measureSignIns(stack: Stack, dir: string, nodeArgs: NodeArgs) {
  const { child } = await stack.startRelay('relay-login', join(dir, 'login.db'), { nodeArgs: nodeArgs('relay-login') });
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

function authorizeRows(comparison: AuthorizeComparison): Row[] {
  const { rounds, ratio } = comparison;
  const perSecond = (side: (typeof SIDES)[number]) => median(rounds.map((round) => round[side].perSecond)).toFixed(0);
  const row = (peer: PeerName, target: number, what: string) =>
    atLeast(
      `/authorize throughput vs ${what}`,
      ratio[peer],
      target,
      fixed(2, '×'),
      `(median of ${rounds.length}: ${rounds.map((round) => (round.relay.perSecond / round[peer].perSecond).toFixed(2)).join(', ')}; relay ${perSecond('relay')} req/s, ${peer} ${perSecond(peer)} req/s)`,
    );
  return [
    row('@fastify/oauth2', TARGETS.vsOauth2, "@fastify/oauth2's start redirect"),
    row('bare Fastify', TARGETS.vsBareFastify, 'bare Fastify (logger off)'),
  ];
}

function unexpected(round: Record<string, Throughput>): string {
  const parts = Object.entries(round)
    .map(([side, figures]) => [side, Object.entries(figures.unexpected)] as const)
    .filter(([, entries]) => entries.length > 0)
    .map(([side, entries]) => `${side}: ${entries.map(([status, n]) => `${n}× ${status}`).join(', ')}`);
  return parts.length === 0 ? '' : `; unexpected answers — ${parts.join('; ')}`;
}

function authorizeNotes(comparison: AuthorizeComparison, relayLog: { errors: number; warnings: number }): string[] {
  const { rounds } = comparison;
  const s = SETTINGS.authorize;
  const cpu = (side: (typeof SIDES)[number]) => median(rounds.map((round) => round[side].cpuPerRequestUs));
  return [
    `/authorize: autocannon, ${s.connections} connections, ${s.warmupSeconds} s warm-up then ${s.seconds} s measured, per side per round; the order rotates each round. Only 302 answers count. The relay runs with LOG_LEVEL=${comparison.relayLogLevel} (its request lines are at info) and a SQLite database; the peers (bench/peers/) run with Fastify's defaults (logger off): bare Fastify makes a random 32-byte state, sets it in a signed cookie with @fastify/cookie and 302s; @fastify/oauth2 ${'('}8.x) is registered with its \`startRedirectPath\` and a signed state cookie. Every side gets the relay's signed link as its path and query.`,
    ...rounds.map(
      (round, index) =>
        `Round ${index + 1}: ${SIDES.map((side) => `${side} ${round[side].perSecond.toFixed(0)} req/s (p99 ${round[side].p99Ms} ms, ${round[side].cpuPerRequestUs.toFixed(0)} µs CPU per request)`).join(', ')}${unexpected(round)}`,
    ),
    `/authorize CPU per request, median over rounds: ${SIDES.map((side) => `${side} ${cpu(side).toFixed(0)} µs`).join(', ')}. CPU time per request moves less with other load on the machine than throughput does.`,
    `Idle memory (VmRSS ${SETTINGS.idleSettleMs / 1000 - 1} s after start, before load): ${SIDES.map((side) => `${side} ${MB(comparison.idleRss[side]).toFixed(0)} MB`).join(', ')}. Relay log during the /authorize run: ${relayLog.errors} error and ${relayLog.warnings} warning lines.`,
  ];
}

/** Runs the HTTP measures of `part`; the rows and notes to report. */
export async function measureHttp(
  dir: string,
  part: HttpPart,
  nodeArgs: NodeArgs,
  log: Log,
): Promise<{ rows: Row[]; notes: string[] }> {
  const stack = await startStack(dir);
  const rows: Row[] = [];
  const notes: string[] = [
    `Every server is its own process on 127.0.0.1: the relay (\`dist/src/server.js\`, SQLite file database in a temp dir, stdout to a file), the fake Instagram (\`dist/src/dev/fake-instagram/main.js\`), a webhook receiver answering 204 (\`dist/bench/receiver.js\`) and the peers. The load generators run in the bench process; all share the ${availableParallelism()} cores.`,
  ];

  if (part === 'all' || part === 'login') {
    log('measuring start-up');
    const startup = await measureStartup(stack, dir);
    log(
      `start-up: ${startup.times.map((ms) => ms.toFixed(0)).join(', ')} ms; idle RSS ${MB(startup.idleRss).toFixed(0)} MB`,
    );
    log(
      `driving sign-ins: ${SETTINGS.login.users} users, ${SETTINGS.login.warmupSeconds} s warm-up + ${SETTINGS.login.seconds} s`,
    );
    const login = await measureSignIns(stack, dir, nodeArgs);
    const loginLog = logLevels(dir, 'relay-login');
    log(
      `sign-ins: ${login.perSecond.toFixed(1)}/s, p50 ${login.p50Ms.toFixed(1)} ms, p99 ${login.p99Ms.toFixed(1)} ms, failed ${login.failedTotal}; relay CPU ${login.relayCpuPerLoginMs.toFixed(2)} ms each; peak RSS ${MB(login.peakRss).toFixed(0)} MB; cores used: ${login.cores}`,
    );
    const startupMs = median(startup.times);
    rows.push(
      atLeast(
        'Complete sign-ins per second (SQLite)',
        login.perSecond,
        TARGETS.signInsPerSecond,
        fixed(0, '/s'),
        `(${login.completed} in ${SETTINGS.login.seconds} s, ${SETTINGS.login.users} users; p50 ${login.p50Ms.toFixed(0)} ms; cores used: ${login.cores})`,
      ),
      below(
        'Sign-in p99 latency (whole flow)',
        login.p99Ms,
        TARGETS.signInP99Ms,
        fixed(0, ' ms'),
        `(/callback alone: p50 ${login.callbackP50Ms.toFixed(0)} ms, p99 ${login.callbackP99Ms.toFixed(0)} ms)`,
      ),
      below('Relay CPU per complete sign-in', login.relayCpuPerLoginMs, TARGETS.cpuPerSignInMs, fixed(2, ' ms')),
      {
        measure: 'Failed sign-ins',
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
      below('Relay peak RSS under sign-in load (VmHWM)', MB(login.peakRss), TARGETS.peakRssMB, fixed(0, ' MB')),
      below('Relay idle RSS after start-up (VmRSS)', MB(startup.idleRss), TARGETS.idleRssMB, fixed(0, ' MB')),
      below(
        'Relay start-up (spawn → /readyz 200)',
        startupMs,
        TARGETS.startupMs,
        fixed(0, ' ms'),
        `(median of ${startup.times.length}: ${startup.times.map((ms) => ms.toFixed(0)).join(', ')})`,
      ),
    );
    notes.push(
      `Sign-ins: a closed loop of ${SETTINGS.login.users} virtual users (keep-alive node:http Agent and a cookie jar each), ${SETTINGS.login.warmupSeconds} s warm-up then ${SETTINGS.login.seconds} s measured; the relay at LOG_LEVEL=info. One sign-in = relay /authorize → consent POST to the fake → relay /callback (code exchange, long-lived token, profile, signed webhook) → 303 with igr_login. Latency is the whole flow, as the browser sees it. Over the whole run (warm-up and drain included) ${login.completedTotal} sign-ins completed and the receiver got ${login.webhooks} webhooks. Cores used in the window: ${login.cores} (bench = the load generator). Relay log: ${loginLog.errors} error and ${loginLog.warnings} warning lines.`,
      `Peak RSS is VmHWM from /proc/<relay pid>/status after the sign-in run, idle RSS the relay's VmRSS ${SETTINGS.idleSettleMs / 1000} s after its last start-up, in MB of 10^6 bytes; the relay runs with ${START_FLAGS.length === 0 ? 'no node flags' : `node ${START_FLAGS.join(' ')}`}, as \`npm start\` runs it. Start-up is spawn → first 200 from /readyz (polled every 3 ms), the first start migrating a new database and the others reopening it.`,
    );
  }

  if (part === 'all' || part === 'authorize') {
    log(`/authorize beside ${Object.keys(PEERS).join(' and ')}: ${SETTINGS.authorize.rounds} rounds`);
    const comparison = await compareAuthorize(
      stack,
      dir,
      join(dir, 'authorize.db'),
      { ...SETTINGS.authorize, nodeArgs: nodeArgs('relay-authorize') },
      log,
    );
    rows.unshift(...authorizeRows(comparison));
    notes.push(...authorizeNotes(comparison, logLevels(dir, 'relay-authorize')));
  }
  return { rows, notes };
}
