import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

/**
 * The admin and store APIs described as OpenAPI 3, generated from the JSON
 * Schemas the routes validate with, so the document cannot drift from the
 * code. Served at /docs/openapi.json; the browser and Meta routes are left out.
 */
export async function installOpenApi(app: FastifyInstance, options: { publicUrl: string }) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ig-login-relay',
        // The contract's version (docs/contract.md §14: /v1/ paths, v1 signatures).
        version: '1',
        description:
          'The admin API (operators: Authorization: Bearer ADMIN_TOKEN) and the store API (the WordPress plugin: ' +
          'requests signed with the store secret, see the README). Errors are {"code","message"}.',
      },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          admin: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' },
          store: {
            type: 'apiKey',
            in: 'header',
            name: 'igr-signature',
            description:
              'v1,base64(HMAC-SHA256(store key, "v1\\n" + store + "\\n" + request id + "\\n" + timestamp + "\\n" + METHOD + ' +
              '"\\n" + path + "\\n" + body)), with the igr-store, igr-request-id and igr-timestamp headers.',
          },
        },
      },
    },
    transform: ({ schema, url }) => {
      const api =
        url.startsWith('/v1/store/') || url === '/v1/store' ? 'store' : url.startsWith('/v1/') ? 'admin' : null;
      if (api === null) return { schema: { ...schema, hide: true }, url };
      return { schema: { ...schema, tags: [api], security: [{ [api]: [] }] }, url };
    },
  });
  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
