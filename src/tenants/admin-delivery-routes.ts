import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Clock } from '../clock.js';
import { RelayError } from '../errors.js';
import type { Repository } from '../storage/repository.js';
import { deliveryDetail, deliveryView } from './delivery-view.js';
import { DeliveryDetail, DeliveryView, ErrorBody } from './schemas.js';
import type { StoreService } from './store-service.js';

/**
 * The admin API's view of a store's webhook deliveries: list them, read one
 * with its attempt log, and send failed ones again (same `webhook-id`, same
 * bytes, a fresh retry schedule). Registered inside the admin routes, so it
 * shares their bearer check.
 */
const StoreParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const;
const EventParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 }, event: { type: 'string', maxLength: 64 } },
  required: ['id', 'event'],
  additionalProperties: false,
} as const;
const Requeued = {
  type: 'object',
  properties: { requeued: { type: 'integer', description: 'how many events were queued again' } },
  required: ['requeued'],
  additionalProperties: false,
} as const;
const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody };

export const adminDeliveryRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: { stores: StoreService; repo: Repository; clock: Clock; wakeDeliveries: () => void };
}> = async (app, deps) => {
  const { stores, repo, clock } = deps;
  const knownStore = async (id: string) => {
    if ((await stores.get(id)) === undefined) throw new RelayError('store_not_found');
  };

  app.get(
    '/v1/stores/:id/deliveries',
    {
      schema: {
        params: StoreParams,
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
            limit: { type: 'string', pattern: '^([1-9][0-9]{0,2}|1000)$' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: { deliveries: { type: 'array', items: DeliveryView } },
            required: ['deliveries'],
            additionalProperties: false,
          },
          ...errors,
        },
      },
    },
    async (request) => {
      await knownStore(request.params.id);
      const { status, limit } = request.query;
      const events = await repo.listEvents(request.params.id, { status, limit: Number(limit ?? 50) });
      return { deliveries: events.map(deliveryView) };
    },
  );

  app.get(
    '/v1/stores/:id/deliveries/:event',
    { schema: { params: EventParams, response: { 200: DeliveryDetail, ...errors } } },
    async (request) => {
      const event = await repo.getEvent(request.params.event);
      if (event === undefined || event.storeId !== request.params.id) throw new RelayError('event_not_found');
      return deliveryDetail(event, await repo.listAttempts(event.id));
    },
  );

  app.post(
    '/v1/stores/:id/deliveries/:event/redeliver',
    {
      schema: {
        params: EventParams,
        response: {
          202: Requeued,
          409: ErrorBody,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const result = await repo.redeliverEvent(request.params.id, request.params.event, clock.now());
      if (result === 'not_found') throw new RelayError('event_not_found');
      if (result === 'delivered') throw new RelayError('event_delivered');
      deps.wakeDeliveries();
      return reply.code(202).send({ requeued: 1 });
    },
  );

  app.post(
    '/v1/stores/:id/deliveries/redeliver',
    {
      schema: {
        params: StoreParams,
        response: {
          202: Requeued,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await knownStore(request.params.id);
      const requeued = await repo.redeliverFailed(request.params.id, clock.now());
      if (requeued > 0) deps.wakeDeliveries();
      return reply.code(202).send({ requeued });
    },
  );
};
