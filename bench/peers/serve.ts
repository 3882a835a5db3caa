import type { FastifyInstance } from 'fastify';

/** Adds /readyz, listens on PORT (loopback) and closes on SIGTERM or SIGINT. */
export async function serveUntilSignalled(app: FastifyInstance): Promise<void> {
  app.get('/readyz', async () => ({ status: 'ok' }));
  await app.listen({ host: '127.0.0.1', port: Number(process.env['PORT'] ?? '0') });
  const stop = (): void => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
