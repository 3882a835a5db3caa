import { Writable } from 'node:stream';
import t from 'tap';
import { createLogger } from '../src/logger.js';

t.test('redaction covers cookies, authorization and outbound request options', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink);
  log.info(
    { req: { headers: { cookie: 'igr_browser=secret-cookie', authorization: 'Bearer admin-token' } } },
    'request',
  );
  log.info({ res: { headers: { 'set-cookie': 'igr_browser=secret-cookie' } } }, 'response');
  log.error(
    {
      err: {
        message: 'boom',
        options: { url: 'https://graph.instagram.com/access_token?client_secret=s3cret' },
        request: {},
        response: {},
      },
    },
    'failed',
  );
  const text = lines.join('');
  for (const secret of ['secret-cookie', 'admin-token', 's3cret']) t.notOk(text.includes(secret), secret);
  t.equal(
    (JSON.parse(lines[2] as string) as { err: { message: string } }).err.message,
    'boom',
    'the rest of the error stays',
  );
  const first = JSON.parse(lines[0] as string) as { level: number; service: string };
  t.equal(first.level, 30);
  t.equal(first.service, 'ig-login-relay');
});

t.test('LOG_FORMAT=pretty: one readable line per entry, still redacted', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const log = createLogger('info', sink, 'pretty');
  log.info({ req: { headers: { authorization: 'Bearer admin-token' } }, store: 'shop-1' }, 'flow finished');
  await new Promise((resolve) => setImmediate(resolve));
  const text = lines.join('');
  t.match(text, /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: flow finished\n/);
  t.match(text, /store: "shop-1"/);
  t.notMatch(text, /admin-token/);
  t.throws(() => {
    JSON.parse(text);
  }, 'not JSON');
});
