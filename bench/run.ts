/**
 * `npm run bench`: the relay's performance targets, measured in one run on
 * loopback against the fake Instagram and a webhook receiver, each server in
 * its own process:
 *   1. start-up: spawn → first 200 from /readyz, median of several starts;
 *   2. complete logins per second with p50/p99, and the relay's peak RSS under that load;
 *   3. /authorize throughput against a bare Fastify floor, in alternating rounds;
 *   4. the outbox drain (bench/drain.ts): the backlog of a 10-minute webhook
 *      outage sent to a loopback receiver by the delivery worker, on SQLite
 *      with one relay and on PostgreSQL with one and two relays.
 * Prints the table and writes it to bench/RESULTS.md. Exits 0 when the run
 * completed, whether or not every target was met (the table says which);
 * non-zero when it could not measure.
 *
 * `node dist/bench/run.js drain` (after `npm run build`) runs only the outbox
 * drain, for iterating on it: it prints its table but leaves bench/RESULTS.md
 * alone, which only a full run writes. PostgreSQL: the server at
 * BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
 * each case gets a database of its own, dropped at the end.
 *
 * BENCH_CPU_PROF=<dir> starts the measured relays with `node --cpu-prof` and
 * leaves their profiles in <dir> (figures from such a run are slower than
 * usual); `node dist/bench/profile-summary.js <dir>/relay-login.cpuprofile`
 * summarises one (the drain's are drain-<storage>-<n>-relay-<i>.cpuprofile).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authorizeUrl } from '../src/flow/authorize-link.js';
import { measureThroughput, type Throughput } from './authorize-throughput.js';
import { coresText, cpuSnapshot, cpuUsed, type CpuSnapshot } from './cpu.js';
import { BACKLOG_EVENTS, caseLabel, DRAIN_CASES, logLevels, measureDrain, OUTAGE, type DrainResult } from './drain.js';
import { driveLogins } from './login-driver.js';
import { dropTempDatabases } from './postgres.js';
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

/** Start-up, logins and /authorize: the rows and notes of the HTTP measures. */
async function measureHttp(dir: string): Promise<{ rows: Row[]; notes: string[] }> {
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
  ];
  return { rows, notes };
}

const DRAIN_TARGETS: Record<string, number | undefined> = { 'sqlite-1': 1000, 'postgres-1': 500 };
const count = (n: number): string => n.toLocaleString('en-US');

function couldNotMeasure(measure: string, target: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { measure, figure: 'no data', target, pass: false, verdict: `MISS (could not measure: ${message})` };
}

