import t from 'tap';
import { startRelay } from '../helpers/relay.js';

t.test('the admin and store APIs, described from their own schemas', async (t) => {
  const relay = await startRelay(t);
  const response = await fetch(`${relay.url}/docs/openapi.json`);
  t.equal(response.status, 200);
  const doc = (await response.json()) as {
    openapi: string;
    servers: { url: string }[];
    paths: Record<string, Record<string, { tags: string[]; security: unknown[]; responses: Record<string, unknown> }>>;
  };
  t.equal(doc.openapi, '3.1.0');
  t.same(doc.servers, [{ url: relay.config.publicUrl }]);
  const paths = Object.keys(doc.paths).sort();
  t.same(paths, [
    '/v1/store',
    '/v1/store/instagram',
    '/v1/store/instagram/test',
    '/v1/store/login-claims',
    '/v1/store/login-delivery',
    '/v1/store/sign-ins',
    '/v1/stores',
    '/v1/stores/{id}',
    '/v1/stores/{id}/deliveries',
    '/v1/stores/{id}/deliveries/redeliver',
    '/v1/stores/{id}/deliveries/{event}',
    '/v1/stores/{id}/deliveries/{event}/redeliver',
    '/v1/stores/{id}/secret',
  ]);
  const put = doc.paths['/v1/stores/{id}']?.put;
  t.same([put?.tags, put?.security], [['admin'], [{ admin: [] }]]);
  t.ok(put?.responses['201'], 'responses come from the route schemas');
  t.same(doc.paths['/v1/store']?.get?.security, [{ store: [] }]);
});
