import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { Clock } from '../clock.js';
import type { InstagramClient } from '../instagram/client.js';
import { adviceFor } from '../instagram/failure-advice.js';
import { INSTAGRAM_FAILURES, InstagramError } from '../instagram/instagram-error.js';
import type { Repository } from '../storage/repository.js';
import { RelayError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Outbox } from '../webhooks/outbox.js';
import {
  ClaimedLogin,
  ConnectionTest,
  ErrorBody,
  InstagramSettings,
  LoginClaimRequest,
  LoginDeliverySettings,
  SignInReport,
  SignInReportQuery,
  StoreStatus,
  StoreView,
} from './schemas.js';
import { deliveryView } from './delivery-view.js';
import { firstReportDay, signInReport } from './sign-in-report.js';
import { requireStoreSignature } from './store-request-auth.js';
import type { Store, StoreService } from './store-service.js';

/**
 * The store API, for the plugin: read the store's settings, delivery status
 * and daily sign-ins, set the Instagram app ID and secret and test them,
 * choose how sign-ins are delivered, and claim a sign-in whose webhook has
 * not arrived.
 * Every request is signed with the store secret (store-request-auth.ts).
 * The endpoints, bodies and refusals: docs/contract.md §9.
 */
const errors = { 400: ErrorBody, 401: ErrorBody };
/** A probe code Instagram has never issued: its answer tells whether it knows the app ID and secret pair. */
const PROBE_CODE = 'ig-login-relay-connection-test';
/** The sign-in report's period when the store names none: a month. */
const REPORT_DAYS = 30;
const CLAIM_REFUSALS = {
  not_found: 'login_not_found',
  expired: 'login_expired',
  delivered: 'login_already_delivered',
} as const;

export const storeApiRoutes: FastifyPluginAsyncJsonSchemaToTs<{
  Options: {
    stores: StoreService;
    repo: Repository;
    instagram: InstagramClient;
    outbox: Outbox;
    metrics: Metrics;
    clock: Clock;
    redirectUri: string;
  };
}> = async (app, deps) => {
  const { stores, repo, instagram, outbox, metrics, clock, redirectUri } = deps;
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

  app.get(
    '/v1/store/sign-ins',
    { schema: { querystring: SignInReportQuery, response: { 200: SignInReport, ...errors } } },
    async (request) => {
      const store = storeOf(request);
      const now = clock.now();
      const days = Number(request.query.days ?? REPORT_DAYS);
      const counts = await repo.signInCounts(store.id, firstReportDay(now, days));
      return { days: signInReport(counts, now, days) };
    },
  );

  app.put(
    '/v1/store/login-delivery',
    { schema: { body: LoginDeliverySettings, response: { 200: StoreView, ...errors } } },
    async (request) => {
      const { store } = await stores.put(storeOf(request).id, { login_delivery: request.body.login_delivery });
      return stores.view(store);
    },
  );

  app.post(
    '/v1/store/login-claims',
    {
      schema: {
        body: LoginClaimRequest,
        response: { 200: ClaimedLogin, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody, ...errors },
      },
    },
    async (request, reply) => {
      const store = storeOf(request);
      const answer = await outbox.claimLogin(stores.deliveryTarget(store), request.body.login_id);
      metrics.loginClaim(answer.result);
      request.log.info({ store: store.id, result: answer.result }, 'a store claimed a login');
      if (answer.result !== 'claimed') throw new RelayError(CLAIM_REFUSALS[answer.result]);
      // The body holds the shopper's access token: no cache along the way may keep it.
      void reply.header('cache-control', 'no-store');
      return {
        webhook_id: answer.headers['webhook-id'],
        webhook_timestamp: answer.headers['webhook-timestamp'],
        webhook_signature: answer.headers['webhook-signature'],
        body: answer.body,
      };
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
    const known = INSTAGRAM_FAILURES.find((failure) => failure === kind);
    return adviceFor(known ?? 'other', { redirectUri, api: store.instagram.api });
  }
};
