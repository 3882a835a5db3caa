import t from 'tap';
import { signStoreRequest } from '../../src/tenants/store-request-signature.js';
import { startScenario } from '../helpers/scenario.js';

t.test('line breaks cannot reach a response header or split a log line', async (t) => {
  const s = await startScenario(t);
  // The WHATWG URL parser drops CR, LF and tab, as browsers do; the relay redirects to what it parsed.
  const back = await s.signIn({ return_to: 'https://shop.example/a\r\nSet-Cookie: x=1' });
  t.match(
    back.location,
    /^https:\/\/shop\.example\/aSet-Cookie:%20x=1\?igr_login=/,
    'one line, on the registered origin',
  );
  t.notMatch(back.headers.get('set-cookie') ?? '', /x=1/, 'no header of its own');

  const before = s.relay.logs.length;
  await s.relay.app.inject({ method: 'GET', url: '/nothing%0a%7B%22level%22%3A60%7D%0a?q=%0a' });
  await s.relay.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'a\u2028b"}{"level":60' } });
  const lines = s.relay.logs.slice(before);
  t.ok(lines.length >= 2);
  for (const line of lines) {
    const entry = JSON.parse(line) as { level: number };
    t.not(entry.level, 60, 'every line is one JSON object of its own; nothing injected a fatal line');
  }
});

t.test('deeply nested or oversized bodies are refused, never a 5xx', async (t) => {
  const s = await startScenario(t);
  const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
  const admin = await s.relay.app.inject({
    method: 'PUT',
    url: '/v1/stores/shop-2',
    headers: { authorization: `Bearer ${s.relay.adminToken}`, 'content-type': 'application/json' },
    payload: `{"webhook_url":${deep}}`,
  });
  t.equal(admin.statusCode, 400, 'admin API');
  t.equal(admin.json<{ code: string }>().code, 'invalid_request');

  const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
  const headers = signStoreRequest(s.store.key, {
    store: s.store.id,
    requestId: 'nested-body-request-1',
    timestamp: Math.floor(s.relay.clock.now() / 1000),
    method: 'PUT',
    path: '/v1/store/instagram',
    body: objects,
  });
  const store = await s.relay.app.inject({
    method: 'PUT',
    url: '/v1/store/instagram',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: objects,
  });
  t.equal(store.statusCode, 400, 'store API');

  const form = await s.relay.app.inject({
    method: 'POST',
    url: '/meta/data-deletion/shop-1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `signed_request=${'a'.repeat(9000)}`,
  });
  t.equal(form.statusCode, 413, "Meta's forms are small; a large one is refused unread");
  const queries = await s.relay.app.inject({ method: 'GET', url: `/callback?${'state=x&'.repeat(5000)}` });
  t.ok(queries.statusCode < 500, `thousands of repeated parameters: ${queries.statusCode}`);
});
