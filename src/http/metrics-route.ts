import type { FastifyPluginAsync } from 'fastify';
import { secretsEqual } from '../crypto/constant-time.js';
import { RelayError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';

/**
 * GET /metrics in Prometheus' text format. Open by default (bind the relay to a
 * private network or put it behind the proxy); with METRICS_TOKEN set, only
 * `Authorization: Bearer METRICS_TOKEN` may read it.
 */
export const metricsRoute: FastifyPluginAsync<{ metrics: Metrics; token: string | undefined }> = async (
  app,
  options,
) => {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (options.token !== undefined) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!secretsEqual(given, options.token)) {
        reply.header('www-authenticate', 'Bearer');
        throw new RelayError('unauthorized');
      }
    }
    return reply
      .type(options.metrics.contentType)
      .header('cache-control', 'no-store')
      .send(await options.metrics.render());
  });
};
