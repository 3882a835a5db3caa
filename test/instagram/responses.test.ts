import t from 'tap';
import { parseJsonLosslessly } from '../../src/instagram/lossless-json.js';
import { readLongLivedToken, readProfile, readShortLivedToken } from '../../src/instagram/responses.js';

t.test('short-lived token: flat with a numeric user_id and an array of permissions', async (t) => {
  const body = parseJsonLosslessly(
    '{"access_token":"IGAAabcdef123","user_id":27640875392278831,"permissions":["instagram_business_basic"]}',
  );
  t.same(readShortLivedToken(body), {
    accessToken: 'IGAAabcdef123',
    userId: '27640875392278831',
    permissions: ['instagram_business_basic'],
  });
});

t.test('short-lived token: the documented data array with a string of permissions', async (t) => {
  const body = {
    data: [
      {
        access_token: 'IGAAabcdef123',
        user_id: '1020',
        permissions: 'instagram_business_basic, instagram_business_manage_messages',
      },
    ],
  };
  t.same(readShortLivedToken(body), {
    accessToken: 'IGAAabcdef123',
    userId: '1020',
    permissions: ['instagram_business_basic', 'instagram_business_manage_messages'],
  });
});

t.test('short-lived token: Basic Display has no permissions', async (t) => {
  t.same(readShortLivedToken({ access_token: 'IGQVJabcdef', user_id: 17841405 }), {
    accessToken: 'IGQVJabcdef',
    userId: '17841405',
    permissions: null,
  });
});

t.test('short-lived token: malformed shapes', async (t) => {
  for (const body of [
    null,
    [],
    {},
    { access_token: 'IGAAabcdef123' },
    { access_token: 'IGAAabcdef123', user_id: 1.5 },
    { access_token: 'IGAAabcdef123', user_id: 'abc' },
    { access_token: 'short', user_id: '1' },
    { access_token: 'IGAA with space', user_id: '1' },
    { data: [] },
    {
      data: [
        { access_token: 'IGAAabcdef123', user_id: '1' },
        { access_token: 'IGAAabcdef456', user_id: '2' },
      ],
    },
  ]) {
    t.equal(readShortLivedToken(body), undefined, JSON.stringify(body));
  }
});

t.test('long-lived token', async (t) => {
  t.same(readLongLivedToken({ access_token: 'IGAAlonglived', token_type: 'bearer', expires_in: 5184000 }), {
    accessToken: 'IGAAlonglived',
    expiresIn: 5184000,
  });
  t.same(readLongLivedToken({ access_token: 'IGAAlonglived' }), { accessToken: 'IGAAlonglived', expiresIn: null });
  t.equal(readLongLivedToken({ access_token: 'IGAAlonglived', expires_in: '5184000' }), undefined);
  t.equal(readLongLivedToken({ access_token: 'IGAAlonglived', expires_in: -1 }), undefined);
  t.equal(readLongLivedToken({ token_type: 'bearer' }), undefined);
});

t.test('profile: flat or wrapped, every field optional but typed', async (t) => {
  const full = {
    id: '9001',
    user_id: '17841400774391234',
    username: 'lumen.coffee',
    name: 'Lumen',
    account_type: 'Business',
    profile_picture_url: 'https://cdn.example/p.jpg',
  };
  const expected = {
    id: '9001',
    userId: '17841400774391234',
    username: 'lumen.coffee',
    name: 'Lumen',
    accountType: 'Business',
    profilePictureUrl: 'https://cdn.example/p.jpg',
  };
  t.same(readProfile(full), expected);
  t.same(readProfile({ data: [full] }), expected);
  t.same(readProfile({ id: '17841405793187218', username: 'jay' }), {
    id: '17841405793187218',
    userId: null,
    username: 'jay',
    name: null,
    accountType: null,
    profilePictureUrl: null,
  });
  t.equal(readProfile({ username: 'no-ids' }), undefined);
  t.equal(readProfile({ id: '1', username: 42 }), undefined);
  t.equal(readProfile({ id: 'x1', username: 'a' }), undefined);
});
