import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { RelayError } from '../errors.js';
import type { Repository } from '../storage/repository.js';
import { isStoreRequestSignatureValid, STORE_REQUEST_TOLERANCE_SECONDS } from './store-request-signature.js';
import type { Store, StoreService } from './store-service.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

/**
 * Makes every route of `app` (an encapsulated plugin) require a store-signed
 * request: fresh, signed with the store's secret over the exact body, and never
 * seen before. Returns the accessor for the authenticated store.
 */
export function requireStoreSignature(
  app: FastifyInstance,
  deps: { stores: StoreService; repo: Repository; clock: Clock },
): (request: FastifyRequest) => Store {
  const { stores, repo, clock } = deps;
  const authenticated = new WeakMap<FastifyRequest, Store>();

  // The signature covers the exact bytes, so keep them before parsing. A body is JSON; an empty one
  // may come with any content type (WordPress labels an empty POST as a form).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    request.rawBody = text;
    if (text === '') return done(null, undefined);
    if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
      return done(new RelayError('unsupported_media_type'), undefined);
    }
    try {
      done(null, JSON.parse(text));
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
    if (
      !storeId ||
      !requestId ||
      !timestamp ||
      !signature ||
      !/^[A-Za-z0-9_-]{16,128}$/.test(requestId) ||
      !/^\d{1,12}$/.test(timestamp)
    ) {
      throw new RelayError('store_auth_failed');
    }
    const nowSeconds = Math.floor(clock.now() / 1000);
    if (Math.abs(nowSeconds - Number(timestamp)) > STORE_REQUEST_TOLERANCE_SECONDS)
      throw new RelayError('request_stale');
    const store = await stores.get(storeId);
    const signed = {
      store: storeId,
      requestId,
      timestamp: Number(timestamp),
      method: request.method,
      path: request.url,
      body: request.rawBody ?? '',
    };
    // An unknown store and a bad signature answer alike: the API does not confirm which stores exist.
    if (store === undefined || !isStoreRequestSignatureValid(stores.signingKeys(store), signed, signature)) {
      throw new RelayError('store_auth_failed');
    }
    const keepUntil = (Number(timestamp) + 2 * STORE_REQUEST_TOLERANCE_SECONDS) * 1000;
    if (!(await repo.rememberRequestId(store.id, requestId, keepUntil))) throw new RelayError('request_replayed');
    authenticated.set(request, store);
  });

  return (request) => authenticated.get(request) as Store;
}
