import { randomBytes } from 'node:crypto';
import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { authorizeUrl } from '../src/flow/authorize-link.js';
import { percentile } from './stats.js';

/**
 * A closed-loop load of complete logins: a fixed number of virtual users,
 * each a browser of its own (keep-alive connections through its own
 * node:http Agent, its own cookie), each starting its next login as soon as
 * the last one ended. One login:
 *   1. GET  relay /authorize (a freshly signed store link)  → 302 to the fake's window, sets igr_browser
 *   2. POST the fake's window with username + decision=allow → 302 to relay /callback?code&state#_
 *   3. GET  relay /callback (with the cookie)               → the relay exchanges the code (3 calls to
 *      the fake), sends the webhook, and 303s to return_to?igr_login=…&igr_state=…
 * Only that final 303 with igr_login and our state counts as done; anything
 * else is a failed flow, with its reason kept for the report.
 * (A browser would also GET the consent page first; that is the fake's work,
 * not the relay's, and is left out so the fake takes less of the 2 cores.)
 */
export interface DriverSettings {
  relayUrl: string;
  storeId: string;
  storeKey: Buffer;
  returnTo: string;
  username: string;
  users: number;
  warmupSeconds: number;
  seconds: number;
  /** Called when the measured window opens and when it closes (e.g. to read CPU counters). */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface LoginResults {
  /** Logins completed within the measured window, per second. */
  perSecond: number;
  completed: number;
  /** Logins completed over the whole run, warm-up and drain included (each sent one webhook). */
  completedTotal: number;
  /** Whole-flow latency of the logins completed in the window, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Latency of the /callback request alone (token exchanges, profile, webhook), milliseconds. */
  callbackP50Ms: number;
  callbackP99Ms: number;
  /** Failed flows in the measured window, and over the whole run (warm-up and drain included). */
  failedInWindow: number;
  failedTotal: number;
  /** A few failure reasons with their counts. */
  failureReasons: Record<string, number>;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
}

interface FlowRecord {
  end: number;
  ok: boolean;
  ms: number;
  callbackMs: number;
  reason?: string;
}

class FlowFailure extends Error {}

const REQUEST_TIMEOUT_MS = 10_000;

/** One request on the user's agent; the body is read and dropped (the driver needs status and headers only). */
function send(
  agent: Agent,
  url: string,
  options: { method?: string; cookie?: string; form?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'text/html' };
  if (options.cookie !== undefined) headers['cookie'] = options.cookie;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(options.form));
  }
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent, method: options.method ?? 'GET', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      response.on('error', reject);
    });
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () => outgoing.destroy(new FlowFailure('timeout')));
    outgoing.on('error', reject);
    outgoing.end(options.form);
  });
}

function expectRedirect(answer: Answer, status: number, step: string): URL {
  const location = answer.headers.location;
  if (answer.status !== status || location === undefined) throw new FlowFailure(`${step}: ${answer.status}`);
  return new URL(location);
}

/** A virtual user: its own connections and its own cookie jar (the relay's one cookie). */
class VirtualUser {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private cookie: string | undefined;

  constructor(private readonly settings: DriverSettings) {}

  async login(): Promise<{ callbackMs: number }> {
    const { settings } = this;
    const state = randomBytes(16).toString('base64url');
    const link = authorizeUrl(settings.relayUrl, settings.storeKey, {
      store: settings.storeId,
      purpose: 'login',
      return_to: settings.returnTo,
      state,
      exp: Math.floor(Date.now() / 1000) + 600,
    });

    const authorized = await send(this.agent, link, { cookie: this.cookie });
    const consentUrl = expectRedirect(authorized, 302, 'authorize');
    // The relay binds every flow to the browser with this cookie; a flow without it would skip that check.
    if (!this.keepCookie(authorized.headers['set-cookie'])) throw new FlowFailure('authorize: no igr_browser cookie');

    // The consent decision: the window's query fields plus the person's choice, posted to the window's path.
    const form = new URLSearchParams(consentUrl.searchParams);
    form.set('username', settings.username);
    form.set('decision', 'allow');
    const decided = await send(this.agent, `${consentUrl.origin}${consentUrl.pathname}`, {
      method: 'POST',
      form: form.toString(),
    });
    const callback = expectRedirect(decided, 302, 'consent');
    // A browser never sends the fragment (#_) Instagram appends.
    callback.hash = '';

    const began = performance.now();
    const finished = await send(this.agent, callback.href, { cookie: this.cookie });
    const callbackMs = performance.now() - began;
    const back = expectRedirect(finished, 303, 'callback');
    const error = back.searchParams.get('igr_error');
    if (error !== null) throw new FlowFailure(`callback: igr_error=${error}`);
    if (back.searchParams.get('igr_login') === null || back.searchParams.get('igr_state') !== state) {
      throw new FlowFailure('callback: no igr_login for our state');
    }
    return { callbackMs };
  }

  /** Keeps the igr_browser cookie the answer sets; false when it sets none. */
  private keepCookie(setCookie: string[] | undefined): boolean {
    const pair = setCookie
      ?.map((line) => line.split(';', 1)[0] ?? '')
      .find((value) => value.startsWith('igr_browser='));
    if (pair !== undefined) this.cookie = pair;
    return pair !== undefined;
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function driveLogins(settings: DriverSettings): Promise<LoginResults> {
  const start = performance.now();
  const windowStart = start + settings.warmupSeconds * 1000;
  const windowEnd = windowStart + settings.seconds * 1000;
  const records: FlowRecord[] = [];
  const users = Array.from({ length: settings.users }, () => new VirtualUser(settings));
  const timers = [
    setTimeout(() => settings.onWindowStart?.(), windowStart - start),
    setTimeout(() => settings.onWindowEnd?.(), windowEnd - start),
  ];

  // Each user loops until the window closes; flows in flight then finish (the drain), counted only if they fail.
  await Promise.all(
    users.map(async (user) => {
      while (performance.now() < windowEnd) {
        const began = performance.now();
        try {
          const { callbackMs } = await user.login();
          const end = performance.now();
          records.push({ end, ok: true, ms: end - began, callbackMs });
        } catch (error) {
          const reason =
            error instanceof FlowFailure
              ? error.message
              : `${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
          records.push({ end: performance.now(), ok: false, ms: 0, callbackMs: 0, reason });
          // A pause after a failure, so a dead relay (refused connections) is not hammered in a tight loop.
          await sleep(50);
        }
      }
    }),
  );
  for (const user of users) user.close();
  for (const timer of timers) clearTimeout(timer);

  const inWindow = records.filter((record) => record.end >= windowStart && record.end <= windowEnd);
  const done = inWindow.filter((record) => record.ok);
  const failureReasons: Record<string, number> = {};
  for (const record of records) {
    if (!record.ok && record.reason !== undefined)
      failureReasons[record.reason] = (failureReasons[record.reason] ?? 0) + 1;
  }
  return {
    perSecond: done.length / settings.seconds,
    completed: done.length,
    completedTotal: records.filter((record) => record.ok).length,
    p50Ms: percentile(
      done.map((record) => record.ms),
      50,
    ),
    p99Ms: percentile(
      done.map((record) => record.ms),
      99,
    ),
    callbackP50Ms: percentile(
      done.map((record) => record.callbackMs),
      50,
    ),
    callbackP99Ms: percentile(
      done.map((record) => record.callbackMs),
      99,
    ),
    failedInWindow: inWindow.length - done.length,
    failedTotal: records.filter((record) => !record.ok).length,
    failureReasons,
  };
}
