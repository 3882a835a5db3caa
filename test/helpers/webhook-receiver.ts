import Fastify from 'fastify';
import type { Test } from 'tap';

/**
 * A real HTTP endpoint standing in for a store's webhook URL: it records every
 * delivery with its raw body and answers as the test tells it to.
 */
export interface Delivery {
  headers: Record<string, string>;
  body: string;
  /** The status the receiver answered with. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  deliveries: Delivery[];
  /** How the next deliveries are answered (default 204 at once). */
  answer(behaviour: { status?: number; delayMs?: number; headers?: Record<string, string> }): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(t: Test): Promise<WebhookReceiver> {
  const app = Fastify();
  const deliveries: Delivery[] = [];
  let behaviour: { status?: number; delayMs?: number; headers?: Record<string, string> } = {};
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/webhook', async (request, reply) => {
    const status = behaviour.status ?? 204;
    deliveries.push({ headers: request.headers as Record<string, string>, body: request.body as string, status });
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    return reply
      .code(status)
      .headers(behaviour.headers ?? {})
      .send();
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const receiver: WebhookReceiver = {
    url: `${address}/webhook`,
    deliveries,
    answer(next) {
      behaviour = next;
    },
    close: () => app.close(),
  };
  t.teardown(() => receiver.close());
  return receiver;
}
