import { join } from 'node:path';
import t from 'tap';
import { loadSettings } from '../../../src/dev/fake-instagram/main-settings.js';
import { demoUsers } from '../../../src/dev/fake-instagram/server.js';
import { BUSINESS_APP } from './fixtures/harness.js';

t.test('defaults: port 0, no apps, the demo users', async (t) => {
  t.same(await loadSettings({}), { port: 0, apps: [], users: demoUsers });
  t.same(await loadSettings({ FAKE_IG_PORT: '4010', FAKE_IG_CONFIG: '' }), { port: 4010, apps: [], users: demoUsers });
});

t.test('a config file gives apps (with defaults) and users', async (t) => {
  const solo = { username: 'solo', userId: '17841400000000009', accountType: 'Business' };
  const dir = t.testdir({
    'apps-only.json': JSON.stringify({ apps: [BUSINESS_APP] }),
    'both.json': JSON.stringify({ apps: [], users: [solo] }),
  });
  const appsOnly = await loadSettings({ FAKE_IG_CONFIG: join(dir, 'apps-only.json') });
  t.same(appsOnly.apps, [
    {
      ...BUSINESS_APP,
      accessLevel: 'advanced',
      testers: [],
      tokenResponseShape: 'flat',
      denialEchoesState: true,
      tokenUserId: 'app_scoped_id',
    },
  ]);
  t.same(appsOnly.users, demoUsers);
  t.same(await loadSettings({ FAKE_IG_CONFIG: join(dir, 'both.json') }), { port: 0, apps: [], users: [solo] });
});

t.test('bad settings are refused with a message that names them', async (t) => {
  const dir = t.testdir({
    'not-object.json': '[1]',
    'bad-apps.json': '{"apps": {}}',
    'bad-users.json': '{"users": "x"}',
    'bad-app.json': JSON.stringify({ apps: [{ ...BUSINESS_APP, mode: 'graph' }] }),
    'bad-user.json': JSON.stringify({ users: [{ username: 'x', userId: '12.5', accountType: 'Business' }] }),
    'not-json.json': '{',
  });
  const cases: Array<[Record<string, string>, string]> = [
    [{ FAKE_IG_PORT: 'http' }, 'fake-instagram: FAKE_IG_PORT must be a port number, got "http"'],
    [{ FAKE_IG_PORT: '' }, 'fake-instagram: FAKE_IG_PORT must be a port number, got ""'],
    [{ FAKE_IG_PORT: '70000' }, 'fake-instagram: FAKE_IG_PORT must be a port number, got "70000"'],
    [{ FAKE_IG_PORT: '-1' }, 'fake-instagram: FAKE_IG_PORT must be a port number, got "-1"'],
    [
      { FAKE_IG_CONFIG: join(dir, 'not-object.json') },
      'fake-instagram: FAKE_IG_CONFIG must hold a JSON object { "apps": [...], "users": [...] }',
    ],
    [{ FAKE_IG_CONFIG: join(dir, 'bad-apps.json') }, 'fake-instagram: FAKE_IG_CONFIG apps must be an array'],
    [{ FAKE_IG_CONFIG: join(dir, 'bad-users.json') }, 'fake-instagram: FAKE_IG_CONFIG users must be an array'],
    [{ FAKE_IG_CONFIG: join(dir, 'bad-app.json') }, 'fake-instagram: app.mode must be one of business, basic_display'],
    [
      { FAKE_IG_CONFIG: join(dir, 'bad-user.json') },
      'fake-instagram: user.userId must be a digit string without leading zeros',
    ],
  ];
  for (const [env, message] of cases) await t.rejects(loadSettings(env), new TypeError(message), message);
  await t.rejects(loadSettings({ FAKE_IG_CONFIG: join(dir, 'not-json.json') }), SyntaxError);
  await t.rejects(loadSettings({ FAKE_IG_CONFIG: join(dir, 'missing.json') }), { code: 'ENOENT' });
});
