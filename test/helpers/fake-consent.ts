import type { FakeApp, FakeInstagram } from '../../src/dev/fake-instagram/server.js';

/** Gets an authorization code from the fake the way a browser would: approve on its consent page. */
export async function codeFromFake(
  fake: FakeInstagram,
  app: FakeApp,
  options: { username: string; scopes?: string[]; redirectUri?: string },
): Promise<string> {
  const base = app.mode === 'business' ? fake.wwwUrl : fake.apiUrl;
  const scopes = options.scopes ?? (app.mode === 'business' ? ['instagram_business_basic'] : ['user_profile']);
  const response = await fetch(`${base}/oauth/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: app.appId,
      redirect_uri: options.redirectUri ?? (app.redirectUris[0] as string),
      response_type: 'code',
      scope: scopes.join(','),
      state: 'client-test',
      username: options.username,
      decision: 'allow',
    }).toString(),
  });
  const location = response.headers.get('location');
  const code = location === null ? null : new URL(location).searchParams.get('code');
  if (code === null) throw new Error(`the fake did not issue a code (${response.status})`);
  return code.replace(/#_$/, '');
}
