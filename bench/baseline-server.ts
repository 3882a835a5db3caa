/**
 * The floor for `/authorize`: a bare Fastify route doing the work any
 * implementation must do — a random 32-byte state, a signed browser cookie
 * (@fastify/cookie, same kind of secret as the relay's COOKIE_SECRET) and a
 * 302 — and nothing else (no link check, no database, no extra hooks).
 *
 * It logs exactly like the relay (the relay's own pino setup and one-line
 * request log, at info, to stdout, which the bench sends to a file as it does
 * the relay's), so the relay/baseline ratio compares the work, not the logging.
 *
 * Env: PORT, COOKIE_SECRET. Stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { RequestLog } from '../src/http/request-log.js';
import { createLogger } from '../src/logger.js';

const port = Number(process.env['PORT'] ?? '0');
const cookieSecret = process.env['COOKIE_SECRET'] ?? '';
if (cookieSecret.length < 32) throw new Error('baseline: COOKIE_SECRET of 32+ characters required');

const app = Fastify({
  loggerInstance: createLogger('info') as FastifyBaseLogger,
  logController: new RequestLog(),
});
await app.register(fastifyCookie, { secret: [cookieSecret] });

app.get('/readyz', async () => ({ status: 'ok' }));

// Same query string as the relay's route receives, so both parse the same bytes; the values are not checked.
app.get('/authorize', async (_request, reply) => {
  const state = randomBytes(32).toString('base64url');
  reply.setCookie('igr_browser', randomBytes(32).toString('base64url'), {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: false,
    path: '/',
    maxAge: 15 * 60,
  });
  return reply.redirect(`http://127.0.0.1:1/www/oauth/authorize?state=${state}`, 302);
});

await app.listen({ host: '127.0.0.1', port });

const stop = (): void => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
