import t from 'tap';
import { classify, readErrorBody } from '../../src/instagram/instagram-error.js';

t.test('reads the flat token-endpoint shape and the Graph envelope', async (t) => {
  t.same(readErrorBody({ error_type: 'OAuthException', code: 400, error_message: 'Invalid platform app' }), {
    message: 'Invalid platform app',
    code: 400,
    type: 'OAuthException',
  });
  t.same(
    readErrorBody({
      error: { message: 'Session has expired', type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: 'A' },
    }),
    {
      message: 'Session has expired',
      code: 190,
      subcode: 463,
      type: 'OAuthException',
    },
  );
  t.equal(readErrorBody({ access_token: 'x' }), undefined);
  t.equal(readErrorBody('text'), undefined);
  t.equal(readErrorBody({ error: 'access_denied' }), undefined);
});

t.test('classifies what Instagram says into what the admin should do', async (t) => {
  const cases: [Parameters<typeof classify>[0], string][] = [
    [{ message: 'Invalid platform app', code: 400 }, 'invalid_app'],
    [{ message: 'Invalid Client Secret' }, 'invalid_app'],
    [{ message: 'Invalid redirect_uri', code: 400 }, 'redirect_uri_mismatch'],
    [
      {
        message:
          'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
        code: 400,
      },
      'redirect_uri_mismatch',
    ],
    [{ message: 'Matching code was not found or was already used', code: 400 }, 'code_rejected'],
    [{ message: 'This authorization code has been used', code: 400 }, 'code_rejected'],
    [{ message: 'Unsupported request - method type: get', code: 100, type: 'IGApiException' }, 'not_tester'],
    [{ message: 'Insufficient developer role', code: 400 }, 'not_tester'],
    [{ message: 'Error validating access token: Session has expired', code: 190, subcode: 463 }, 'token_invalid'],
    [{ message: 'Application request limit reached', code: 4 }, 'rate_limited'],
    [{ message: 'Calls to this api have exceeded the rate limit.', code: 613 }, 'rate_limited'],
    [{ message: 'Permissions error', code: 10 }, 'permission_denied'],
    [{ message: 'Requires instagram_business_manage_messages', code: 230 }, 'permission_denied'],
    [{ message: 'Tried accessing nonexisting field (email)', code: 100 }, 'other'],
  ];
  for (const [body, kind] of cases) t.equal(classify(body), kind, body.message);
});
