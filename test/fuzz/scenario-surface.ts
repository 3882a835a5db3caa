import fc from 'fast-check';
import type { Test } from 'tap';
import { SHOP, startScenario, type Scenario } from '../helpers/scenario.js';
import { hostile, requestTarget, type Surface } from './support.js';

/**
 * The relay under fuzz: the scenario's real app (fake Instagram, store
 * 'shop-1' with return origin https://shop.example) driven in process, and
 * the inputs the browser routes care about most: `return_to` tricks.
 */
export async function fuzzScenario(t: Test, env: Record<string, string> = {}): Promise<Scenario> {
  // Generous: 10,000 cases per endpoint, several endpoints per file, files run two at a time.
  t.setTimeout(240_000);
  // Production's failure limit (tests default to a higher one): each case comes from its own address.
  return startScenario(t, { relay: { env: { FAILURE_LIMIT: '30', ...env } } });
}

export function secretsOf(s: Scenario): string[] {
  return [
    s.store.secret,
    s.store.secret.slice('whsec_'.length),
    s.igApp.appSecret,
    s.relay.adminToken,
    ...s.relay.config.cookieSecrets,
    ...s.relay.config.masterKeys.map((key) => key.toString('base64')),
  ];
}

/** Instagram's authorization window, where /authorize may send a browser. */
export function instagramOrigins(s: Scenario): string[] {
  return [...new Set([new URL(s.fake.wwwUrl).origin, new URL(s.fake.apiUrl).origin])];
}

export function surfaceOf(s: Scenario, redirectOrigins: readonly string[]): Surface {
  return { app: s.relay.app, redirectOrigins, linkOrigins: [SHOP], secrets: secretsOf(s), logs: s.relay.logs };
}

/** Whether a browser sent to `returnTo` would land on the registered origin, by the WHATWG parser. */
export function isRegisteredReturnTo(returnTo: string): boolean {
  try {
    const url = new URL(returnTo);
    return url.origin === SHOP && url.username === '' && url.password === '' && url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The string the relay decodes from the query: lone surrogates travel as U+FFFD. */
export function asSent(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

const RETURN_TO_TRICKS = [
  'https://shop.example',
  'https://shop.example/my-account?lang=en',
  'HTTPS://SHOP.EXAMPLE:443/x',
  'https://shop.example./',
  'https://shop.example:8443/',
  'https://shop.example:0443/',
  'http://shop.example/',
  'http://shop.example:443/',
  'https://shop.example.evil.com/',
  'https://shop.exampleevil.com/',
  'https://evil.com#shop.example',
  'https://evil.com/?https://shop.example',
  'https://evil.com/https://shop.example',
  'https://shop.example@evil.com/',
  'https://user:pass@shop.example/',
  'https://:@shop.example/',
  'https://shop.example%40evil.com/',
  'https://evil.com%23@shop.example/',
  'https://shop.example#@evil.com',
  'https://shop.example?@evil.com',
  'https://shop.example\\@evil.com',
  'https://evil.com\\@shop.example',
  'https://evil.com\\.shop.example',
  '//evil.com',
  '//shop.example',
  '///evil.com',
  '/\\evil.com',
  '\\\\evil.com',
  'https:/\\evil.com',
  'https:\\\\evil.com',
  'https:evil.com',
  'https:shop.example',
  'https:/shop.example/',
  '/my-account',
  'my-account',
  'javascript:alert(1)',
  'javascript://https://shop.example/%0aalert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'blob:https://shop.example/0a2b',
  'ftp://shop.example/',
  'wss://shop.example/',
  'file:///etc/passwd',
  ' https://shop.example/',
  'https://shop.example/ ',
  '\thttps://shop.example/',
  'https://shop.exa\tmple/',
  'https://shop.exa\nmple/',
  'https://shop.example\u0000.evil.com/',
  'https://shop.example%00.evil.com/',
  'https://shop%2eexample/',
  'https://shop\u3002example/',
  'https://\uff53\uff48\uff4f\uff50.example/',
  'https://shop.ex\u0430mple/',
  'https://sh\u043ep.example/',
  'https://xn--shp-fzd.example/',
  'https://SHOP.EXAMPLE/',
  'https://shop.example:80/',
  'https://[::1]/',
  'https://127.0.0.1/',
  'https://0x7f.1/',
  'https://2130706433/',
  'https://shop.example/../../evil.com',
  'https://shop.example/%2e%2e/',
  'https://shop.example//evil.com',
  'https://shop.example/\\evil.com',
  'https://shop.example/?igr_login=forged&igr_state=x&igr_error=y',
  'https://shop.example/<script>alert(1)</script>',
  'https://shop.example/?q="><script>alert(1)</script>',
  'https://shop.example/#"><script>alert(1)</script>',
  `https://shop.example/${'a'.repeat(2040)}`,
];

/** A `return_to`: the known tricks, and URLs assembled from hostile parts. */
export const returnToArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...RETURN_TO_TRICKS) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'https://',
          'http://',
          'HTTPS://',
          'https:/',
          'https:',
          '//',
          'https:\\\\',
          'javascript://',
          '',
        ),
        fc.constantFrom('', '', '', 'user@', 'shop.example@', 'user:pass@', 'evil.com@', '@'),
        fc.constantFrom(
          'shop.example',
          'shop.example',
          'evil.com',
          'shop.example.evil.com',
          'shop.example.',
          'SHOP.example',
          'shop.ex\u0430mple',
          'shop.example%2eevil.com',
          '[::1]',
          '127.0.0.1',
          '',
        ),
        fc.constantFrom('', '', ':443', ':80', ':8443', ':', ':99999', ':-1'),
        fc.oneof(
          fc.constantFrom('', '/', '/my-account?lang=en#top', '#@evil.com', '?@evil.com', '\\@evil.com', '/..%2f..%2f'),
          hostile.map((text) => `/${requestTarget(text)}`),
          hostile.map((text) => `?next=${text}`),
        ),
      )
      .map((parts) => parts.join('')),
  },
  { weight: 1, arbitrary: hostile },
);

/** A store `state` the link schema accepts. */
export const storeStateArb = fc.stringMatching(/^[A-Za-z0-9._~-]{1,40}$/);
