import t from 'tap';
import { checkApp, checkUser } from '../../../src/dev/fake-instagram/config-validation.js';
import { demoUsers, startFakeInstagram } from '../../../src/dev/fake-instagram/server.js';
import { BUSINESS_APP, BUSINESS_USER } from './fixtures/harness.js';

t.test('checkApp applies the defaults', async (t) => {
  t.same(checkApp({ appId: '1', appSecret: 's', redirectUris: ['https://a.example/cb'], mode: 'business' }), {
    appId: '1',
    appSecret: 's',
    redirectUris: ['https://a.example/cb'],
    mode: 'business',
    accessLevel: 'advanced',
    testers: [],
    tokenResponseShape: 'flat',
    denialEchoesState: true,
    tokenUserId: 'app_scoped_id',
  });
  const full = {
    ...BUSINESS_APP,
    accessLevel: 'standard',
    testers: ['a'],
    tokenResponseShape: 'doc_data_array',
    denialEchoesState: false,
    tokenUserId: 'ig_user_id',
  };
  t.same(checkApp(full), full);
});

t.test('checkApp names the option it refuses', async (t) => {
  const cases: Array<[unknown, string]> = [
    [null, 'fake-instagram: app must be an object'],
    [[], 'fake-instagram: app must be an object'],
    [{ ...BUSINESS_APP, appId: '' }, 'fake-instagram: app.appId must be a non-empty string'],
    [{ ...BUSINESS_APP, appSecret: 7 }, 'fake-instagram: app.appSecret must be a non-empty string'],
    [
      { ...BUSINESS_APP, redirectUris: 'https://a.example' },
      'fake-instagram: app.redirectUris must be an array of strings',
    ],
    [{ ...BUSINESS_APP, redirectUris: undefined }, 'fake-instagram: app.redirectUris must be an array of strings'],
    [{ ...BUSINESS_APP, mode: undefined }, 'fake-instagram: app.mode must be one of business, basic_display'],
    [{ ...BUSINESS_APP, mode: 'graph' }, 'fake-instagram: app.mode must be one of business, basic_display'],
    [{ ...BUSINESS_APP, accessLevel: 'gold' }, 'fake-instagram: app.accessLevel must be one of standard, advanced'],
    [{ ...BUSINESS_APP, testers: [1] }, 'fake-instagram: app.testers must be an array of strings'],
    [
      { ...BUSINESS_APP, tokenResponseShape: 'nested' },
      'fake-instagram: app.tokenResponseShape must be one of flat, doc_data_array',
    ],
    [{ ...BUSINESS_APP, denialEchoesState: 'yes' }, 'fake-instagram: app.denialEchoesState must be a boolean'],
    [
      { ...BUSINESS_APP, tokenUserId: 'id' },
      'fake-instagram: app.tokenUserId must be one of app_scoped_id, ig_user_id',
    ],
  ];
  for (const [input, message] of cases) t.throws(() => checkApp(input), new TypeError(message), message);
});

t.test('checkUser keeps only what is set and refuses a non-digit ID', async (t) => {
  t.same(checkUser(BUSINESS_USER), BUSINESS_USER);
  const minimal = checkUser({ username: 'a', userId: '17841400000000000', accountType: 'Personal' });
  t.same(Object.keys(minimal), ['username', 'userId', 'accountType']);
  const cases: Array<[unknown, string]> = [
    [
      { ...BUSINESS_USER, userId: '1784140077439123x' },
      'fake-instagram: user.userId must be a digit string without leading zeros',
    ],
    [{ ...BUSINESS_USER, userId: '0123' }, 'fake-instagram: user.userId must be a digit string without leading zeros'],
    [{ ...BUSINESS_USER, userId: 17841400774391234 }, 'fake-instagram: user.userId must be a non-empty string'],
    [{ ...BUSINESS_USER, username: '' }, 'fake-instagram: user.username must be a non-empty string'],
    [
      { ...BUSINESS_USER, accountType: 'Creator' },
      'fake-instagram: user.accountType must be one of Business, Media_Creator, Personal',
    ],
    [{ ...BUSINESS_USER, name: 3 }, 'fake-instagram: user.name must be a string'],
    [{ ...BUSINESS_USER, followersCount: -1 }, 'fake-instagram: user.followersCount must be a non-negative integer'],
    [{ ...BUSINESS_USER, mediaCount: 1.5 }, 'fake-instagram: user.mediaCount must be a non-negative integer'],
  ];
  for (const [input, message] of cases) t.throws(() => checkUser(input), new TypeError(message), message);
});

t.test('startFakeInstagram refuses a bad app before listening', async (t) => {
  await t.rejects(
    startFakeInstagram({ apps: [{ ...BUSINESS_APP, redirectUris: [''], appSecret: '' }] }),
    new TypeError('fake-instagram: app.appSecret must be a non-empty string'),
  );
});

t.test('demoUsers: one of each account type, real-shaped IDs', async (t) => {
  t.same(
    demoUsers.map((user) => user.accountType),
    ['Business', 'Media_Creator', 'Personal'],
  );
  for (const user of demoUsers) {
    t.same(checkUser(user), user, `${user.username} passes the checks`);
    t.match(user.userId, /^17841[0-9]{12}$/);
    t.ok(BigInt(user.userId) > 2n ** 53n, `${user.username}: above 2^53`);
    t.type(user.name, 'string');
    t.match(user.profilePictureUrl, /^https:\/\//);
  }
});
