import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RelayError, type ErrorCode } from '../errors.js';
import { StorageUnavailableError } from '../storage/storage-fault.js';
import { errorPage } from './html.js';
import { securityHeaders } from './response-headers.js';

/**
 * The one place errors become responses: `{"code","message"}` for API
 * clients, an HTML page on browser routes (unless the client asks for JSON).
 * 5xx answers never reveal internals; the log keeps them.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** A browser lands on this route: errors render as an HTML page. */
    page?: boolean;
  }
}

/** Extra context for an error page: a link back to the store when the flow is known. */
export class PageError extends RelayError {
  constructor(
    code: ErrorCode,
    readonly backTo: string,
  ) {
    super(code);
  }
}

/** Seconds a client should wait before trying again, for the answers that are about a passing outage. */
const RETRY_AFTER_SECONDS: Partial<Record<ErrorCode, number>> = { storage_unavailable: 5, not_ready: 5 };

const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
};

/** `onRefused` hears of every 4xx answer but the 429s themselves (the failure limit counts them). */
export function installErrorHandling(app: FastifyInstance, onRefused: (request: FastifyRequest) => void): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const relayError = toRelayError(error);
    if (error instanceof StorageUnavailableError) {
      // The outage itself is logged once when it starts (storage/storage-health.ts); here, only this request.
      request.log.warn({ code: relayError.code, fault: error.fault }, 'request failed: database unavailable');
    } else if (relayError.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: relayError.code }, 'request refused');
      if (relayError.status !== 429) onRefused(request);
    }
    return send(request, reply, relayError);
  });
  app.setNotFoundHandler((request, reply) => {
    onRefused(request);
    return send(request, reply, new RelayError('not_found'));
  });
}

/**
 * Fastify's own refusals before routing (an undecodable path, a path parameter
 * over 100 characters) would otherwise answer in Fastify's words, echoing the
 * path and without the relay's headers; they get a catalogue code instead.
 */
export function frameworkErrorHandler(https: boolean) {
  const headers = securityHeaders(https);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const refusal =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new RelayError('invalid_request', 'A part of the request path is too long.')
        : new RelayError('invalid_request', 'The request path is not valid.');
    request.log.info({ code: refusal.code, reason: error.code }, 'request refused');
    void reply
      .code(refusal.status)
      .headers(headers)
      .header('x-request-id', request.id)
      .header('cache-control', 'no-store')
      .send({ code: refusal.code, message: refusal.message });
  };
}

function toRelayError(error: FastifyError): RelayError {
  if (error instanceof RelayError) return error;
  if (error instanceof StorageUnavailableError) return new RelayError('storage_unavailable');
  // Schema messages name the field and the rule ("querystring must have required property 'state'"), never the value.
  if (error.validation) return new RelayError('invalid_request', error.message);
  const mapped = error.code === undefined ? undefined : FASTIFY_CODES[error.code];
  if (mapped !== undefined) return new RelayError(mapped);
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new RelayError('invalid_request');
  }
  return new RelayError('internal_error');
}

function send(request: FastifyRequest, reply: FastifyReply, error: RelayError): FastifyReply {
  reply.code(error.status).header('cache-control', 'no-store');
  const retryAfter = RETRY_AFTER_SECONDS[error.code];
  if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
  const acceptsJson = (request.headers.accept ?? '').includes('application/json');
  if (request.routeOptions.config?.page === true && !acceptsJson) {
    const backTo = error instanceof PageError ? error.backTo : undefined;
    return reply
      .type('text/html; charset=utf-8')
      .send(errorPage({ title: pageTitle(error.status), message: error.message, code: error.code, backTo }));
  }
  return reply.send({ code: error.code, message: error.message });
}

function pageTitle(status: number): string {
  return status >= 500 ? 'Something went wrong' : 'Sign-in could not continue';
}
