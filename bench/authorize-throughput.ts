import autocannon, { type Result } from 'autocannon';
import { cpuSeconds } from './cpu.js';

/**
 * Throughput of one `/authorize` URL with autocannon: a warm-up run whose
 * figures are thrown away (JIT, SQLite page cache, connection set-up), then
 * the measured run. Only 302 answers count: anything else (a refused link, a
 * 500) would be cheap work and must not inflate the figure.
 */
export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface Throughput {
  /** 302 answers per second over the measured run. */
  perSecond: number;
  p99Ms: number;
  /** The server's CPU time per answer over the measured run, microseconds (steadier than throughput on a busy machine). */
  cpuPerRequestUs: number;
  /** Answers other than 302, by status, plus connection errors and timeouts. */
  unexpected: Record<string, number>;
}

function run(url: string, connections: number, seconds: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, timeout: 10 }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

/** `pid` is the server's process, whose CPU time is read around the measured run. */
export async function measureThroughput(url: string, pid: number, settings: LoadSettings): Promise<Throughput> {
  await run(url, settings.connections, settings.warmupSeconds);
  const cpuBefore = cpuSeconds(pid);
  const result = await run(url, settings.connections, settings.seconds);
  const cpu = cpuSeconds(pid) - cpuBefore;
  const unexpected: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) {
    if (status !== '302') unexpected[status] = count;
  }
  if (result.errors > 0) unexpected['errors'] = result.errors;
  if (result.timeouts > 0) unexpected['timeouts'] = result.timeouts;
  const redirects = result.statusCodeStats['302']?.count ?? 0;
  return {
    perSecond: redirects / result.duration,
    p99Ms: result.latency.p99,
    cpuPerRequestUs: (cpu * 1e6) / Math.max(1, result.requests.total),
    unexpected,
  };
}
