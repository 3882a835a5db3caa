import { writeFileSync } from 'node:fs';

/**
 * The results table: one row per measure with its figure, target and
 * verdict, printed to the terminal and written to bench/RESULTS.md (the
 * committed "latest figures"), with the context a reader needs to judge them.
 */
export interface Row {
  measure: string;
  figure: string;
  target: string;
  verdict: string;
  pass: boolean;
}

/** A measure with no sample at all (e.g. a percentile when no login completed). */
function noData(measure: string, target: string): Row {
  return { measure, figure: 'no data', target, pass: false, verdict: 'MISS (nothing to measure)' };
}

/** A row whose figure must reach `target` (higher is better). */
export function atLeast(measure: string, value: number, target: number, show: (n: number) => string, detail = ''): Row {
  if (Number.isNaN(value)) return noData(measure, `≥ ${show(target)}`);
  const pass = value >= target;
  const short = ((target - value) / target) * 100;
  return {
    measure,
    figure: `${show(value)}${detail === '' ? '' : ` ${detail}`}`,
    target: `≥ ${show(target)}`,
    pass,
    verdict: pass ? 'pass' : `MISS by ${show(target - value)} (${short.toFixed(0)}% short)`,
  };
}

/** A row whose figure must stay under `target` (lower is better). */
export function below(measure: string, value: number, target: number, show: (n: number) => string, detail = ''): Row {
  if (Number.isNaN(value)) return noData(measure, `< ${show(target)}`);
  const pass = value < target;
  const over = ((value - target) / target) * 100;
  return {
    measure,
    figure: `${show(value)}${detail === '' ? '' : ` ${detail}`}`,
    target: `< ${show(target)}`,
    pass,
    verdict: pass ? 'pass' : `MISS by ${show(value - target)} (${over.toFixed(0)}% over)`,
  };
}

const COLUMNS = ['Measure', 'Figure', 'Target', 'Result'] as const;
const cells = (row: Row): string[] => [row.measure, row.figure, row.target, row.verdict];

export function textTable(rows: readonly Row[]): string {
  const widths = COLUMNS.map((title, index) =>
    Math.max(title.length, ...rows.map((row) => (cells(row)[index] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => value.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(COLUMNS), line(widths.map((width) => '-'.repeat(width))), ...rows.map((row) => line(cells(row)))].join(
    '\n',
  );
}

function markdownTable(rows: readonly Row[]): string {
  const escape = (value: string) => value.replaceAll('|', '\\|');
  return [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${cells(row).map(escape).join(' | ')} |`),
  ].join('\n');
}

export interface Context {
  date: Date;
  nodeVersion: string;
  cpus: number;
  cpuModel: string;
  loadBefore: string;
  durationSeconds: number;
  /** Settings and per-round figures, one bullet each. */
  notes: string[];
  /** Markdown appended as it is: the analysis of targets a run misses (bench/analysis.md). */
  analysis?: string;
}

export function writeResults(path: string, rows: readonly Row[], context: Context): void {
  const text = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts) on every run; the latest run is what is committed.',
    '',
    `- Date: ${context.date.toISOString()}`,
    `- Node ${context.nodeVersion}, ${context.cpus} CPUs (${context.cpuModel})`,
    `- Load average before the run: ${context.loadBefore}; the bench took ${context.durationSeconds.toFixed(0)} s`,
    '',
    markdownTable(rows),
    '',
    '## How it was measured',
    '',
    ...context.notes.map((note) => `- ${note}`),
    '',
    ...(context.analysis === undefined ? [] : [context.analysis.trimEnd(), '']),
  ].join('\n');
  writeFileSync(path, text);
}
