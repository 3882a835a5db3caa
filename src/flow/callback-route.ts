import type { FastifyPluginAsyncJsonSchemaToTs } from '@fastify/type-provider-json-schema-to-ts';
import type { FastifyBaseLogger } from 'fastify';
import type { FromSchema } from 'json-schema-to-ts';
import { RelayError } from '../errors.js';
import { PageError } from '../http/error-handler.js';
import type { FlowOutcome, SignInOutcome } from '../storage/repository.js';
import { utcDay } from '../storage/retention.js';
import type { Store } from '../tenants/store-service.js';
import { readBrowserKey, sameBrowser } from './browser-binding.js';
import { completeSignIn, type SignInResult } from './complete-sign-in.js';
import { MAX_STATE_LENGTH, type StartedFlow } from './flow-state.js';
import type { FlowDeps } from './flow-deps.js';
import { withRelayParams } from './return-url.js';

/**
 * GET /callback (docs/contract.md §5): Instagram sends the browser back with a code
 * or an error. The flow is consumed exactly once; the outcome travels back to
 * the store's `return_to` as `igr_*` parameters (never a token) with a 303.
 */
const CallbackQuery = {
  type: 'object',
  properties: {
    state: { type: 'string', maxLength: MAX_STATE_LENGTH },
    code: { type: 'string', minLength: 1, maxLength: 2048 },
    error: { type: 'string', maxLength: 256 },
    error_reason: { type: 'string', maxLength: 256 },
    error_description: { type: 'string', maxLength: 1024 },
  },
  // Instagram may add parameters of its own; they are ignored, not refused.
  additionalProperties: true,
} as const;

type Settled = SignInResult | { outcome: Exclude<FlowOutcome, 'delivered' | 'delivery_failed'>; failure: string };

/**
 * Refusals the shopper can act on travel back as `igr_reason`, so the store can say what to do
 * (switch to a professional account; use the store's own registration). Other failures are the
 * store admin's to fix and stay in the relay's records.
 */
const SHOPPER_REASONS: ReadonlySet<string> = new Set(['not_professional', 'not_tester']);

function reasonParam(failure: string): { igr_reason?: string } {
  return SHOPPER_REASONS.has(failure) ? { igr_reason: failure } : {};
}

/** How the store's report counts this sign-in. */
function signInOutcome(result: Settled): SignInOutcome {
  if (result.outcome === 'delivered' || result.outcome === 'access_denied') return result.outcome;
  if (result.outcome === 'instagram_error' && SHOPPER_REASONS.has(result.failure)) {
    return result.failure as SignInOutcome;
  }
  return 'failed';
}

/** Instagram's error words, logged only when they are plain identifiers. */
function safeWord(value: string | undefined): string | undefined {
  return value !== undefined && /^[a-z_]{1,64}$/.test(value) ? value : undefined;
}

export const callbackRoute: FastifyPluginAsyncJsonSchemaToTs<{ Options: FlowDeps }> = async (app, deps) => {
  const { config, clock, repo, stores, flows } = deps;

  /**
   * The flow this callback belongs to, consumed, or the error page that explains why there is none.
   * The checks that need no database come first, so a stale or foreign callback writes nothing.
   */
  async function consumeFlow(state: string | undefined, cookieKey: string | undefined): Promise<StartedFlow> {
    const flow = state === undefined ? undefined : flows.open(state);
    if (flow === undefined) throw new RelayError('flow_unknown');
    const now = clock.now();
    if (flow.expiresAt <= now) throw new PageError('flow_expired', flow.returnTo);
    if (cookieKey !== undefined && !sameBrowser(cookieKey, flow.browserKey)) {
      throw new PageError('flow_browser_mismatch', flow.returnTo);
    }
    // Only one callback of a flow ever records it (a double-submitted or replayed one finds it taken).
    if (!(await repo.consumeFlow(flow, now))) throw new PageError('flow_used', flow.returnTo);
    return flow;
  }

  /** What Instagram's answer amounts to; with a code, the whole sign-in runs here. */
  async function settle(
    query: FromSchema<typeof CallbackQuery>,
    flow: StartedFlow,
    store: Store,
    log: FastifyBaseLogger,
  ): Promise<Settled> {
    if (query.error !== undefined) {
      if (query.error === 'access_denied') return { outcome: 'access_denied', failure: 'access_denied' };
      log.warn(
        { store: store.id, error: safeWord(query.error), reason: safeWord(query.error_reason) },
        'instagram returned an error',
      );
      return { outcome: 'instagram_error', failure: 'other' };
    }
    if (query.code === undefined) return { outcome: 'invalid_request', failure: 'invalid_request' };
    // Instagram appends "#_" to the redirect; it is not part of the code.
    return completeSignIn(deps, log, flow, store, query.code.replace(/#_$/, ''));
  }

  app.get('/callback', { schema: { querystring: CallbackQuery }, config: { page: true } }, async (request, reply) => {
    const flow = await consumeFlow(request.query.state, readBrowserKey(request, config.secureCookies));
    const store = await stores.get(flow.storeId);
    if (store === undefined) throw new RelayError('unknown_store');

    const result = await settle(request.query, flow, store, request.log);
    await Promise.all([
      repo.finishFlow(flow.key, result.outcome, result),
      repo.countSignIn(store.id, utcDay(clock.now()), signInOutcome(result)),
    ]);
    deps.metrics.flowFinished(result.outcome);
    request.log.info({ store: store.id, purpose: flow.purpose, outcome: result.outcome }, 'flow finished');

    const params: Record<string, string> =
      result.outcome === 'delivered'
        ? { igr_login: result.loginId, igr_state: flow.storeState }
        : { igr_error: result.outcome, ...reasonParam(result.failure), igr_state: flow.storeState };
    return reply.header('cache-control', 'no-store').redirect(withRelayParams(flow.returnTo, params), 303);
  });
};
