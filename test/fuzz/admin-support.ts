import fc from 'fast-check';
import type { ErrorCode } from '../../src/errors.js';
import { API_GENERATIONS, GENERATIONS, RETIRED_SCOPES } from '../../src/instagram/api-generations.js';
import type { Scenario } from '../helpers/scenario.js';
import { returnToArb } from './scenario-surface.js';
import {
  errorCode,
  headerValue,
  hostile,
  segment,
  send,
  sometimes,
  wrongType,
  type Response,
  type Surface,
} from './support.js';

/** The admin API's inputs: bearer tokens right and wrong, store ids, store settings. */

/** The Authorization header: the admin token (half the cases), near misses, or anything. */
export function authArb(token: string): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant(`Bearer ${token}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        `bearer ${token}`,
        `Bearer  ${token}`,
        `Bearer ${token} `,
        `Bearer ${token.slice(0, -1)}`,
        `Bearer ${token}x`,
        `Bearer ${token.toUpperCase()}`,
        `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`,
        `Bearer ${token},Bearer ${token}`,
        token,
        'Bearer',
        'Bearer ',
      ),
    },
    { weight: 2, arbitrary: hostile.map((value) => headerValue(`Bearer ${value}`)) },
  );
}

export function isAdmin(auth: string | undefined, token: string): boolean {
  return auth === `Bearer ${token}`;
}

/** A store id as a path segment (percent-encoded): one of `pool`, a valid new one, or hostile. */
export function storeIdArb(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pool) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/) },
    { weight: 2, arbitrary: segment },
  );
}

const SCOPES = [
  ...new Set([...Object.values(GENERATIONS).flatMap((facts) => facts.allowedScopes), ...Object.keys(RETIRED_SCOPES)]),
];

/** Now and then a field the schema does not know. */
function withRareExtra(settings: object): fc.Arbitrary<unknown> {
  return sometimes(fc.tuple(fc.constantFrom('secret', 'id', '__proto__', 'constructor'), wrongType), 10).map((extra) =>
    extra === null ? settings : { ...settings, [extra[0]]: extra[1] },
  );
}

/** Mostly `good`, else hostile text or a value of the wrong type. */
function field<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 24, arbitrary: good },
    { weight: 1, arbitrary: hostile },
    { weight: 1, arbitrary: wrongType },
  );
}

export function instagramSettingsArb(): fc.Arbitrary<unknown> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .record(
          {
            app_id: field(fc.stringMatching(/^[0-9]{5,25}$/)),
            app_secret: field(fc.stringMatching(/^[A-Za-z0-9]{16,40}$/)),
            api: field(fc.constantFrom(...API_GENERATIONS)),
            scopes: field(
              fc.oneof(
                fc.constant([GENERATIONS['instagram-login'].requiredScope]),
                fc.array(fc.constantFrom(...SCOPES), { minLength: 1, maxLength: 4 }),
              ),
            ),
          },
          { requiredKeys: ['api'] },
        )
        .chain((settings) => withRareExtra(settings)),
    },
    { weight: 1, arbitrary: wrongType },
  );
}

/** PUT /v1/stores/:id bodies: the right fields with right, tricky, hostile or wrongly typed values. */
export function storeSettingsArb(s: Scenario): fc.Arbitrary<unknown> {
  const origin = fc.oneof(
    {
      weight: 12,
      arbitrary: fc.constantFrom('https://shop.example', 'https://Shop.example:443/', 'http://localhost:8080'),
    },
    fc.constantFrom(
      'https://shop.example',
      'https://Shop.example:443/',
      'http://localhost:8080',
      'https://shop.example/path',
      'https://user@shop.example',
      'https://shop.example?x',
      'https://shop.example#x',
      '*',
      'null',
    ),
    returnToArb,
  );
  const webhook = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(s.receiver.url, 'https://hooks.example/x') },
    fc.constantFrom(
      'https://hooks.example/x',
      'http://127.0.0.1:1/x',
      'https://169.254.169.254/latest/meta-data',
      'http://[::1]/',
      'https://hooks.example/#frag',
      'file:///etc/passwd',
      'gopher://x',
    ),
    returnToArb,
  );
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .record(
          {
            webhook_url: field(webhook),
            return_origins: field(
              fc.oneof(
                { weight: 10, arbitrary: fc.array(origin, { minLength: 1, maxLength: 3 }) },
                { weight: 1, arbitrary: fc.constant([]) },
                { weight: 1, arbitrary: fc.array(origin, { minLength: 21, maxLength: 22 }) },
              ),
            ),
            instagram: instagramSettingsArb(),
          },
          { requiredKeys: ['webhook_url', 'return_origins'] },
        )
        .chain((settings) => withRareExtra(settings)),
    },
    { weight: 1, arbitrary: wrongType },
  );
}

const BEFORE_ANY_ROUTE: readonly string[] = [
  'not_found',
  'too_many_requests',
  'unsupported_media_type',
  'payload_too_large',
  'invalid_request',
] satisfies ErrorCode[];

/** An admin request; an answer without the token is 401 `unauthorized` with the challenge, or a refusal before routing. */
export async function sendAdmin(
  surface: Surface,
  token: string,
  probe: {
    method: string;
    url: string;
    auth: string | undefined;
    headers: Record<string, string>;
    body?: { contentType?: string; payload?: string | Buffer };
  },
): Promise<Response> {
  const { authorization: _ignored, ...headers } = probe.headers;
  const response = await send(surface, {
    method: probe.method,
    url: probe.url,
    headers: { ...headers, authorization: probe.auth },
    body: probe.body,
  });
  const code = errorCode(response);
  if (!isAdmin(probe.auth, token)) {
    // Without the token: the challenge, or a refusal from before any route ran (no route matched the
    // normalised path, or its body could not be parsed for the 404 handler), never an admin answer.
    const challenged = code === 'unauthorized' && response.headers['www-authenticate'] === 'Bearer';
    if (!challenged && !BEFORE_ANY_ROUTE.includes(code ?? '')) {
      throw new Error(`without the admin token, ${probe.method} ${probe.url} answered ${response.statusCode} ${code}`);
    }
  } else if (code === 'unauthorized') {
    throw new Error(`the admin token was refused for ${probe.method} ${probe.url}`);
  }
  return response;
}
