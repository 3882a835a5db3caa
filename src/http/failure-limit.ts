import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.js';
import { RelayError } from '../errors.js';

/**
 * The brute-force guard: refused requests (4xx answers) are counted per client
 * address and route group in one-minute windows; a client past the limit gets
 * 429 with Retry-After before any work is done, until the window ends.
 * Guessing a signature, a flow state, the admin token or a store secret, or
 * scanning for paths, therefore gets `limit` tries a minute per address.
 * Successful requests cost one map lookup and are never limited. With
 * TRUST_PROXY set, the address is the client's, not the proxy's.
 */
const WINDOW_MS = 60_000;
/** Distinct address-and-group pairs tracked in one window; past this, new ones go uncounted until it ends. */
const MAX_TRACKED = 100_000;

type Group = 'browser' | 'admin' | 'store' | 'meta' | 'other';

function groupOf(request: FastifyRequest): Group {
  const route = request.routeOptions.url;
  if (route === undefined) return 'other';
  if (route === '/authorize' || route === '/callback') return 'browser';
  if (route.startsWith('/v1/stores')) return 'admin';
  if (route.startsWith('/v1/store')) return 'store';
  if (route.startsWith('/meta/')) return 'meta';
  return 'other';
}

/**
 * Installs the check and returns what the error handler calls for each refusal
 * (every 4xx answer goes through it), so successful requests pay for no
 * response hook at all.
 */
export function installFailureLimit(
  app: FastifyInstance,
  options: { limit: number; clock: Clock },
): (request: FastifyRequest) => void {
  const { clock, limit } = options;
  if (limit === 0) return () => undefined;
  let windowEnds = 0;
  const refused = new Map<string, number>();
  const keyOf = (request: FastifyRequest) => `${groupOf(request)} ${request.ip}`;
  const roll = (now: number) => {
    if (now < windowEnds) return;
    refused.clear();
    windowEnds = now + WINDOW_MS;
  };

  app.addHook('onRequest', (request, reply, done) => {
    if (refused.size === 0) return done();
    const now = clock.now();
    roll(now);
    if ((refused.get(keyOf(request)) ?? 0) >= limit) {
      reply.header('retry-after', String(Math.ceil((windowEnds - now) / 1000)));
      return done(new RelayError('too_many_requests'));
    }
    done();
  });
  return (request) => {
    roll(clock.now());
    const key = keyOf(request);
    const count = refused.get(key);
    if (count !== undefined) refused.set(key, count + 1);
    else if (refused.size < MAX_TRACKED) refused.set(key, 1);
  };
}
