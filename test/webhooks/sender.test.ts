import Fastify from 'fastify';
import t from 'tap';
import { createWebhookSender, type SendResult } from '../../src/webhooks/sender.js';

const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1700000000', 'webhook-signature': 'v1,abc' };

/** The result without its timing, which varies; the timing must be there. */
async function outcome(pending: Promise<SendResult>) {
  const { latencyMs, ...rest } = await pending;
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error(`latencyMs is ${latencyMs}`);
  return rest;
}

t.test('posts the exact body with the signature headers; only 2xx counts', async (t) => {
  const app = Fastify();
  const seen: { body: string; headers: Record<string, unknown> }[] = [];
  let status = 200;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/hook', async (request, reply) => {
    seen.push({ body: request.body as string, headers: request.headers });
    if (status === 503) reply.header('retry-after', '120');
    return reply
      .code(status)
      .header('location', 'http://127.0.0.1:1/elsewhere')
      .send('x'.repeat(status === 201 ? 100_000 : 1));
  });
  const url = `${await app.listen({ host: '127.0.0.1', port: 0 })}/hook`;
  t.teardown(() => app.close());
  const send = createWebhookSender({ timeoutMs: 2000, allowPrivate: true, userAgent: 'ig-login-relay/1' });

  t.same(await outcome(send(url, headers, '{"a":1}')), {
    retryAfter: undefined,
    delivered: true,
    status: 200,
    error: null,
  });
  t.equal(seen[0]?.body, '{"a":1}');
  t.match(seen[0]?.headers, { ...headers, 'content-type': 'application/json', 'user-agent': 'ig-login-relay/1' });
  status = 308;
  t.same(await outcome(send(url, headers, '{}')), {
    retryAfter: undefined,
    delivered: false,
    status: 308,
    error: 'the store answered 308',
  });
  t.equal(seen.length, 2, 'the redirect was not followed');
  status = 503;
  t.same(await outcome(send(url, headers, '{}')), {
    delivered: false,
    status: 503,
    error: 'the store answered 503',
    retryAfter: '120',
  });
  status = 201;
  t.same(await outcome(send(url, headers, '{}')), {
    retryAfter: undefined,
    delivered: false,
    status: null,
    error: 'the store answered with more than 64 KiB',
  });
});

t.test('without WEBHOOK_ALLOW_PRIVATE, private addresses are never contacted', async (t) => {
  const app = Fastify();
  let contacted = 0;
  app.post('/hook', async () => {
    contacted += 1;
    return 'ok';
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  t.teardown(() => app.close());
  const port = new URL(address).port;
  const send = createWebhookSender({ timeoutMs: 2000, allowPrivate: false, userAgent: 'test' });
  t.same(await outcome(send(`http://127.0.0.1:${port}/hook`, headers, '{}')), {
    retryAfter: undefined,
    delivered: false,
    status: null,
    error: 'the webhook URL points at a private address',
  });
  t.same(await outcome(send(`http://[::ffff:127.0.0.1]:${port}/hook`, headers, '{}')), {
    retryAfter: undefined,
    delivered: false,
    status: null,
    error: 'the webhook URL points at a private address',
  });
  t.same(
    await outcome(send(`http://localhost:${port}/hook`, headers, '{}')),
    {
      retryAfter: undefined,
      delivered: false,
      status: null,
      error: 'the webhook host resolves to a private address',
    },
    'checked after DNS, at connect time',
  );
  t.same(await outcome(send('http://no-such-host.invalid/hook', headers, '{}')), {
    retryAfter: undefined,
    delivered: false,
    status: null,
    error: 'the store could not be reached (ENOTFOUND)',
  });
  t.equal(contacted, 0);
});
