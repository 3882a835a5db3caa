import type { FastifyInstance } from 'fastify';

/**
 * Headers every response carries: nothing here is meant to be framed,
 * sniffed, cached by shared caches or leak its URL (which may hold a code)
 * through the Referer header.
 */
export function installSecurityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    if (options.https) reply.header('strict-transport-security', 'max-age=31536000');
    return payload;
  });
}
