import { Writable } from 'node:stream';

export interface LogEntry {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface LogCapture {
  /** The destination to give the logger under test. */
  stream: Writable;
  /** Every line written so far, as text (kept up to date as the logger writes). */
  lines: string[];
  /** The lines parsed as pino's JSON entries. */
  entries: () => LogEntry[];
}

/** Keeps what a logger writes, line by line, for a test to read. */
export function captureLog(): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines, entries: () => lines.map((line) => JSON.parse(line) as LogEntry) };
}
