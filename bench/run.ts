/**
 * `npm run bench`: the relay's performance targets, measured in one run on
 * loopback against the fake Instagram and a webhook receiver, each server in
 * its own process:
 *   1. start-up (spawn → first 200 from /readyz, median of several starts) and idle memory;
 *   2. complete sign-ins per second with p50/p99, the relay's CPU per sign-in and peak RSS;
 *   3. /authorize beside its peers (bench/peers/: bare Fastify and @fastify/oauth2), in rotating rounds;
 *   4. the outbox drain (bench/drain.ts): the backlog of a 10-minute webhook
 *      outage sent to a loopback receiver by the delivery worker, on SQLite
 *      with one relay and on PostgreSQL with one and two relays.
 * Prints the table and writes it to bench/RESULTS.md. Exits 0 when the run
 * completed, whether or not every target was met (the table says which);
 * non-zero when it could not measure.
 *
 * `node dist/bench/run.js <part>` (after `npm run build`) runs one part, for
 * iterating on it — `authorize`, `login` (start-up, idle memory and sign-ins)
 * or `drain` — and prints its table, leaving bench/RESULTS.md alone, which
 * only a full run writes. PostgreSQL: the server at BENCH_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres); each drain case gets
 * a database of its own, dropped at the end.
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
import { BACKLOG_EVENTS, caseLabel, DRAIN_CASES, measureDrain, OUTAGE, type DrainResult } from './drain.js';
import { measureHttp } from './http-measures.js';
import { dropTempDatabases } from './postgres.js';
import { killAllNow, stopAll } from './processes.js';
import { atLeast, below, textTable, writeResults, type Row } from './report.js';

const RESULTS_PATH = fileURLToPath(new URL('../../bench/RESULTS.md', import.meta.url)); // from dist/bench/ to the source bench/
const profileDir = process.env['BENCH_CPU_PROF'];
const profileArgs = (name: string): string[] =>
  profileDir === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`];

const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const fixed =
  (digits: number, unit = '') =>
  (n: number) =>
    `${n.toFixed(digits)}${unit}`;

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

const PARTS = ['all', 'authorize', 'login', 'drain'] as const;
type Part = (typeof PARTS)[number];
const isPart = (text: string): text is Part => (PARTS as readonly string[]).includes(text);

async function main(): Promise<void> {
  const mode = process.argv[2] ?? 'all';
  if (!isPart(mode)) {
    log(`unknown part "${mode}": run everything with no argument, or one part: authorize, login or drain`);
    process.exitCode = 2;
    return;
  }
  const part: Part = mode;
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
    if (part !== 'drain') {
      const http = await measureHttp(dir, part, profileArgs, log);
      rows.push(...http.rows);
      notes.push(...http.notes);
      await stopAll(); // the fake and the receiver of the HTTP measures are not needed any more
    }
    let drainFailed = false;
    if (part === 'all' || part === 'drain') {
      const drain = await measureDrains(dir);
      rows.push(...drain.rows);
      notes.push(...drain.notes);
      drainFailed = drain.failed;
    }
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
    if (drainFailed) process.exitCode = 1;
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
