import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Clock } from '../clock.js';
import { RelayError } from '../errors.js';
import type { InstagramClient } from '../instagram/client.js';
import { adviceFor } from '../instagram/failure-advice.js';
import { INSTAGRAM_FAILURES, InstagramError, type InstagramFailure } from '../instagram/instagram-error.js';
import type { Repository } from '../storage/repository.js';
import { ConnectionTest, ErrorBody, InstagramSettings, StoreStatus, StoreView } from './schemas.js';
import { isStoreRequestSignatureValid, STORE_REQUEST_TOLERANCE_SECONDS } from './store-request-signature.js';
import type { Store, StoreService } from './store-service.js';

/**
 * The store API, for the plugin's settings page: read the store's settings
 * and delivery status, set the Instagram app ID and secret, and test them.
 * Every request is signed with the store secret (store-request-signature.ts).
 */
declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const errors = { 400: ErrorBody, 401: ErrorBody };
/** A probe code Instagram has never issued: its answer tells whether it knows the app ID and secret pair. */
const PROBE_CODE = 'ig-login-relay-connection-test';

export const storeApiRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: { stores: StoreService; repo: Repository; instagram: InstagramClient; clock: Clock; redirectUri: string };
}> = async (app, deps) => {
  const { stores, repo, instagram, clock, redirectUri } = deps;
  const authenticated = new WeakMap<object, Store>();
  const storeOf = (request: object): Store => authenticated.get(request) as Store;

  // The signature covers the exact bytes, so keep them before parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(new RelayError('invalid_request', 'the body is not valid JSON'), undefined);
    }
  });

  app.addHook('preValidation', async (request) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const storeId = header('igr-store');
    const requestId = header('igr-request-id');
    const timestamp = header('igr-timestamp');
    const signature = header('igr-signature');
    if (!storeId || !requestId || !timestamp || !signature || !/^[A-Za-z0-9_-]{16,128}$/.test(requestId) || !/^\d{1,12}$/.test(timestamp)) {
      throw new RelayError('store_auth_failed');
    }
    const nowSeconds = Math.floor(clock.now() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > STORE_REQUEST_TOLERANCE_SECONDS) throw new RelayError('request_stale');
    const store = await stores.get(storeId);
    const signed = { store: storeId, requestId, timestamp: Number(timestamp), method: request.method, path: request.url, body: request.rawBody ?? '' };
    // An unknown store and a bad signature answer alike: the API does not confirm which stores exist.
    if (store === undefined || !isStoreRequestSignatureValid(stores.signingKeys(store), signed, signature)) {
      throw new RelayError('store_auth_failed');
    }
    const keepUntil = (Number(timestamp) + 2 * STORE_REQUEST_TOLERANCE_SECONDS) * 1000;
    if (!(await repo.rememberRequestId(store.id, requestId, keepUntil))) throw new RelayError('request_replayed');
    authenticated.set(request, store);
  });

  app.get('/v1/store', { schema: { response: { 200: StoreStatus, ...errors } } }, async (request) => {
    const store = storeOf(request);
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const [events, failures] = await Promise.all([repo.recentEvents(store.id, 20), repo.recentFailedFlows(store.id, 10)]);
    return {
      store: stores.view(store),
      deliveries: events.map((event) => ({
        id: event.id,
        type: event.type,
        status: event.status,
        attempts: event.attempts,
        last_status: event.lastStatus,
        last_error: event.lastError,
        created_at: iso(event.createdAt) as string,
        last_attempt_at: iso(event.lastAttemptAt),
        delivered_at: iso(event.deliveredAt),
      })),
      recent_failures: failures.map((flow) => ({
        at: iso(flow.createdAt) as string,
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

  app.post('/v1/store/instagram/test', { schema: { response: { 200: ConnectionTest, ...errors } } }, async (request) => {
    const store = storeOf(request);
    const { appId, appSecret, api } = store.instagram;
    if (appId === null || appSecret === null) {
      return { instagram: { status: 'not_configured' as const, message: 'Set the Instagram app ID and secret first.' } };
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
  });

  function failureAdvice(kind: string, store: Store): string {
    if (kind === 'access_denied') return 'The person cancelled on Instagram.';
    if (kind === 'invalid_request') return 'Instagram returned to the relay without a code or an error.';
    if (kind === 'delivery_failed') return 'The store did not accept the sign-in event in time; it stays queued.';
    const known = INSTAGRAM_FAILURES.find((failure) => failure === kind) as InstagramFailure | undefined;
    return adviceFor(known ?? 'other', { redirectUri, api: store.instagram.api });
  }
};
