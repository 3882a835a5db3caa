import t from 'tap';
import { PERSONAL, startScenario, type Scenario } from '../helpers/scenario.js';

/** The value of one sample line of /metrics, 0 when absent. */
async function sample(s: Scenario, series: string, headers: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${s.relay.url}/metrics`, { headers })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

t.test('the counters move with flows, Instagram calls and deliveries', async (t) => {
  const s = await startScenario(t);
  const response = await fetch(`${s.relay.url}/metrics`);
  t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  t.match(await response.text(), /process_resident_memory_bytes \d+/, "the process's own metrics too");

  await s.signIn();
  t.equal(await sample(s, 'igr_flows_started_total{purpose="login"}'), 1);
  t.equal(await sample(s, 'igr_flows_finished_total{outcome="delivered"}'), 1);
  t.equal(await sample(s, 'igr_webhook_deliveries_total{outcome="delivered"}'), 1);
  for (const endpoint of ['oauth_access_token', 'access_token', 'me']) {
    t.equal(
      await sample(s, `igr_instagram_request_duration_seconds_count{endpoint="${endpoint}",outcome="ok"}`),
      1,
      `${endpoint}: one call, timed`,
    );
  }

  s.fake.failNext('oauth_access_token', { hangUp: true });
  await s.signIn();
  t.equal(await sample(s, 'igr_flows_finished_total{outcome="instagram_error"}'), 1);
  t.equal(
    await sample(
      s,
      'igr_instagram_request_duration_seconds_count{endpoint="oauth_access_token",outcome="unavailable"}',
    ),
    1,
  );

  s.receiver.answer({ status: 503 });
  await s.signIn({}, { username: PERSONAL.username });
  await s.signIn({ purpose: 'connect' });
  t.equal(await sample(s, 'igr_flows_started_total{purpose="connect"}'), 1);
  t.equal(await sample(s, 'igr_flows_finished_total{outcome="delivery_failed"}'), 1);
  t.equal(await sample(s, 'igr_webhook_deliveries_total{outcome="failed"}'), 1);
  t.equal(await sample(s, 'igr_outbox_pending_events'), 1);
  s.relay.clock.advance(90_000);
  t.equal(await sample(s, 'igr_outbox_oldest_pending_age_seconds'), 90);

  s.receiver.answer({ status: 204 });
  s.relay.clock.advance(31 * 24 * 60 * 60 * 1000);
  await s.relay.app.services.tokenRefresher.runOnce();
  t.equal(await sample(s, 'igr_token_refreshes_total{outcome="refreshed"}'), 1);
  await s.relay.app.services.deliveries.runOnce();
  t.equal(await sample(s, 'igr_outbox_pending_events'), 0);
  t.equal(await sample(s, 'igr_outbox_oldest_pending_age_seconds'), 0);
});

t.test('METRICS_TOKEN keeps /metrics private', async (t) => {
  const token = 'metrics-token-metrics-token';
  const s = await startScenario(t, { relay: { env: { METRICS_TOKEN: token } } });
  const refused = await fetch(`${s.relay.url}/metrics`);
  t.same([refused.status, refused.headers.get('www-authenticate')], [401, 'Bearer']);
  const wrong = await fetch(`${s.relay.url}/metrics`, { headers: { authorization: 'Bearer nope' } });
  t.equal(wrong.status, 401);
  const allowed = await fetch(`${s.relay.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  t.equal(allowed.status, 200);
});
