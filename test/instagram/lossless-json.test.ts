import t from 'tap';
import { parseJsonLosslessly } from '../../src/instagram/lossless-json.js';

t.test('big integers keep every digit, as strings', async (t) => {
  t.same(parseJsonLosslessly('{"user_id":17841400774391234,"n":42}'), { user_id: '17841400774391234', n: 42 });
  t.same(parseJsonLosslessly('[-9007199254740993, 9007199254740991]'), ['-9007199254740993', 9007199254740991]);
  t.same(parseJsonLosslessly('{"user_id":27640875392278831}'), { user_id: '27640875392278831' });
  t.equal(String(JSON.parse('27640875392278831')), '27640875392278830', 'what plain JSON.parse would have done');
});

t.test('strings, floats and exponents are left alone', async (t) => {
  t.same(parseJsonLosslessly('{"a":"17841400774391234","b":"x\\"17841400774391234","c":1.7841400774391234e16}'), {
    a: '17841400774391234',
    b: 'x"17841400774391234',
    c: 17841400774391234,
  });
  t.same(parseJsonLosslessly('{"token":"IGAA12345678901234567890","x":12345678901234567.5}'), {
    token: 'IGAA12345678901234567890',
    x: 12345678901234568,
  });
});

t.test('malformed JSON still throws', async (t) => {
  t.throws(() => parseJsonLosslessly('<html>17841400774391234'));
  t.throws(() => parseJsonLosslessly('{"a":'));
});
