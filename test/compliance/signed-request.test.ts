import t from 'tap';
import { checkSignedRequest, MAX_AGE_SECONDS } from '../../src/compliance/signed-request.js';
import { signedRequest } from '../../src/dev/fake-instagram/compliance-callbacks.js';

const SECRET = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const NOW = 1_800_000_000;
const payload = (patch: Record<string, unknown> = {}) => ({
  algorithm: 'HMAC-SHA256',
  issued_at: NOW,
  user_id: '17841400774391235',
  ...patch,
});

t.test("Meta's format: base64url signature, a dot, base64url JSON", async (t) => {
  t.same(checkSignedRequest(signedRequest(SECRET, payload({ expires: NOW + 3600 })), SECRET, NOW), {
    ok: true,
    request: { userId: '17841400774391235', issuedAt: NOW, expires: NOW + 3600 },
  });
  // The example from Meta's documentation, re-signed with this secret.
  t.match(checkSignedRequest(signedRequest(SECRET, payload({ user_id: '218471' })), SECRET, NOW), {
    ok: true,
    request: { userId: '218471', expires: null },
  });
});

t.test('a user ID sent as a bare JSON number keeps every digit', async (t) => {
  const encoded = Buffer.from(`{"algorithm":"HMAC-SHA256","issued_at":${NOW},"user_id":17841400774391235}`).toString(
    'base64url',
  );
  const { createHmac } = await import('node:crypto');
  const value = `${createHmac('sha256', SECRET).update(encoded).digest('base64url')}.${encoded}`;
  t.match(checkSignedRequest(value, SECRET, NOW), { ok: true, request: { userId: '17841400774391235' } });
});

t.test('anything unsigned, mis-signed or malformed is refused before it is read', async (t) => {
  const valid = signedRequest(SECRET, payload());
  const [signature, body] = valid.split('.') as [string, string];
  const refused = (value: unknown, reason: string, name: string) =>
    t.same(checkSignedRequest(value, SECRET, NOW), { ok: false, reason }, name);
  refused(signedRequest('another-secret', payload()), 'bad_signature', 'another app secret');
  refused(
    `${signature}.${Buffer.from(JSON.stringify(payload({ user_id: '1' }))).toString('base64url')}`,
    'bad_signature',
    'payload swapped',
  );
  refused(`${signature.slice(0, -2)}AA.${body}`, 'bad_signature', 'signature altered');
  refused(body, 'malformed', 'no signature');
  refused('', 'malformed', 'empty');
  refused(undefined, 'malformed', 'missing');
  refused(`${valid}.extra`, 'malformed', 'three parts');
  refused(`${signature}=.${body}`, 'malformed', 'padding is not base64url');
  refused('x'.repeat(5000), 'malformed', 'oversized');
  refused(signedRequest(SECRET, payload({ algorithm: 'none' })), 'malformed', 'another algorithm');
  refused(signedRequest(SECRET, payload({ user_id: 'me' })), 'malformed', 'a user ID that is not digits');
  refused(signedRequest(SECRET, payload({ issued_at: 'today' })), 'malformed', 'issued_at not a number');
  const notJson = Buffer.from('not json').toString('base64url');
  const { createHmac } = await import('node:crypto');
  refused(`${createHmac('sha256', SECRET).update(notJson).digest('base64url')}.${notJson}`, 'malformed', 'not JSON');
});

t.test('stale in either direction', async (t) => {
  const at = (issuedAt: number, expires?: number) =>
    checkSignedRequest(signedRequest(SECRET, payload({ issued_at: issuedAt, expires })), SECRET, NOW);
  t.match(at(NOW - MAX_AGE_SECONDS), { ok: true });
  t.match(at(NOW - MAX_AGE_SECONDS - 1), { ok: false, reason: 'stale' }, 'issued over a day ago');
  t.match(at(NOW + 300), { ok: true }, 'clocks differ a little');
  t.match(at(NOW + 301), { ok: false, reason: 'stale' }, 'from the future');
  t.match(at(NOW - 7200, NOW - 3600), { ok: false, reason: 'stale' }, 'past its own expiry');
});
