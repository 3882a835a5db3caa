import { pino, type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';
import type { PrettyStream } from 'pino-pretty';

/**
 * JSON logs (pino). Requests are logged by path only: query strings carry
 * Instagram codes and signed-link parameters. Redaction is the second line of
 * defence for secrets that should never reach a log call in the first place;
 * its paths are exact (wildcards cost about 15 µs on every log line).
 */
const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  // An outbound HTTP error (got) carries its request options: URL, form and headers.
  'err.options',
  'err.request',
  'err.response',
];

export type LogFormat = 'json' | 'pretty';

const require = createRequire(import.meta.url);

/** JSON lines for log collectors; `pretty` (one coloured line per entry) for a person at a terminal. */
export function createLogger(level: string, destination?: DestinationStream, format: LogFormat = 'json'): Logger {
  // Loaded only when asked for: a relay logging JSON never pays its ~3 MB.
  const stream =
    format === 'pretty'
      ? (require('pino-pretty') as (options: object) => PrettyStream)({
          destination: destination ?? 1,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
        })
      : destination;
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'ig-login-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    stream,
  );
}
