import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { JsonSchemaToTsProvider } from '@fastify/type-provider-json-schema-to-ts';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createPruning } from './background/pruning.js';
import { systemClock, type Clock } from './clock.js';
import { complianceRoutes } from './compliance/compliance-routes.js';
import type { Config } from './config.js';
import { authorizeRoute } from './flow/authorize-route.js';
import { callbackRoute } from './flow/callback-route.js';
import type { FlowDeps } from './flow/flow-deps.js';
import { createFlowSealer } from './flow/flow-state.js';
import { frameworkErrorHandler, installErrorHandling } from './http/error-handler.js';
import { installFailureLimit } from './http/failure-limit.js';
import { healthRoutes } from './http/health-routes.js';
import { metricsRoute } from './http/metrics-route.js';
import { publicUrlCheck } from './http/public-url-check.js';
import { installOpenApi } from './http/openapi.js';
import { RequestLog } from './http/request-log.js';
import { installResponseHeaders } from './http/response-headers.js';
import { createLogger } from './logger.js';
import { createServices, type Services } from './services.js';
import { guardRepository } from './storage/guarded-repository.js';
import type { Repository } from './storage/repository.js';
import { createStorageHealth } from './storage/storage-health.js';
import { adminRoutes } from './tenants/admin-routes.js';
import { storeApiRoutes } from './tenants/store-api-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export interface AppDeps {
  config: Config;
  repo: Repository;
  clock?: Clock;
  logger?: Logger;
  /**
   * Runs the background work (webhook retries, token refreshes, pruning) from
   * the moment the app is ready until it closes. The process turns it on;
   * tests leave it off and run a worker's rounds themselves.
   */
  background?: boolean;
}

/** A hop count becomes proxy-addr's equivalent trust function (Fastify's types take no number). */
function trustProxy(setting: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return typeof setting === 'boolean' ? setting : [...setting];
}

/**
 * The relay as a Fastify app, built from its parts in stages: libraries,
 * cross-cutting HTTP behaviour, domain services, background work, routes. The
 * process (server.ts) and the tests both build it; neither this file nor the
 * app owns the database connection.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  // Fastify's logger type, not pino's: the app's type follows its logger's, and the install* helpers
  // take a plain FastifyInstance.
  const logger: FastifyBaseLogger = deps.logger ?? createLogger(config.logLevel);
  const app = Fastify({
    loggerInstance: logger,
    logController: new RequestLog(),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: trustProxy(config.trustProxy),
    bodyLimit: 64 * 1024,
    frameworkErrors: frameworkErrorHandler(config.secureCookies),
    // Refuse what is unexpected rather than quietly dropping or converting it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
  }).withTypeProvider<JsonSchemaToTsProvider>();

  await app.register(fastifyCookie, { secret: [...config.cookieSecrets] });
  // The APIs speak JSON only; anything else is a 415, not a string handed to a JSON schema.
  app.removeContentTypeParser('text/plain');
  // Headers first: a request the failure limit refuses still gets them.
  installResponseHeaders(app, { https: config.secureCookies });
  installErrorHandling(app, installFailureLimit(app, { limit: config.failureLimit, clock }));
  installOpenApi(app, { publicUrl: config.publicUrl });

  // Everything the app does but pruning goes through the guarded repository: a database outage becomes a 503, is
  // logged once, counted, turns /readyz to 503, and pauses the workers until writes succeed again.
  const storage = createStorageHealth({
    probe: () => deps.repo.heartbeat(config.instanceId, clock.now()),
    log: app.log,
    now: () => clock.now(),
  });
  const repo = guardRepository(deps.repo, storage);
  const services = createServices(config, repo, clock, app.log, storage);
  if (config.bootstrapStore !== undefined) await services.stores.applyBootstrap(config.bootstrapStore);
  app.decorate('services', services);

  // Pruning is housekeeping and uses the repository unguarded: a round that fails is logged, not an outage.
  const pruning = createPruning({ repo: deps.repo, clock, log: app.log, deliveryLogDays: config.deliveryLogDays });
  const background = [services.deliveries, services.tokenRefresher, pruning];
  if (deps.background === true) {
    app.addHook('onReady', async () => {
      for (const loop of background) loop.start();
    });
  }
  // Closing waits for each loop's round in flight and for first deliveries still under way.
  app.addHook('onClose', async () => {
    await Promise.all([...background.map((loop) => loop.stop()), services.outbox.settle()]);
  });

  const { stores, instagram, outbox, accounts, metrics } = services;
  const wakeDeliveries = () => services.deliveries.wake();
  const checkPublicUrl = publicUrlCheck({ publicUrl: config.publicUrl, trustProxy: config.trustProxy !== false });
  const flows = createFlowSealer(config.cookieSecrets);
  const flowDeps: FlowDeps = {
    config,
    clock,
    repo,
    flows,
    stores,
    instagram,
    outbox,
    accounts,
    metrics,
    checkPublicUrl,
  };

  await app.register(healthRoutes, { storage });
  await app.register(metricsRoute, { metrics, token: config.metricsToken });
  await app.register(authorizeRoute, flowDeps);
  await app.register(callbackRoute, flowDeps);
  if (config.adminToken !== undefined) {
    await app.register(adminRoutes, { adminToken: config.adminToken, stores, repo, clock, wakeDeliveries });
  }
  await app.register(storeApiRoutes, {
    stores,
    repo,
    instagram,
    outbox,
    metrics,
    clock,
    redirectUri: config.redirectUri,
  });
  await app.register(complianceRoutes, { stores, repo, outbox, clock, publicUrl: config.publicUrl, wakeDeliveries });
  return app;
}
