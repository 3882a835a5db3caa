import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Clock } from '../clock.js';
import { sha256Base64Url } from '../crypto/constant-time.js';
import { randomToken } from '../crypto/random.js';
import { RelayError } from '../errors.js';
import type { ComplianceKind, Repository } from '../storage/repository.js';
import type { StoreService } from '../tenants/store-service.js';
import { eventBody } from '../webhooks/events.js';
import type { Outbox } from '../webhooks/outbox.js';
import { checkSignedRequest } from './signed-request.js';
import { deletionStatusPage } from './status-page.js';

/**
 * Meta's compliance callbacks, one pair per store (paste both URLs into the
 * app's Business login settings): `POST /meta/deauthorize/:store` and
 * `POST /meta/data-deletion/:store`, each a form with Meta's `signed_request`,
 * verified with the store's Instagram app secret before anything else. Each
 * request is recorded once and forwarded to the store as an event; the data
 * deletion answer links to a public status page (docs/contract.md §11).
 * https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback
 */
const StoreParams = {
  type: 'object',
  properties: { store: { type: 'string', maxLength: 64 } },
  required: ['store'],
  additionalProperties: false,
} as const;
const SignedRequestForm = {
  type: 'object',
  properties: { signed_request: { type: 'string', maxLength: 4096 } },
  required: ['signed_request'],
} as const;
/** Meta's forms are a few hundred bytes. */
const BODY_LIMIT = 8 * 1024;

export const complianceRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: {
    stores: StoreService;
    repo: Repository;
    outbox: Outbox;
    clock: Clock;
    publicUrl: string;
    wakeDeliveries: () => void;
  };
}> = async (app, deps) => {
  const { stores, repo, outbox, clock } = deps;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );

  /** Verifies, records once and forwards; resolves the recorded request. */
  async function receive(kind: ComplianceKind, storeId: string, signedRequest: string) {
    const now = clock.now();
    const store = await stores.get(storeId);
    // An unknown store answers like a bad signature: the endpoint does not confirm which stores exist.
    if (store === undefined || store.instagram.appSecret === null) throw new RelayError('signed_request_invalid');
    const check = checkSignedRequest(signedRequest, store.instagram.appSecret, Math.floor(now / 1000));
    if (!check.ok) throw new RelayError(check.reason === 'stale' ? 'signed_request_stale' : 'signed_request_invalid');

    const code = randomToken(18).replace(/[-_]/g, 'x');
    const statusUrl = `${deps.publicUrl}/meta/data-deletion/status/${code}`;
    const common = {
      store: store.id,
      instagram_user_id: check.request.userId,
      issued_at: new Date(check.request.issuedAt * 1000).toISOString(),
    };
    const body =
      kind === 'deauthorize'
        ? eventBody('instagram.deauthorized', common, now)
        : eventBody(
            'instagram.data_deletion_requested',
            { ...common, confirmation_code: code, status_url: statusUrl },
            now,
          );
    const type = kind === 'deauthorize' ? 'instagram.deauthorized' : 'instagram.data_deletion_requested';
    const event = outbox.newEvent(store.id, type, body);
    const { request, created } = await repo.recordComplianceRequest(
      {
        // Per callback: the same signed request posted to the other URL is a request of its own.
        id: sha256Base64Url(`${kind}:${signedRequest}`),
        storeId: store.id,
        kind,
        instagramUserId: check.request.userId,
        confirmationCode: code,
        eventId: event.id,
        createdAt: now,
      },
      event,
    );
    if (created) deps.wakeDeliveries();
    app.log.info({ store: store.id, kind, repeated: !created }, 'compliance request received');
    return request;
  }

  app.post(
    '/meta/deauthorize/:store',
    { schema: { params: StoreParams, body: SignedRequestForm } },
    async (request) => {
      await receive('deauthorize', request.params.store, request.body.signed_request);
      return { status: 'received' };
    },
  );

  app.post(
    '/meta/data-deletion/:store',
    { schema: { params: StoreParams, body: SignedRequestForm } },
    async (request) => {
      const recorded = await receive('data_deletion', request.params.store, request.body.signed_request);
      const code = recorded.confirmationCode;
      return { url: `${deps.publicUrl}/meta/data-deletion/status/${code}`, confirmation_code: code };
    },
  );

  app.get(
    '/meta/data-deletion/status/:code',
    {
      config: { page: true },
      schema: {
        params: {
          type: 'object',
          properties: { code: { type: 'string', pattern: '^[A-Za-z0-9]{1,64}$' } },
          required: ['code'],
        },
      },
    },
    async (request, reply) => {
      const found = await repo.getComplianceRequest(request.params.code);
      if (found === undefined || found.kind !== 'data_deletion') throw new RelayError('deletion_request_not_found');
      const event = await repo.getEvent(found.eventId);
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(deletionStatusPage(found, event?.status));
    },
  );
};
