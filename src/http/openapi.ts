import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema, HTTPMethods } from 'fastify';

/**
 * The admin and store APIs described as OpenAPI 3, generated from the JSON
 * Schemas the routes validate with, so the document cannot drift from the
 * code. Served at /docs/openapi.json; the browser and Meta routes are left out.
 *
 * The routes' schemas are noted as they are added; @fastify/swagger (about
 * 7 MB resident with what it loads) is loaded, and the document made, only
 * when it is first asked for.
 */
interface NotedRoute {
  method: HTTPMethods | HTTPMethods[];
  url: string;
  schema: FastifySchema | undefined;
}

export function installOpenApi(app: FastifyInstance, options: { publicUrl: string }): void {
  const routes: NotedRoute[] = [];
  app.addHook('onRoute', (route) => {
    // HEAD routes are Fastify's own copies of GET routes; the document never shows them.
    if (route.url.startsWith('/v1/') && route.method !== 'HEAD') {
      routes.push({ method: route.method, url: route.url, schema: route.schema });
    }
  });
  let document: Promise<unknown> | undefined;
  app.get('/docs/openapi.json', { schema: { hide: true } }, async () => {
    document ??= describe(routes, options.publicUrl).catch((error: unknown) => {
      document = undefined; // try again on the next request
      throw error;
    });
    return document;
  });
}

/** The document, from a scratch Fastify instance holding the same routes and schemas (nothing is compiled). */
async function describe(routes: readonly NotedRoute[], publicUrl: string): Promise<unknown> {
  const [{ default: swagger }, { default: Fastify }] = await Promise.all([
    import('@fastify/swagger'),
    import('fastify'),
  ]);
  const scratch = Fastify();
  scratch.setValidatorCompiler(() => () => true);
  scratch.setSerializerCompiler(() => (data) => JSON.stringify(data));
  await scratch.register(swagger, swaggerOptions(publicUrl));
  for (const route of routes) scratch.route({ ...route, handler: async () => null });
  await scratch.ready();
  const doc = scratch.swagger();
  await scratch.close();
  return doc;
}

function swaggerOptions(publicUrl: string): SwaggerOptions {
  return {
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
      servers: [{ url: publicUrl }],
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
      // Only /v1/ routes are noted: /v1/store… is the store API, the rest the admin API.
      const api = url.startsWith('/v1/store/') || url === '/v1/store' ? 'store' : 'admin';
      return { schema: { ...schema, tags: [api], security: [{ [api]: [] }] }, url };
    },
  };
}
