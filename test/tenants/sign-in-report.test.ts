import t from 'tap';
import { PERSONAL, startScenario } from '../helpers/scenario.js';
import { storeRequest } from '../helpers/store-client.js';

/**
 * The store's report of its sign-ins: per UTC day, ending today, how each
 * ended, as the relay saw it; every day of the period present.
 */
type Day = Record<string, number> & { date: string };

t.test('sign-ins per day by outcome, for the store that signed the request', async (t) => {
  const s = await startScenario(t);
  const report = async (query = '') => {
    const answer = await storeRequest(s.relay.url, s.store, 'GET', `/v1/store/sign-ins${query}`, {
      timestamp: Math.floor(s.relay.clock.now() / 1000),
    });
    return answer as { status: number; body: { days: Day[] } };
  };
  const today = () => new Date(s.relay.clock.now()).toISOString().slice(0, 10);

  const first = await report();
  t.equal(first.status, 200);
  t.equal(first.body.days.length, 30, 'thirty days by default');
  t.equal(first.body.days.at(-1)?.date, today(), 'ending today');
  t.ok(
    first.body.days.every((day) => day.delivered === 0 && day.failed === 0),
    'quiet days are zeros',
  );

  await s.signIn({ state: 'a' });
  await s.signIn({ state: 'b' });
  await s.signIn({ state: 'c' }, { decision: 'deny' });
  await s.signIn({ state: 'd' }, { username: PERSONAL.username });
  s.fake.addApp({ ...s.igApp, accessLevel: 'standard', testers: [] });
  await s.signIn({ state: 'e' });
  s.fake.addApp(s.igApp);
  s.receiver.answer({ status: 500 });
  await s.signIn({ state: 'f' });
  const yesterday = today();
  s.relay.clock.advance(24 * 60 * 60 * 1000);
  s.receiver.answer({ status: 204 });
  await s.signIn({ state: 'g' });

  const { body } = await report('?days=2');
  t.same(body.days, [
    { date: yesterday, delivered: 2, access_denied: 1, not_professional: 1, not_tester: 1, failed: 1 },
    { date: today(), delivered: 1, access_denied: 0, not_professional: 0, not_tester: 0, failed: 0 },
  ]);

  for (const bad of ['?days=0', '?days=91', '?days=many', '?since=1']) {
    const refused = await report(bad);
    t.match([refused.status, refused.body], [400, { code: 'invalid_request' }], `${bad} is refused`);
  }
});
