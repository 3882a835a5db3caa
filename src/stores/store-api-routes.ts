import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Clock } from '../clock.js';
import type { InstagramClient } from '../instagram/client.js';
import { adviceFor } from '../instagram/failure-advice.js';
import { INSTAGRAM_FAILURES, InstagramError, type InstagramFailure } from '../instagram/instagram-error.js';
import type { Repository } from '../storage/repository.js';
import { ConnectionTest, ErrorBody, InstagramSettings, StoreStatus, StoreView } from './schemas.js';
import { deliveryView } from './delivery-view.js';
import { requireStoreSignature } from './store-request-auth.js';
import type { Store, StoreService } from './store-service.js';

/**
 * The store API, for the plugin's settings page: read the store's settings
 * and delivery status, set the Instagram app ID and secret, and test them.
 * Every request is signed with the store secret (store-request-auth.ts).
 */
const errors = { 400: ErrorBody, 401: ErrorBody };
/** A probe code Instagram has never issued: its answer tells whether it knows the app ID and secret pair. */
const PROBE_CODE = 'ig-login-relay-connection-test';

export const storeApiRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: { stores: StoreService; repo: Repository; instagram: InstagramClient; clock: Clock; redirectUri: string };
}> = async (app, deps) => {
  const { stores, repo, instagram, clock, redirectUri } = deps;
  const storeOf = requireStoreSignature(app, { stores, repo, clock });

  app.get('/v1/store', { schema: { response: { 200: StoreStatus, ...errors } } }, async (request) => {
    const store = storeOf(request);
    const [events, failures] = await Promise.all([
      repo.listEvents(store.id, { limit: 20 }),
      repo.recentFailedFlows(store.id, 10),
    ]);
    return {
      store: stores.view(store),
      deliveries: events.map(deliveryView),
      recent_failures: failures.map((flow) => ({
        at: new Date(flow.createdAt).toISOString(),
        kind: flow.failure as string,
        advice: failureAdvice(flow.failure as string, store),
      })),
    };
  });

  app.put(
    '/v1/store/instagram',
    { schema: { body: InstagramSettings, response: { 200: StoreView, ...errors } } },
    async (request) => {
      const { store } = await stores.put(storeOf(request).id, { instagram: request.body });
      return stores.view(store);
    },
  );

  app.post(
    '/v1/store/instagram/test',
    { schema: { response: { 200: ConnectionTest, ...errors } } },
    async (request) => {
      const store = storeOf(request);
      const { appId, appSecret, api } = store.instagram;
      if (appId === null || appSecret === null) {
        return {
          instagram: { status: 'not_configured' as const, message: 'Set the Instagram app ID and secret first.' },
        };
      }
      try {
        await instagram.exchangeCode({ appId, appSecret, api }, { code: PROBE_CODE, redirectUri });
      } catch (error) {
        if (!(error instanceof InstagramError)) throw error;
        // "Matching code was not found" means Instagram accepted the app ID and secret.
        if (error.kind === 'code_rejected') {
          return { instagram: { status: 'ok' as const, message: 'Instagram accepts this app ID and secret.' } };
        }
        return { instagram: { status: error.kind, message: adviceFor(error.kind, { redirectUri, api }) } };
      }
      return { instagram: { status: 'ok' as const, message: 'Instagram accepts this app ID and secret.' } };
    },
  );

  function failureAdvice(kind: string, store: Store): string {
    if (kind === 'access_denied') return 'The person cancelled on Instagram.';
    if (kind === 'invalid_request') return 'Instagram returned to the relay without a code or an error.';
    if (kind === 'delivery_failed') return 'The store did not accept the sign-in event in time; it stays queued.';
    const known = INSTAGRAM_FAILURES.find((failure) => failure === kind) as InstagramFailure | undefined;
    return adviceFor(known ?? 'other', { redirectUri, api: store.instagram.api });
  }
};
