import { readFileSync } from 'node:fs';

/**
 * CPU time of the bench's processes. On a shared 2-core machine throughput
 * moves with whatever else runs; CPU time per request moves much less, and
 * cores used per process shows which process was the bottleneck.
 */

/** Linux reports utime/stime in USER_HZ ticks, which is 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3, the state: utime is field 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export interface CpuSnapshot {
  at: number;
  seconds: Record<string, number>;
}

/** CPU seconds of each named process, plus the bench process itself (the load generators) as `bench`. */
export function cpuSnapshot(pids: Readonly<Record<string, number>>): CpuSnapshot {
  const seconds: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) seconds[name] = cpuSeconds(pid);
  const own = process.cpuUsage();
  seconds['bench'] = (own.user + own.system) / 1e6;
  return { at: performance.now(), seconds };
}

/** CPU seconds each process used between two snapshots. */
export function cpuUsed(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [name, end] of Object.entries(after.seconds)) used[name] = end - (before.seconds[name] ?? 0);
  return used;
}

/** Cores each process kept busy on average between two snapshots, e.g. "relay 0.97, fake 0.41". */
export function coresText(before: CpuSnapshot, after: CpuSnapshot): string {
  const wall = (after.at - before.at) / 1000;
  return Object.entries(cpuUsed(before, after))
    .map(([name, seconds]) => `${name} ${(seconds / wall).toFixed(2)}`)
    .join(', ');
}
