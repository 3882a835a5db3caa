import { randomBytes } from 'node:crypto';
import { closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { systemClock } from '../src/clock.js';
import { createSecretBox } from '../src/crypto/secret-box.js';
import { randomToken } from '../src/crypto/random.js';
import { freeLoopbackPort } from '../src/dev/free-port.js';
import { createLogger } from '../src/logger.js';
import { openRepository } from '../src/storage/open-repository.js';
import { generateStoreSecret } from '../src/tenants/store-secret.js';
import { eventBody, type AuthorizedData } from '../src/webhooks/events.js';
import { createOutbox } from '../src/webhooks/outbox.js';
import { coresText, cpuSecondsOfCommand, cpuSnapshot, cpuUsed, cpuUsedByCommand, machineCpuSeconds } from './cpu.js';
import { createTempDatabase, queryDatabase, type TempDatabase } from './postgres.js';
import { firstJsonLine, peakRssBytes, startProcess, waitForOk, type Child } from './processes.js';
import { baseEnv, logFile, SCRIPTS, START_FLAGS } from './stack.js';

/**
 * The outbox drain: the backlog a store's webhook outage leaves behind, sent
 * by the relay's own delivery worker once the store answers again. The bench
 * fills the outbox with the relay's code (sealed events, due now) while no
 * relay runs, then starts a receiver and N relay processes on one database
 * and times until the receiver has seen every event.
 */

/** The outage the backlog stands for: 10 minutes of a store's webhook down at a steady 30 events/s. */
export const OUTAGE = { minutes: 10, eventsPerSecond: 30 };
export const BACKLOG_EVENTS = OUTAGE.minutes * 60 * OUTAGE.eventsPerSecond; // 18,000

export type Storage = 'sqlite' | 'postgres';
export interface DrainCase {
  storage: Storage;
  instances: number;
}
export const DRAIN_CASES: readonly DrainCase[] = [
  { storage: 'sqlite', instances: 1 },
  { storage: 'postgres', instances: 1 },
  { storage: 'postgres', instances: 2 },
];

export const caseLabel = (c: DrainCase): string =>
  `${c.storage === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, ${c.instances} instance${c.instances === 1 ? '' : 's'}`;
const caseName = (c: DrainCase): string => `drain-${c.storage}-${c.instances}`;

/** Concurrent addEvent calls while filling: SQLite group-commits all those of one tick; a PostgreSQL pool holds 10. */
const FILL_CONCURRENCY: Record<Storage, number> = { sqlite: 500, postgres: 8 };
/** Gives up on a drain that has not finished by then (the whole drain part should take about 2 minutes). */
const DRAIN_TIMEOUT_MS = 90_000;
const POLL_MS = 25;

const STORE_ID = 'bench-drain-store';

export interface DrainResult {
  case: DrainCase;
  events: number;
  bodyBytes: number;
  fillSeconds: number;
  /** First to last delivery the receiver saw. */
  drainSeconds: number;
  perSecond: number;
  /** Spawn of the relays to the last delivery: start-up included. */
  spawnToDrainedSeconds: number;
  received: number;
  distinct: number;
  duplicates: number;
  lost: number;
  /** From the database once the relays have stopped. */
  pendingAfter: number;
  deliveredRows: number;
  deadRows: number;
  attemptsByInstance: Record<string, number>;
  relayCpuPerEventUs: number;
  /** Cores each process kept busy from ready to drained (the PostgreSQL server's processes together). */
  cores: string;
  /** The whole machine over the same time. */
  machine: string;
  peakRssMB: number[];
  log: { errors: number; warnings: number };
}

interface ReceiverStats {
  received: number;
  distinct: number;
  firstAt: number | null;
  lastAt: number | null;
}

async function receiverStats(url: string): Promise<ReceiverStats> {
  return (await (await fetch(`${url}/stats`)).json()) as ReceiverStats;
}

/**
 * A realistic `instagram.authorized` body of about 630 bytes: a shopper's sign-in (no display name or
 * picture) whose long-lived token is most of it.
 */
function authorizedBody(index: number, now: number): string {
  const data: AuthorizedData = {
    login_id: `lgn_${randomToken(24)}`,
    store: STORE_ID,
    purpose: 'login',
    state: randomToken(16),
    instagram_user_id: String(17841400000000000n + BigInt(index)),
    app_scoped_id: String(26000000000000000n + BigInt(index)),
    username: `shopper.${index}`,
    account_type: 'PERSONAL',
    name: null,
    profile_picture_url: null,
    access_token: `IGAA${randomBytes(80).toString('base64url')}`,
    token_type: 'bearer',
    expires_at: new Date(now + 60 * 24 * 60 * 60 * 1000).toISOString(),
    scopes: ['instagram_business_basic'],
    api: 'instagram-login',
  };
  return eventBody('instagram.authorized', data, now);
}

/**
 * Queues `events` due-now events with the relay's outbox code; resolves the body size. Runs in the bench
 * process while no relay is running, so the drain starts from a full backlog.
 */
async function fillBacklog(
  location: Parameters<typeof openRepository>[0],
  masterKey: Buffer,
  storage: Storage,
  events: number,
): Promise<number> {
  const repo = await openRepository(location);
  const notUsed = () => Promise.reject(new Error('the bench only builds events'));
  const outbox = createOutbox({
    repo,
    box: createSecretBox([masterKey]),
    send: notUsed,
    clock: systemClock,
    log: createLogger('silent'),
    disableWebhook: notUsed,
    instanceId: 'bench-fill',
    leaseMs: 0,
  });
  let next = 0;
  let bodyBytes = 0;
  const worker = async () => {
    while (next < events) {
      const index = next;
      next += 1;
      const body = authorizedBody(index, Date.now());
      bodyBytes = Buffer.byteLength(body);
      await repo.addEvent(outbox.newEvent(STORE_ID, 'instagram.authorized', body));
    }
  };
  try {
    await Promise.all(Array.from({ length: FILL_CONCURRENCY[storage] }, worker));
  } finally {
    await repo.close();
  }
  return bodyBytes;
}

/** Delivery attempts per relay instance, read from the database's delivery log. */
async function attemptsByInstance(storage: Storage, where: string): Promise<Record<string, number>> {
  const statement = 'SELECT instance, COUNT(*) AS n FROM delivery_attempts GROUP BY instance ORDER BY instance';
  let rows: { instance: string; n: number | string }[];
  if (storage === 'postgres') rows = await queryDatabase(where, statement);
  else {
    const db = new Database(where, { readonly: true });
    try {
      rows = db.prepare(statement).all() as typeof rows;
    } finally {
      db.close();
    }
  }
  return Object.fromEntries(rows.map((row) => [row.instance, Number(row.n)]));
}

/** Error and warning lines in a relay's log file (pino levels 50 and 40). */
export function logLevels(dir: string, name: string): { errors: number; warnings: number } {
  const text = readFileSync(join(dir, `${name}.log`), 'utf8');
  return { errors: text.split('"level":50').length - 1, warnings: text.split('"level":40').length - 1 };
}

export async function measureDrain(
  dir: string,
  drainCase: DrainCase,
  options: { events?: number; nodeArgs?: (name: string) => string[]; log: (message: string) => void },
): Promise<DrainResult> {
  const events = options.events ?? BACKLOG_EVENTS;
  const name = caseName(drainCase);
  const children: Child[] = [];
  let database: TempDatabase | undefined;
  try {
    const receiver = startProcess(`${name}-receiver`, SCRIPTS.receiver, { env: baseEnv(), stdout: 'pipe' });
    children.push(receiver);
    const store = await firstJsonLine<{ url: string }>(receiver);

    let location: Parameters<typeof openRepository>[0];
    if (drainCase.storage === 'sqlite') {
      const path = join(dir, `${name}.db`);
      location = { kind: 'sqlite', path, url: `sqlite:${path}` };
    } else {
      database = await createTempDatabase();
      location = { kind: 'postgres', path: '', url: database.url };
    }

    const masterKey = randomBytes(32);
    const commonEnv = {
      ...baseEnv(),
      HOST: '127.0.0.1',
      DATABASE_URL: location.url,
      COOKIE_SECRET: randomBytes(32).toString('hex'),
      MASTER_KEY: masterKey.toString('base64'),
      LOG_LEVEL: 'info',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      STORE_ID,
      STORE_SECRET: generateStoreSecret(),
      STORE_WEBHOOK_URL: `${store.url}/webhooks/instagram`,
      STORE_RETURN_ORIGINS: 'https://shop.example',
      STORE_IG_APP_ID: '100200300400500',
      STORE_IG_APP_SECRET: randomBytes(16).toString('hex'),
    };
    const startRelay = async (relayName: string, instanceId: string, nodeArgs: string[] = []) => {
      const port = await freeLoopbackPort();
      const log = logFile(dir, relayName);
      const env = { ...commonEnv, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, INSTANCE_ID: instanceId };
      const child = startProcess(relayName, SCRIPTS.relay, {
        env,
        nodeArgs: [...START_FLAGS, ...nodeArgs],
        stdout: log,
      });
      closeSync(log);
      children.push(child);
      await waitForOk(child, `http://127.0.0.1:${port}/readyz`, 20_000);
      return child;
    };

    // One start migrates the database and creates the store from STORE_*; the outbox is empty then.
    const bootstrap = await startRelay(`${name}-bootstrap`, 'bench-bootstrap');
    await bootstrap.stop();

    const fillBegan = performance.now();
    const bodyBytes = await fillBacklog(location, masterKey, drainCase.storage, events);
    const fillSeconds = (performance.now() - fillBegan) / 1000;
    options.log(`${name}: ${events} events queued in ${fillSeconds.toFixed(1)} s (${bodyBytes}-byte bodies)`);

    // The receiver is up before any relay starts: this is the drain after the outage, not the outage.
    const spawnedAt = performance.now();
    const relayNames = Array.from({ length: drainCase.instances }, (_, i) => `${name}-relay-${i + 1}`);
    const relays = await Promise.all(
      relayNames.map((relayName) => startRelay(relayName, relayName, options.nodeArgs?.(relayName) ?? [])),
    );
    const pids = {
      ...Object.fromEntries(relays.map((relay, i) => [`relay${i + 1}`, relay.pid])),
      receiver: receiver.pid,
    };
    const postgresCpu = () =>
      drainCase.storage === 'postgres' ? cpuSecondsOfCommand('postgres') : new Map<number, number>();
    const readyCpu = cpuSnapshot(pids);
    const readyPostgres = postgresCpu();
    const readyMachine = machineCpuSeconds();
    const atReady = await receiverStats(store.url);

    let stats = atReady;
    const deadline = performance.now() + DRAIN_TIMEOUT_MS;
    while (stats.distinct < events) {
      for (const relay of relays) {
        if (relay.process.exitCode !== null)
          throw new Error(`${relay.name} exited during the drain: ${relay.stderrTail()}`);
      }
      if (performance.now() > deadline) {
        throw new Error(`${name}: ${stats.distinct} of ${events} events delivered after ${DRAIN_TIMEOUT_MS / 1000} s`);
      }
      await sleep(POLL_MS);
      stats = await receiverStats(store.url);
    }
    const drainedCpu = cpuSnapshot(pids);
    const drainedPostgres = postgresCpu();
    const drainedMachine = machineCpuSeconds();
    const spawnToDrainedSeconds = (performance.now() - spawnedAt) / 1000;
    const peakRssMB = relays.map((relay) => peakRssBytes(relay.pid) / 1e6);
    const used = cpuUsed(readyCpu, drainedCpu);
    const relayCpu = relays.reduce((sum, _, i) => sum + (used[`relay${i + 1}`] ?? 0), 0);
    const relayCpuPerEventUs = (relayCpu * 1e6) / Math.max(1, stats.received - atReady.received);
    const wall = (drainedCpu.at - readyCpu.at) / 1000;
    const postgresCores = cpuUsedByCommand(readyPostgres, drainedPostgres) / wall;
    const cores = `${coresText(readyCpu, drainedCpu)}${drainCase.storage === 'postgres' ? `, postgres ${postgresCores.toFixed(2)}` : ''}`;
    const machineCores = (key: 'busy' | 'iowait' | 'steal') => (drainedMachine[key] - readyMachine[key]) / wall;
    const machine = `${machineCores('busy').toFixed(2)} of ${((drainedMachine.total - readyMachine.total) / wall).toFixed(1)} cores busy, iowait ${machineCores('iowait').toFixed(2)}, steal ${machineCores('steal').toFixed(2)}`;

    // A graceful stop lets attempts in flight finish: whatever a relay still sends shows in the final count.
    await Promise.all(relays.map((relay) => relay.stop()));
    const final = await receiverStats(store.url);
    const drainSeconds = ((stats.lastAt ?? 0) - (stats.firstAt ?? 0)) / 1000;

    const repo = await openRepository(location);
    let pendingAfter: number;
    let deliveredRows: number;
    let deadRows: number;
    try {
      pendingAfter = (await repo.outboxStats()).pending;
      deliveredRows = (await repo.listEvents(STORE_ID, { limit: events + 1, status: 'delivered' })).length;
      deadRows = (await repo.listEvents(STORE_ID, { limit: events + 1, status: 'dead' })).length;
    } finally {
      await repo.close();
    }
    const byInstance = await attemptsByInstance(
      drainCase.storage,
      drainCase.storage === 'sqlite' ? location.path : location.url,
    );
    const logs = relayNames.map((relayName) => logLevels(dir, relayName));

    return {
      case: drainCase,
      events,
      bodyBytes,
      fillSeconds,
      drainSeconds,
      perSecond: events / drainSeconds,
      spawnToDrainedSeconds,
      received: final.received,
      distinct: final.distinct,
      duplicates: final.received - final.distinct,
      lost: events - final.distinct,
      pendingAfter,
      deliveredRows,
      deadRows,
      attemptsByInstance: byInstance,
      relayCpuPerEventUs,
      cores,
      machine,
      peakRssMB,
      log: {
        errors: logs.reduce((sum, l) => sum + l.errors, 0),
        warnings: logs.reduce((sum, l) => sum + l.warnings, 0),
      },
    };
  } finally {
    await Promise.all(children.map((child) => child.stop(2000)));
    await database?.drop();
  }
}
