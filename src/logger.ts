import { pino, type DestinationStream, type Logger } from 'pino';

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

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: 'ig-login-relay' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
