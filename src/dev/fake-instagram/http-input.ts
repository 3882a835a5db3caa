/**
 * Reading requests the way Meta does: query strings and form bodies as flat
 * string fields. The code exchange takes `multipart/form-data` (Meta's curl
 * samples use `-F`) and `application/x-www-form-urlencoded` (what most
 * clients send); any other body is accepted but yields no fields, so a JSON
 * body (UNCONFIRMED at Meta) fails as missing parameters instead of as a
 * parser error.
 * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HttpAnswer } from './error-bodies.js';

/** The parsed fields of a form body; a class so a handler can tell them from any other body. */
class FormBody {
  constructor(readonly fields: Record<string, string>) {}
}

/** First value wins when a name repeats, like Meta's PHP-style parsers keep one value. */
function toFields(entries: Iterable<[string, unknown]>): Record<string, string> {
  const fields = new Map<string, string>();
  for (const [name, value] of entries) {
    if (typeof value === 'string' && !fields.has(name)) fields.set(name, value);
  }
  // fromEntries defines own properties, so a field named `__proto__` stays a plain field.
  return Object.fromEntries(fields);
}

export function registerBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, new FormBody(toFields(new URLSearchParams(String(body)))));
  });
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer' },
    async (request: FastifyRequest, body: Buffer) => {
      const contentType = request.headers['content-type'] ?? '';
      try {
        const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
        return new FormBody(toFields(form.entries()));
      } catch {
        // A malformed multipart body carries no usable fields.
        return new FormBody({});
      }
    },
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => {
    done(null, undefined);
  });
}

export function formOf(request: FastifyRequest): Record<string, string> {
  return request.body instanceof FormBody ? request.body.fields : {};
}

export function queryOf(request: FastifyRequest): Record<string, string> {
  const at = request.url.indexOf('?');
  return at === -1 ? {} : toFields(new URLSearchParams(request.url.slice(at + 1)));
}

export function pathOf(request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  return at === -1 ? request.url : request.url.slice(0, at);
}

export function send(reply: FastifyReply, answer: HttpAnswer): FastifyReply {
  return reply.code(answer.status).type(answer.contentType).send(answer.body);
}
