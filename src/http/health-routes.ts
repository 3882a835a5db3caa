import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { RelayError } from '../errors.js';
import type { StorageHealth } from '../storage/storage-health.js';

/**
 * Liveness answers while the process runs; readiness only while the database
 * takes writes (the last write's outcome, or a heartbeat written at most every
 * few seconds), so a load balancer stops sending shoppers to a relay where no
 * sign-in can complete (docs/contract.md §13).
 */
const Ok = { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] } as const;

export const healthRoutes: FastifyPluginAsyncJsonSchemaToTs<{ Options: { storage: StorageHealth } }> = async (
  app,
  { storage },
) => {
  app.get('/healthz', { schema: { response: { 200: Ok } } }, async () => ({ status: 'ok' as const }));
  app.get('/readyz', { schema: { response: { 200: Ok } } }, async () => {
    if (!(await storage.writable())) throw new RelayError('not_ready');
    return { status: 'ok' as const };
  });
};
