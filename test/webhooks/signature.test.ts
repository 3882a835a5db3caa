import t from 'tap';
import { storeSecretKey } from '../../src/tenants/store-secret.js';
import { signWebhook, verifyWebhook } from '../../src/webhooks/signature.js';

// The Standard Webhooks reference test vector: any receiver library must accept what we send.
const vector = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const key = storeSecretKey(vector.secret) as Buffer;
const other = storeSecretKey(`whsec_${Buffer.alloc(32, 5).toString('base64')}`) as Buffer;

t.test('signs exactly like the reference implementation', async (t) => {
  t.same(signWebhook([key], vector.id, vector.timestamp, vector.body), {
    'webhook-id': vector.id,
    'webhook-timestamp': '1614265330',
    'webhook-signature': vector.signature,
  });
});

t.test('during a rotation every valid key signs, space-separated', async (t) => {
  const headers = signWebhook([other, key], vector.id, vector.timestamp, vector.body);
  const [first, second] = headers['webhook-signature'].split(' ');
  t.match(first, /^v1,[A-Za-z0-9+/]{43}=$/);
  t.equal(second, vector.signature);
  t.equal(
    verifyWebhook([key], headers, vector.body, vector.timestamp),
    'valid',
    'a store holding either secret accepts it',
  );
  t.equal(verifyWebhook([other], headers, vector.body, vector.timestamp), 'valid');
});

t.test('verification refuses tampering, staleness and missing parts', async (t) => {
  const headers = signWebhook([key], vector.id, vector.timestamp, vector.body);
  t.equal(verifyWebhook([key], headers, vector.body, vector.timestamp + 300), 'valid', 'within 5 minutes');
  t.equal(verifyWebhook([key], headers, vector.body, vector.timestamp + 301), 'stale');
  t.equal(verifyWebhook([key], headers, vector.body, vector.timestamp - 301), 'stale', 'from the future');
  t.equal(verifyWebhook([key], headers, `${vector.body} `, vector.timestamp), 'bad_signature', 'raw bytes matter');
  t.equal(
    verifyWebhook([key], { ...headers, 'webhook-id': 'msg_other' }, vector.body, vector.timestamp),
    'bad_signature',
  );
  t.equal(verifyWebhook([other], headers, vector.body, vector.timestamp), 'bad_signature');
  t.equal(
    verifyWebhook([key], { ...headers, 'webhook-signature': 'v2,abc' }, vector.body, vector.timestamp),
    'bad_signature',
  );
  t.equal(
    verifyWebhook([key], { ...headers, 'webhook-timestamp': 'soon' }, vector.body, vector.timestamp),
    'missing_headers',
  );
  t.equal(verifyWebhook([key], { 'webhook-id': vector.id }, vector.body, vector.timestamp), 'missing_headers');
});
