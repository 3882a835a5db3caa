import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import { secretsEqual } from '../crypto/constant-time.js';
import type { Clock } from '../clock.js';
import { RelayError } from '../errors.js';
import type { Repository } from '../storage/repository.js';
import { adminDeliveryRoutes } from './admin-delivery-routes.js';
import { ErrorBody, StoreIdParams, StoreSettings, StoreView } from './schemas.js';
import type { StoreService } from './store-service.js';

/**
 * The operator's admin API (docs/contract.md §10), behind `Authorization: Bearer
 * ADMIN_TOKEN`. Registered only when ADMIN_TOKEN is set; otherwise these
 * paths are unknown routes (404).
 */
export const adminRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: { adminToken: string; stores: StoreService; repo: Repository; clock: Clock; wakeDeliveries: () => void };
}> = async (app, options) => {
  const { adminToken, stores, repo, clock, wakeDeliveries } = options;

  app.addHook('onRequest', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!secretsEqual(token, adminToken)) {
      reply.header('www-authenticate', 'Bearer');
      throw new RelayError('unauthorized');
    }
  });

  const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };
  const StoreList = {
    type: 'object',
    properties: { stores: { type: 'array', items: StoreView } },
    required: ['stores'],
  } as const;
  const found = async (id: string) => {
    const store = await stores.get(id);
    if (store === undefined) throw new RelayError('store_not_found');
    return store;
  };

  app.get('/v1/stores', { schema: { response: { 200: StoreList, 401: ErrorBody } } }, async () => ({
    stores: (await stores.list()).map((store) => stores.view(store)),
  }));

  app.put(
    '/v1/stores/:id',
    { schema: { params: StoreIdParams, body: StoreSettings, response: { 200: StoreView, 201: StoreView, ...errors } } },
    async (request, reply) => {
      const { store, created } = await stores.put(request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(stores.view(store, { withSecret: created }));
    },
  );

  app.get(
    '/v1/stores/:id',
    { schema: { params: StoreIdParams, response: { 200: StoreView, ...errors } } },
    async (request) => stores.view(await found(request.params.id)),
  );

  app.delete(
    '/v1/stores/:id',
    { schema: { params: StoreIdParams, response: { 204: { type: 'null' }, ...errors } } },
    async (request, reply) => {
      if (!(await stores.delete(request.params.id))) throw new RelayError('store_not_found');
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/stores/:id/secret',
    { schema: { params: StoreIdParams, response: { 200: StoreView, ...errors } } },
    async (request) => {
      const store = await stores.rotateSecret(request.params.id);
      if (store === undefined) throw new RelayError('store_not_found');
      return stores.view(store, { withSecret: true });
    },
  );

  await app.register(adminDeliveryRoutes, { stores, repo, clock, wakeDeliveries });
};
