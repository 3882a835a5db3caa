/**
 * The test hooks every endpoint runs before its own work: the request is
 * logged, then a failure queued with `failNext` (if any) replaces or delays
 * the normal answer.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { JSON_TYPE } from './error-bodies.js';
import { formOf, pathOf, queryOf } from './http-input.js';
import type { FakeState } from './state.js';
import type { FakeEndpoint } from './types.js';

export type Intercept = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

export function interceptFor(state: FakeState, endpoint: FakeEndpoint | null): Intercept {
  return async (request, reply) => {
    state.requests.push({
      endpoint,
      method: request.method,
      path: pathOf(request),
      contentType: request.headers['content-type'] ?? null,
      query: queryOf(request),
      form: formOf(request),
    });
    const failure = endpoint === null ? undefined : state.takeFailure(endpoint);
    if (failure === undefined) return undefined;
    if ('delayMs' in failure) {
      await sleep(failure.delayMs);
      return undefined;
    }
    if ('hangUp' in failure) {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    return reply
      .code(failure.status)
      .type(failure.contentType ?? JSON_TYPE)
      .send(failure.body);
  };
}
