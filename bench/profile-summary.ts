/**
 * Reads a V8 .cpuprofile (from `BENCH_CPU_PROF=<dir> npm run bench`, or any
 * `node --cpu-prof` run) and prints where the time went: self and inclusive
 * time by package or relay file, and by function. DevTools shows the same,
 * but this works over ssh and in a report.
 *   node dist/bench/profile-summary.js <file.cpuprofile> [rows]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node dist/bench/profile-summary.js <file.cpuprofile> [rows]\n');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** Where a frame's code lives: an npm package, a relay source file, a node: module, or a native frame. */
function placeOf(frame: ProfileNode['callFrame']): string {
  const url = frame.url.replace(/^file:\/\//, '');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1] !== undefined) return pkg[1];
  const relay = /\/dist\/(src\/.*)$/.exec(url);
  if (relay?.[1] !== undefined) return relay[1];
  return url === '' ? `(${frame.functionName})` : url;
}
const functionOf = (frame: ProfileNode['callFrame']): string =>
  frame.url === ''
    ? `(${frame.functionName})`
    : `${frame.functionName || '(anonymous)'} ${placeOf(frame)}:${frame.lineNumber + 1}`;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

// Sample time per node, in microseconds.
const timeOf = new Map<number, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const delta = profile.timeDeltas[index] ?? 0;
  timeOf.set(id, (timeOf.get(id) ?? 0) + delta);
  total += delta;
});

const tables = {
  selfPlace: new Map<string, number>(),
  selfFunction: new Map<string, number>(),
  inclPlace: new Map<string, number>(),
  inclFunction: new Map<string, number>(),
};
const add = (table: Map<string, number>, key: string, time: number) => table.set(key, (table.get(key) ?? 0) + time);
for (const [id, time] of timeOf) {
  const node = byId.get(id);
  if (node === undefined) continue;
  add(tables.selfPlace, placeOf(node.callFrame), time);
  add(tables.selfFunction, functionOf(node.callFrame), time);
  // Inclusive time: every distinct place and function on the sample's stack, counted once (recursion is not double-counted).
  const places = new Set<string>();
  const functions = new Set<string>();
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const frame = byId.get(current)?.callFrame;
    if (frame === undefined) break;
    places.add(placeOf(frame));
    functions.add(functionOf(frame));
  }
  for (const place of places) add(tables.inclPlace, place, time);
  for (const name of functions) add(tables.inclFunction, name, time);
}

function print(title: string, table: Map<string, number>): void {
  process.stdout.write(`\n== ${title}\n`);
  for (const [key, time] of [...table].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    process.stdout.write(
      `${((100 * time) / total).toFixed(1).padStart(5)}% ${(time / 1000).toFixed(0).padStart(7)} ms  ${key}\n`,
    );
  }
}
process.stdout.write(`${file}: ${(total / 1e6).toFixed(2)} s sampled ((idle) is time the thread waited for work)\n`);
print('self time by package / file', tables.selfPlace);
print('self time by function', tables.selfFunction);
print('inclusive time by package / file', tables.inclPlace);
print('inclusive time by function', tables.inclFunction);
