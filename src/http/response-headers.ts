import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries, set once per request: the request id (for
 * matching a report to a log line), and security headers — nothing here is
 * meant to be framed, sniffed, or to leak its URL (which may hold a code)
 * through the Referer header.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    ...(https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

export function installResponseHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const security = securityHeaders(options.https);
  // A callback hook, not an async one: this runs on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security).header('x-request-id', request.id);
    done();
  });
}
