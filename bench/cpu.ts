import { readdirSync, readFileSync } from 'node:fs';

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

/** CPU seconds of every process whose command name is `command` (e.g. the PostgreSQL server's), by pid. */
export function cpuSecondsOfCommand(command: string): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === command) {
        seconds.set(Number(entry), cpuSeconds(Number(entry)));
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return seconds;
}

/** CPU seconds those processes used between two readings; a process that started in between counts from zero. */
export function cpuUsedByCommand(before: Map<number, number>, after: Map<number, number>): number {
  let used = 0;
  for (const [pid, end] of after) used += end - (before.get(pid) ?? 0);
  return used;
}

/**
 * CPU seconds of the whole machine so far, summed over its cores: busy, waiting for I/O, stolen by the
 * hypervisor (a noisy neighbour), and in all.
 */
export function machineCpuSeconds(): { busy: number; iowait: number; steal: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal (guest time is already in user and nice)
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq;
  return {
    busy: busy / TICKS_PER_SECOND,
    iowait: iowait / TICKS_PER_SECOND,
    steal: steal / TICKS_PER_SECOND,
    total: (busy + idle + iowait + steal) / TICKS_PER_SECOND,
  };
}
