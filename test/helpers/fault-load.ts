import type { Test } from 'tap';
import type { Instance, ProcessStack, SignInAttempt } from './process-stack.js';
import { waitUntil } from './relay-process.js';

/**
 * Shoppers signing in without pause while a test breaks the database under
 * the relay, and the figures an operator would want afterwards: how many
 * sign-ins were attempted, how many failed cleanly, whether every completed
 * one reached the store, and how long the relay took to recover.
 */
export interface Load {
  attempts: readonly (SignInAttempt & { at: number })[];
  completedSince(at: number): number;
  /** Lets the sign-ins in flight finish and starts no more. */
  stop(): Promise<void>;
}

const RETRY_PAUSE_MS = 250;

/** `shoppers` sign-ins in flight at all times, on whichever instance `target()` names when each starts. */
export function startLoad(stack: ProcessStack, target: () => Instance, shoppers: number): Load {
  const attempts: (SignInAttempt & { at: number })[] = [];
  let running = true;
  const shopper = async () => {
    while (running) {
      const attempt = { ...(await stack.trySignIn(target())), at: Date.now() };
      attempts.push(attempt);
      // A shopper asked to try again does so a moment later, not in a tight loop.
      if (attempt.ending !== 'completed') await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    }
  };
  const all = Promise.all(Array.from({ length: shoppers }, shopper));
  return {
    attempts,
    completedSince: (at) => attempts.filter((attempt) => attempt.ending === 'completed' && attempt.at > at).length,
    async stop() {
      running = false;
      await all;
    },
  };
}

export async function readyStatus(instance: Instance): Promise<number> {
  try {
    return (await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(10_000) })).status;
  } catch {
    return 0;
  }
}

export async function waitForReadiness(instance: Instance, status: 200 | 503, ms: number): Promise<number> {
  await waitUntil(
    async () => (await readyStatus(instance)) === status,
    ms,
    () => `/readyz on ${instance.name} to answer ${status}`,
  );
  return Date.now();
}

/** What the store's webhook receiver got, per sign-in: every accepted delivery, by login id and webhook-id. */
export function deliveriesByLogin(stack: ProcessStack): Map<string, string[]> {
  const byLogin = new Map<string, string[]>();
  for (const delivery of stack.receiver.deliveries) {
    if (delivery.status >= 300) continue;
    const login = (JSON.parse(delivery.body) as { data: { login_id: string } }).data.login_id;
    byLogin.set(login, [...(byLogin.get(login) ?? []), delivery.headers['webhook-id'] as string]);
  }
  return byLogin;
}

/**
 * The checks every fault test ends with, once the load has stopped: no
 * shopper saw anything but a completed sign-in or the "try again" page, every
 * completed sign-in reached the store, the outbox drains (nothing is left
 * behind), a sign-in was never sent under two webhook-ids; then the figures.
 */
export async function checkNothingLost(
  t: Test,
  stack: ProcessStack,
  instance: Instance,
  attempts: readonly (SignInAttempt & { at: number })[],
  timing: { faultAt: number; restoredAt: number; readyAt: number; signedInAt: number },
): Promise<void> {
  const completed = attempts.filter((attempt) => attempt.ending === 'completed');
  const failedCleanly = attempts.filter((attempt) => attempt.ending === 'failed_cleanly');
  const unclean = attempts.filter((attempt) => attempt.ending === 'unclean');
  t.same(
    unclean.map((attempt) => (attempt.ending === 'unclean' ? attempt.detail : '')),
    [],
    'every shopper either signed in or got the "try again" page',
  );

  await waitUntil(
    async () => {
      const pending = await stack.admin(instance, 'GET', '/v1/stores/shop-1/deliveries?status=pending');
      return pending.status === 200 && (pending.body as { deliveries: unknown[] }).deliveries.length === 0;
    },
    60_000,
    () => 'the outbox to drain',
  );
  const byLogin = deliveriesByLogin(stack);
  const missing = completed.filter((attempt) => attempt.ending === 'completed' && !byLogin.has(attempt.loginId));
  t.equal(missing.length, 0, 'every completed sign-in reached the store');
  const twoIds = [...byLogin.values()].filter((ids) => new Set(ids).size > 1);
  t.equal(twoIds.length, 0, 'no sign-in reached the store under two webhook-ids');

  const duplicates = [...byLogin.values()].reduce((sum, ids) => sum + ids.length - 1, 0);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  t.comment(
    `attempted ${attempts.length}, completed ${completed.length}, failed cleanly ${failedCleanly.length} ` +
      `(${['authorize', 'callback', 'delivery_failed']
        .map(
          (step) => `${step} ${failedCleanly.filter((a) => a.ending === 'failed_cleanly' && a.step === step).length}`,
        )
        .join(', ')}), unclean ${unclean.length}; ` +
      `delivered ${byLogin.size} sign-ins (${byLogin.size - completed.length} of them to shoppers who were asked ` +
      `to try again), duplicates ${duplicates} (same webhook-id); ` +
      `fault lasted ${seconds(timing.restoredAt - timing.faultAt)} s, ready ${seconds(timing.readyAt - timing.restoredAt)} s ` +
      `and first sign-in ${seconds(timing.signedInAt - timing.restoredAt)} s after the database was back`,
  );
}

/** The relay process is still the one that started: it never exited, never logged an unhandled error. */
export function checkAlive(t: Test, instance: Instance): void {
  t.equal(instance.process.child.exitCode, null, `${instance.name} is still running`);
  t.equal(instance.process.child.signalCode, null, `${instance.name} was not killed by a signal`);
  t.same(
    instance.process.lines.filter((line) => /Unhandled|uncaught/i.test(line)),
    [],
    'nothing went unhandled',
  );
}

/** The operator's view: the fault logged as an error, its recovery logged, the metric counted. */
export async function checkOperatorSaw(t: Test, instance: Instance, fault: string, recovered = true): Promise<void> {
  const entries = instance.process.lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as { level: number; msg: string; fault?: string }];
    } catch {
      return [];
    }
  });
  t.ok(
    entries.some(
      (entry) => entry.level === 50 && entry.fault === fault && entry.msg.startsWith('database unavailable'),
    ),
    `the outage was logged as an error (${fault})`,
  );
  if (recovered)
    t.ok(
      entries.some((entry) => entry.msg === 'database writable again'),
      'and its end',
    );
  const metrics = await (await fetch(`${instance.url}/metrics`)).text();
  const counted = new RegExp(`^igr_storage_faults_total\\{fault="${fault}"\\} ([0-9]+)$`, 'm').exec(metrics)?.[1];
  t.ok(Number(counted) >= 1, `igr_storage_faults_total{fault="${fault}"} counted ${counted}`);
}