/** The outbox drain cases, one after the other: their rows and notes; `failed` when one could not be measured. */
async function measureDrains(dir: string): Promise<{ rows: Row[]; notes: string[]; failed: boolean }> {
  const rateRows: Row[] = [];
  const backlogRows: Row[] = [];
  const caseNotes: string[] = [];
  let failed = false;
  for (const drainCase of DRAIN_CASES) {
    const label = caseLabel(drainCase);
    const rateTarget = DRAIN_TARGETS[`${drainCase.storage}-${drainCase.instances}`];
    const measure = `Outbox drain, ${label}`;
    const backlogMeasure = `10-minute outage backlog (${count(BACKLOG_EVENTS)} events) drained in, ${label}`;
    const backlogTarget = rateTarget === undefined ? undefined : BACKLOG_EVENTS / rateTarget;
    log(`outbox drain, ${label}: ${count(BACKLOG_EVENTS)} events`);
    let result: DrainResult;
    try {
      result = await measureDrain(dir, drainCase, { nodeArgs: profileArgs, log });
    } catch (error) {
      failed = true;
      log(`outbox drain, ${label}: ${error instanceof Error ? error.message : String(error)}`);
      rateRows.push(
        couldNotMeasure(
          measure,
          rateTarget === undefined ? '0 duplicates, none lost' : `≥ ${rateTarget} events/s`,
          error,
        ),
      );
      backlogRows.push(
        couldNotMeasure(backlogMeasure, backlogTarget === undefined ? '—' : `< ${backlogTarget.toFixed(0)} s`, error),
      );
      continue;
    }
    const r = result;
    const byInstance = Object.entries(r.attemptsByInstance)
      .map(([instance, n]) => `${instance} ${count(n)}`)
      .join(', ');
    const problems = [
      r.duplicates === 0 ? '' : `${r.duplicates} duplicates`,
      r.lost === 0 ? '' : `${r.lost} lost`,
      r.pendingAfter === 0 ? '' : `${r.pendingAfter} still pending`,
      r.deadRows === 0 ? '' : `${r.deadRows} dead`,
    ].filter((problem) => problem !== '');
    log(
      `outbox drain, ${label}: ${r.perSecond.toFixed(0)} events/s (${count(r.events)} in ${r.drainSeconds.toFixed(1)} s, spawn → drained ${r.spawnToDrainedSeconds.toFixed(1)} s); receiver ${r.received} deliveries of ${r.distinct} ids; relay CPU ${r.relayCpuPerEventUs.toFixed(0)} µs/event; cores: ${r.cores}; machine: ${r.machine}; attempts: ${byInstance}`,
    );
    const detail = `(${count(r.events)} in ${r.drainSeconds.toFixed(1)} s; relay CPU ${r.relayCpuPerEventUs.toFixed(0)} µs/event; ${r.duplicates} duplicates, ${r.lost} lost)`;
    let row: Row;
    if (rateTarget === undefined) {
      const pass = problems.length === 0;
      row = {
        measure,
        figure: `${r.perSecond.toFixed(0)} events/s, ${r.duplicates} duplicates, ${r.lost} lost (attempts by instance: ${byInstance}; ${count(r.events)} in ${r.drainSeconds.toFixed(1)} s)`,
        target: '0 duplicates, none lost',
        pass,
        verdict: pass ? 'pass' : `MISS: ${problems.join(', ')}`,
      };
    } else {
      row = atLeast(measure, r.perSecond, rateTarget, fixed(0, ' events/s'), detail);
      if (problems.length > 0) {
        row = { ...row, pass: false, verdict: `${row.pass ? 'MISS' : row.verdict}: ${problems.join(', ')}` };
      }
    }
    rateRows.push(row);
    const drained = `(spawn → drained ${r.spawnToDrainedSeconds.toFixed(1)} s)`;
    backlogRows.push(
      backlogTarget === undefined
        ? {
            measure: backlogMeasure,
            figure: `${r.drainSeconds.toFixed(1)} s ${drained}`,
            target: '—',
            pass: true,
            verdict: '(no target)',
          }
        : below(backlogMeasure, r.drainSeconds, backlogTarget, fixed(1, ' s'), drained),
    );
    caseNotes.push(
      `Drain, ${label}: ${r.perSecond.toFixed(0)} events/s, ${count(r.events)} events of ${r.bodyBytes} bytes queued in ${r.fillSeconds.toFixed(1)} s and drained in ${r.drainSeconds.toFixed(1)} s (spawn → drained ${r.spawnToDrainedSeconds.toFixed(1)} s). Receiver: ${r.received} deliveries, ${r.distinct} distinct webhook-ids (${r.duplicates} duplicates, ${r.lost} lost). Database afterwards: ${r.deliveredRows} delivered, ${r.pendingAfter} pending, ${r.deadRows} dead; attempts by instance: ${byInstance}. Relay CPU ${r.relayCpuPerEventUs.toFixed(0)} µs per event; cores used from ready to drained: ${r.cores} (machine: ${r.machine}). Relay peak RSS ${r.peakRssMB.map((mb) => mb.toFixed(0)).join(', ')} MB. Relay log: ${r.log.errors} error and ${r.log.warnings} warning lines.`,
    );
  }
  const notes = [
    `Outbox drain: the backlog a 10-minute outage of a store's webhook leaves at a steady ${OUTAGE.eventsPerSecond} events/s, ${OUTAGE.minutes} × 60 s × ${OUTAGE.eventsPerSecond}/s = ${count(BACKLOG_EVENTS)} events, sent by the relay's delivery worker (batches of 64 claimed with a lease, attempted concurrently) once the store answers again. Per case: a fresh database (a SQLite file in the temp dir, or a PostgreSQL database of its own on the local server, dropped afterwards) and a fresh receiver (\`dist/bench/receiver.js\`, 204 to every POST, counting deliveries and distinct webhook-ids); one relay start migrates the database and creates the store from the STORE_* variables and stops; the bench process then queues the events with the relay's own code (createOutbox(...).newEvent, sealed under the same MASTER_KEY, due at once, realistic \`instagram.authorized\` bodies from eventBody) while no relay runs, through repository.addEvent (concurrent calls: group-committed on SQLite, 8 at a time on PostgreSQL); then N relays start together (\`dist/src/server.js\` with the heap cap of \`npm start\`, LOG_LEVEL=info to a file, a distinct INSTANCE_ID and port each, one DATABASE_URL), the receiver already up for the whole drain.`,
    `Drain time is the receiver's first to last delivery (its own monotonic clock), so relay start-up is not in it; events/s = events / drain time; "spawn → drained" adds the start-up. Duplicates = deliveries − distinct webhook-ids, lost = events − distinct ids, counted after the relays have stopped gracefully (attempts in flight finish); the database is then checked for pending and dead events and its delivery log for attempts by instance. Relay CPU per event is relay CPU time from all relays ready to drained over the events delivered in that time. Targets: ≥ 1,000 events/s on SQLite and ≥ 500 events/s on PostgreSQL with one instance (the backlog targets follow: ${count(BACKLOG_EVENTS)} / rate); with two instances on PostgreSQL, zero duplicates and none lost.`,
    ...caseNotes,
  ];
  return { rows: [...rateRows, ...backlogRows], notes, failed };
}

type Mode = 'all' | 'drain';

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'all';
  if (mode !== 'all' && mode !== 'drain') {
    log(`unknown part "${mode}": run everything with no argument, or only the outbox drain with "drain"`);
    process.exitCode = 2;
    return;
  }
  const part: Mode = mode;
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
      void Promise.allSettled([stopAll(), dropTempDatabases()]).finally(() => process.exit(130));
    });
  }

  try {
    log(`temp dir ${dir}`);
    const rows: Row[] = [];
    const notes: string[] = [];
    if (part === 'all') {
      const http = await measureHttp(dir);
      rows.push(...http.rows);
      notes.push(...http.notes);
      await stopAll(); // the fake and the receiver of the HTTP measures are not needed any more
    }
    const drain = await measureDrains(dir);
    rows.push(...drain.rows);
    notes.push(...drain.notes);
    if (profileDir !== undefined) {
      notes.push(
        `This run was profiled (node --cpu-prof, profiles in ${profileDir}): its figures are lower than an unprofiled run's.`,
      );
    }

    const seconds = (performance.now() - began) / 1000;
    process.stdout.write(`\n${textTable(rows)}\n\n`);
    if (part === 'all') {
      writeResults(RESULTS_PATH, rows, {
        date: new Date(),
        nodeVersion: process.version,
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown CPU',
        loadBefore,
        durationSeconds: seconds,
        notes,
      });
      log(`wrote ${RESULTS_PATH} (${seconds.toFixed(0)} s)`);
    } else {
      log(
        `${part} only (${seconds.toFixed(0)} s, load average before: ${loadBefore}); bench/RESULTS.md is written by a full run`,
      );
    }
    if (drain.failed) process.exitCode = 1;
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
