import t from 'tap';
import { createLogger } from '../src/logger.js';
import { captureLog } from './helpers/log-capture.js';

t.test('redaction covers cookies, authorization and outbound request options', async (t) => {
  const { stream, lines, entries } = captureLog();
  const log = createLogger('info', stream);
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
  const text = lines.join('\n');
  for (const secret of ['secret-cookie', 'admin-token', 's3cret']) t.notOk(text.includes(secret), secret);
  const [first, , failed] = entries();
  t.match(failed, { err: { message: 'boom' } }, 'the rest of the error stays');
  t.match(first, { level: 30, service: 'ig-login-relay' });
});

t.test('LOG_FORMAT=pretty: one readable line per entry, still redacted', async (t) => {
  const { stream, lines } = captureLog();
  const log = createLogger('info', stream, 'pretty');
  log.info({ req: { headers: { authorization: 'Bearer admin-token' } }, store: 'shop-1' }, 'flow finished');
  await new Promise((resolve) => setImmediate(resolve));
  const text = lines.join('\n');
  t.match(text, /^\[\d{2}:\d{2}:\d{2}\.\d{3}\] INFO: flow finished\n/);
  t.match(text, /store: "shop-1"/);
  t.notMatch(text, /admin-token/);
  t.throws(() => {
    JSON.parse(text);
  }, 'not JSON');
});
