import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { RelayError } from '../errors.js';
import type { Repository } from '../storage/repository.js';

/** Liveness answers while the process runs; readiness only while the database answers. */
const Ok = { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } as const;

export const healthRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: { repo: Repository } }> = async (
  app,
  { repo },
) => {
  app.get('/healthz', { schema: { response: { 200: Ok } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { response: { 200: Ok } } }, async () => {
    try {
      await repo.ping();
    } catch {
      throw new RelayError('not_ready');
    }
    return { status: 'ok' as const };
  });
};
