/**
 * The store's webhook endpoint, as its own process: reads each POST body and
 * answers 204 at once, so the figures measure the relay, not a store.
 * `GET /count` answers how many webhooks arrived, for the login bench's
 * cross-check; `GET /stats` adds how many distinct `webhook-id`s there were
 * and when the first and last delivery arrived (ms on this process's
 * monotonic clock), for the outbox drain. Prints one JSON line `{"url"}` when
 * listening; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

let received = 0;
const ids = new Set<string>();
let firstAt: number | null = null;
let lastAt: number | null = null;

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received }));
    return;
  }
  if (request.method === 'GET' && request.url === '/stats') {
    const stats = { received, distinct: ids.size, firstAt, lastAt };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  // The body is read to the end before answering, as a real store's framework would.
  request.resume();
  request.on('end', () => {
    if (request.method === 'POST') {
      received += 1;
      const id = request.headers['webhook-id'];
      if (typeof id === 'string') ids.add(id);
      lastAt = performance.now();
      firstAt ??= lastAt;
    }
    response.writeHead(request.method === 'POST' ? 204 : 405).end();
  });
});
// The relay keeps its webhook connections alive; keep them open longer than its idle sockets.
server.keepAliveTimeout = 30_000;

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

const stop = (): void => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
