import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Child processes of the bench: every server runs in its own process so the
 * relay's CPU, memory and start-up figures are its own. Every child is kept
 * in one registry, so a failing or interrupted bench still kills them all.
 */
export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal name) once the process has gone. */
  readonly exited: Promise<number | string>;
  /** The last few KiB of stderr, for error messages. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if the process is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** The child's whole environment: nothing is inherited, so the caller's shell cannot change the run. */
  env: Record<string, string>;
  nodeArgs?: string[];
  /** 'pipe' to read stdout (processes that announce themselves), or a file descriptor to send it to. */
  stdout: 'pipe' | number;
}

const running = new Set<Child>();
const STDERR_TAIL_BYTES = 8 * 1024;

export function startProcess(name: string, script: string, options: StartOptions): Child {
  const proc = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    env: options.env,
    stdio: ['ignore', options.stdout, 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`${name}: could not spawn ${script}`);
  let stderr = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });
  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const child: Child = {
    name,
    pid: proc.pid,
    process: proc,
    exited,
    stderrTail: () => stderr.trim(),
    async stop(graceMs = 5000) {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const gone = await Promise.race([exited.then(() => true), sleep(graceMs, false)]);
        if (!gone) {
          proc.kill('SIGKILL');
          await exited;
        }
      }
      running.delete(child);
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** The first stdout line of a child that announces itself with one JSON line (the fake, the receiver). */
export function firstJsonLine<T>(child: Child, timeoutMs = 10_000): Promise<T> {
  const piped = child.process.stdout;
  if (piped === null) return Promise.reject(new Error(`${child.name}: stdout is not piped`));
  const stdout = piped; // a non-null binding the hoisted helpers below can see
  return new Promise<T>((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => fail(new Error(`${child.name}: no start-up line within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\n');
      if (end === -1) return;
      cleanup();
      try {
        resolve(JSON.parse(buffered.slice(0, end)) as T);
      } catch {
        reject(new Error(`${child.name}: start-up line is not JSON: ${buffered.slice(0, end)}`));
      }
      // Later output is not needed, but must be drained so the child never blocks on a full pipe.
      stdout.resume();
    };
    const onExit = (code: number | null) =>
      fail(new Error(`${child.name} exited (${code}) before starting: ${child.stderrTail()}`));
    function cleanup(): void {
      clearTimeout(timer);
      stdout.off('data', onData);
      child.process.off('exit', onExit);
    }
    function fail(error: Error): void {
      cleanup();
      reject(error);
    }
    stdout.on('data', onData);
    child.process.once('exit', onExit);
  });
}

/** One GET on a fresh connection; resolves the status code, rejects on connection errors. */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = get(url, { agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.setTimeout(1000, () => request.destroy(new Error('timeout')));
  });
}

/**
 * Polls `url` until it answers 200 (connection refused while the process is
 * still starting). Polls every few milliseconds, so the start-up figure is
 * not rounded up to a coarse interval.
 */
export async function waitForOk(child: Child, url: string, timeoutMs = 10_000, intervalMs = 3): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      throw new Error(`${child.name} exited before it was ready: ${child.stderrTail()}`);
    }
    const status = await statusOf(url).catch(() => 0);
    if (status === 200) return;
    if (performance.now() > deadline) throw new Error(`${child.name}: ${url} not ready within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  if (match?.[1] === undefined) throw new Error(`no ${field} in /proc/${pid}/status`);
  return Number(match[1]);
}

/** VmHWM, the peak resident set size the kernel recorded for the process, in bytes. */
export function peakRssBytes(pid: number): number {
  return statusKiB(pid, 'VmHWM') * 1024;
}

/** VmRSS, the process's resident set size now, in bytes. */
export function residentBytes(pid: number): number {
  return statusKiB(pid, 'VmRSS') * 1024;
}

/** Stops every child still running (SIGTERM, then SIGKILL). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop(2000)));
}

/** For process exit paths, where nothing asynchronous runs any more: SIGKILL whatever is left. */
export function killAllNow(): void {
  for (const child of running) {
    if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
  }
  running.clear();
}
