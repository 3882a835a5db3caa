import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Test } from 'tap';
import { builtEntry } from './built.js';

/** The relay as an operator runs it: a real process, configured by its environment. */
export interface RelayProcess {
  child: ChildProcess;
  /** Every line it wrote to stdout and stderr. */
  lines: string[];
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

export function spawnRelay(env: Record<string, string>): RelayProcess {
  const child = spawn(process.execPath, [builtEntry('src/server.ts')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => lines.push(line));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}

/** Starts the relay and waits until it is ready; it is killed when `t` ends. */
export async function startRelayProcess(t: Test, env: Record<string, string>): Promise<RelayProcess> {
  const relay = spawnRelay(env);
  t.teardown(() => void relay.child.kill('SIGKILL'));
  await waitForLine(relay.lines, /"msg":"relay ready"/);
  return relay;
}

export async function waitForLine(lines: string[], pattern: RegExp, ms = 20_000): Promise<void> {
  await waitUntil(
    () => lines.some((line) => pattern.test(line)),
    ms,
    () => `${pattern}; got:\n${lines.join('\n')}`,
  );
}

/** Polls `done` every 50 ms; fails after `ms` with what `describe` says. */
export async function waitUntil(done: () => boolean | Promise<boolean>, ms: number, describe: () => string) {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
