import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * JSON logs (pino). Requests are logged by path only: query strings carry
 * Instagram codes and signed-link parameters. Redaction is the second line of
 * defence for secrets that should never reach a log call in the first place.
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.access_token',
  '*.accessToken',
  '*.app_secret',
  '*.appSecret',
  '*.client_secret',
  '*.secret',
  '*.code',
  '*.token',
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
