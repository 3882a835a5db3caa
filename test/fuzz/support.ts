import { randomInt } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import type { Test } from 'tap';
import { ERROR_CODES, RelayError } from '../../src/errors.js';

/**
 * The property-based fuzz suite's shared parts: how many cases run, the
 * error catalogue, hostile inputs, and the property every response must hold
 * (never a 5xx, no redirect off the expected origins, every error a stable
 * code, no secret and no unescaped input in what comes back).
 */

/** Cases per endpoint: 10,000 in CI; FUZZ_RUNS may raise it locally, never lower it. */
export const RUNS = Math.max(10_000, Number(process.env.FUZZ_RUNS ?? 0) || 0);
/** FUZZ_SEED (a file's first seed, as printed) replays a run; otherwise each file draws one. */
export const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);

const CODE_STATUS: ReadonlyMap<string, number> = new Map(
  ERROR_CODES.map((code) => [code, new RelayError(code).status]),
);

// ---------------------------------------------------------------- inputs

/** Values chosen to break parsers, validators, templates and comparisons. */
export const NASTY: readonly string[] = [
  '',
  ' ',
  '\t',
  '\r\n',
  '\r\nSet-Cookie: x=1',
  '\u0000',
  'a\u0000b',
  '%00',
  '%',
  '%%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%u0041',
  '%2e%2e%2f',
  '+',
  '&',
  '=',
  '?',
  '#',
  ';',
  '../',
  '../../etc/passwd',
  '..\\..\\',
  '\\',
  '//',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  `'"><img src=x onerror=alert(1)>`,
  '</title><script>alert(1)</script>',
  '<a href="javascript:alert(1)">x</a>',
  'javascript:alert(1)',
  '&lt;script&gt;',
  '{"a":1}',
  '[]',
  '{}',
  'null',
  'true',
  'undefined',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '0',
  '-1',
  '1e309',
  '9'.repeat(30),
  '18446744073709551616',
  'NaN',
  'Infinity',
  '-0',
  '0x1F',
  '1.5',
  ' 1',
  '\u202e',
  '\ufeff',
  '\u200b',
  '\ud800',
  '\udfff',
  '\u{1F600}',
  'ſ',
  'İ',
  'ｓｈｏｐ',
  '\u0085',
  '\u2028',
  "' OR 1=1 --",
  '${7*7}',
  '{{7*7}}',
  '%s%n',
  'shop-1',
  'a'.repeat(65),
  'a'.repeat(257),
  'a'.repeat(2049),
];

const numberText = fc.oneof(
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
);

/** Anything a client could put in a string field. */
export const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: numberText },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...NASTY), { minLength: 2, maxLength: 5 }).map((p) => p.join('')) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...NASTY.filter((v) => v !== '')), fc.integer({ min: 2, max: 1500 }))
      .map(([v, n]) => v.repeat(n).slice(0, 5000)),
  },
);

/** `arb` in one case out of `every`, otherwise null. */
export function sometimes<T>(arb: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
}

/** JSON values of the wrong type for a field. */
export const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, true, 0, -1, 1e308, 2 ** 53 + 1, [], {}, [''], { __proto__: null }),
  hostile,
);

/** Percent-encodes the UTF-8 bytes of `text` (lone surrogates become U+FFFD), leaving only unreserved characters. */
export function encodeComponent(text: string): string {
  const wellFormed = Buffer.from(text, 'utf8').toString('utf8');
  return encodeURIComponent(wellFormed).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** What a real HTTP request line can carry: visible ASCII, everything else percent-encoded ('%' kept as sent). */
export function requestTarget(text: string): string {
  return text.replace(/[^\x21-\x22\x24-\x7e]/gu, encodeComponent);
}

/** A header value as Node's HTTP parser would accept it (tab, visible ASCII, obs-text). */
export function headerValue(text: string): string {
  return text.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');
}

/** A query string from the real parameter names with hostile values, or anything at all. */
export function queryArb(names: readonly string[], value: fc.Arbitrary<string> = hostile): fc.Arbitrary<string> {
  const name = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...names) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => `${n}[]`) },
    { weight: 1, arbitrary: fc.constantFrom(...names).map((n) => n.toUpperCase()) },
    { weight: 1, arbitrary: hostile },
  );
  const pair = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(name, value).map(([n, v]) => `${encodeComponent(n)}=${encodeComponent(v)}`) },
    { weight: 2, arbitrary: fc.tuple(name, value).map(([n, v]) => requestTarget(`${n}=${v}`)) },
    { weight: 1, arbitrary: name.map(encodeComponent) },
  );
  return fc.oneof(
    { weight: 8, arbitrary: fc.array(pair, { maxLength: 9 }).map((pairs) => pairs.join('&')) },
    { weight: 1, arbitrary: hostile.map(requestTarget) },
  );
}

/**
 * The router refuses two kinds of path before any route runs — a malformed
 * percent escape and a path parameter over 100 characters — which
 * unknown-paths.test.ts covers. Generated segments are always fully encoded
 * and at most 100 characters, so that they reach the routes.
 */
export const MAX_SEGMENT = 100;

function encodedSegment(text: string): string {
  let out = '';
  for (const char of text) {
    const next = out + encodeComponent(char);
    if (next.length > MAX_SEGMENT) break;
    out = next;
  }
  return out;
}

/** One path segment: a hostile value, percent-encoded, at most MAX_SEGMENT characters. */
export const segment: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('.', '..', '%2e%2e', '%2F', 'shop-1', 'a'.repeat(MAX_SEGMENT)),
  hostile.map(encodedSegment),
);

const COMMON_HEADERS = [
  'host',
  'accept',
  'accept-language',
  'content-type',
  'cookie',
  'authorization',
  'origin',
  'referer',
  'user-agent',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-port',
  'forwarded',
  'x-real-ip',
  'x-request-id',
  'x-http-method-override',
  'igr-store',
  'igr-request-id',
  'igr-timestamp',
  'igr-signature',
  'if-none-match',
  'range',
  'expect',
];

const headerText = fc
  .oneof(
    fc.constantFrom(
      'application/json',
      'text/html',
      'application/json, text/html;q=0.9',
      '*/*',
      'https://evil.com',
      'evil.com',
      'https',
      '127.0.0.1, 10.0.0.1',
      'for=1.2.3.4;proto=https;host=evil.com',
      'Bearer ',
      'igr_browser=x; igr_browser=y',
      '100-continue',
      'bytes=0-1',
    ),
    hostile,
  )
  .map(headerValue);

/** Random request headers: the ones the relay or its libraries read, and any others. */
export const headersArb: fc.Arbitrary<Record<string, string>> = fc
  .array(
    fc.tuple(
      fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...COMMON_HEADERS) },
        { weight: 1, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/) },
      ),
      headerText,
    ),
    { maxLength: 6 },
  )
  .map((entries) => Object.fromEntries(entries));

/** The Accept header a browser, an API client or a fuzzer sends. */
export const acceptArb = fc.constantFrom(
  undefined,
  'text/html,application/xhtml+xml',
  'application/json',
  '*/*',
  'application/jsonx',
  'text/plain',
);

export interface Body {
  contentType?: string;
  payload?: string | Buffer;
}

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=latin1',
  'application/json; charset=utf-16',
  'application/jsonx',
  'application/vnd.api+json',
  'text/plain',
  'text/html',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  ';',
  'application/json, text/plain',
  'application/json; charset="',
];

const OVERSIZED = JSON.stringify({ webhook_url: 'x'.repeat(70 * 1024) });

/** Request bodies around `structured` (valid-looking values of the right shape with wrong parts). */
export function bodyArb(structured: fc.Arbitrary<unknown>): fc.Arbitrary<Body> {
  const jsonType = fc.constantFrom('application/json', 'application/json; charset=utf-8');
  const anyType = fc.oneof(fc.constantFrom(...CONTENT_TYPES), hostile.map(headerValue));
  return fc.oneof(
    { weight: 6, arbitrary: fc.record({ contentType: jsonType, payload: structured.map((v) => JSON.stringify(v)) }) },
    {
      weight: 2,
      arbitrary: fc.record({
        contentType: jsonType,
        payload: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: jsonType,
        payload: fc
          .tuple(fc.integer({ min: 1, max: 20_000 }), fc.boolean())
          .map(([n, array]) => (array ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n))),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: jsonType,
        payload: fc.constantFrom(
          OVERSIZED,
          '{"__proto__":{"x":1}}',
          '{"constructor":{"prototype":{"x":1}}}',
          '{',
          '',
          'null',
          '"x"',
          '1',
          '\ufeff{}',
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ contentType: jsonType, payload: hostile }) },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: jsonType,
        payload: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        contentType: anyType,
        payload: fc.oneof(
          structured.map((v) => JSON.stringify(v)),
          hostile,
        ),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        payload: fc.oneof(
          structured.map((v) => JSON.stringify(v)),
          hostile,
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constant({}) },
  );
}

// ---------------------------------------------------------------- the property

/** What one fuzzed surface may answer. */
export interface Surface {
  app: FastifyInstance;
  /** Origins a 3xx `location` may point at (none: no redirect at all). */
  redirectOrigins: readonly string[];
  /** Origins a link on an HTML page may point at. */
  linkOrigins: readonly string[];
  /** Values no response header, body or log line may contain. */
  secrets: readonly string[];
  /** The relay's captured log lines; checked for secrets and emptied after each case. */
  logs?: string[];
}

export interface Probe {
  method: string;
  url: string;
  /** The client's address; by default a fresh one, or now and then one that keeps being refused (the failure limit). */
  remoteAddress?: string;
  headers?: Record<string, string | undefined>;
  body?: Body;
}

export type Response = LightMyRequestResponse;

const PAGE_TAGS = new Set(['!doctype', 'html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'p', 'a', 'code', 'br']);

/** The stable code of an error response (JSON body or HTML page), if it has one. */
export function errorCode(response: Response): string | undefined {
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    try {
      const body = JSON.parse(response.body) as { code?: unknown };
      return typeof body.code === 'string' ? body.code : undefined;
    } catch {
      return undefined;
    }
  }
  if (type.startsWith('text/html')) return /<code>([a-z_]+)<\/code>/.exec(response.body)?.[1];
  return undefined;
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function originOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Everything wrong with one response; empty when the property holds. */
export function problemsOf(surface: Surface, probe: Probe, response: Response, newLogs: readonly string[]): string[] {
  const problems: string[] = [];
  const status = response.statusCode;
  if (status >= 500 || status < 200) problems.push(`status ${status}`);

  const location = response.headers.location;
  if (status >= 300 && status < 400) {
    const origin = typeof location === 'string' ? originOf(location) : undefined;
    if (origin === undefined || !surface.redirectOrigins.includes(origin)) {
      problems.push(
        `redirect to ${String(location)} (allowed origins: ${surface.redirectOrigins.join(' ') || 'none'})`,
      );
    }
  } else if (location !== undefined) {
    problems.push(`location header on a ${status}`);
  }

  const headerDump = Object.entries(response.headers)
    .map(([name, value]) => `${name}: ${String(value)}`)
    .join('\n');
  for (const secret of surface.secrets) {
    if (response.body.includes(secret)) problems.push('a secret in the body');
    if (headerDump.includes(secret)) problems.push('a secret in a header');
    if (newLogs.some((line) => line.includes(secret))) problems.push('a secret in the log');
  }

  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('text/html')) {
    if (/<script/i.test(response.body)) problems.push('<script in an HTML page');
    for (const [, tag] of response.body.matchAll(/<\/?([^\s>/]*)/g)) {
      if (!PAGE_TAGS.has((tag ?? '').toLowerCase())) problems.push(`unexpected tag <${tag}> in an HTML page`);
    }
    if (/\son[a-z]+\s*=/i.test(response.body)) problems.push('an event-handler attribute in an HTML page');
    for (const [, href] of response.body.matchAll(/href="([^"]*)"/g)) {
      const origin = originOf(unescapeHtml(href ?? ''));
      if (origin === undefined || !surface.linkOrigins.includes(origin)) problems.push(`a link to ${href}`);
    }
  }

  if (status >= 400 && probe.method !== 'HEAD') {
    let code: string | undefined;
    if (type.startsWith('application/json')) {
      let body: unknown;
      try {
        body = JSON.parse(response.body);
      } catch {
        problems.push('an error body that is not JSON');
      }
      const keys = body !== null && typeof body === 'object' ? Object.keys(body).sort().join(',') : '';
      if (keys !== 'code,message') problems.push(`an error body that is not {code, message}`);
      const { code: given, message } = (body ?? {}) as { code?: unknown; message?: unknown };
      if (typeof message !== 'string' || message === '') problems.push('an error without a message');
      if (typeof message === 'string' && /<script/i.test(message)) problems.push('<script in an error message');
      code = typeof given === 'string' ? given : undefined;
    } else if (type.startsWith('text/html')) {
      code = errorCode(response);
    } else {
      problems.push(`an error as ${type || 'no content type'}`);
    }
    if (code === undefined || !CODE_STATUS.has(code))
      problems.push(`error code ${String(code)} is not in the catalogue`);
    else if (CODE_STATUS.get(code) !== status) problems.push(`code ${code} with status ${status}`);
  }
  return problems;
}

function describe(probe: Probe, response: Response, problems: readonly string[]): string {
  const clip = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…(${text.length})` : text);
  return [
    problems.join('; '),
    `request: ${probe.method} ${clip(probe.url)}`,
    `headers: ${clip(JSON.stringify(probe.headers ?? {}))}`,
    `body: ${probe.body?.contentType ?? '-'} ${clip(String(probe.body?.payload ?? ''))}`,
    `answer: ${response.statusCode} ${clip(JSON.stringify(response.headers))}`,
    clip(response.body),
  ].join('\n');
}

/**
 * The request target the app sees for an injected `url`: light-my-request
 * normalises it with the WHATWG parser (dot segments, some characters
 * percent-encoded, an empty `?` dropped), where a real client's bytes would
 * arrive as sent.
 */
export function deliveredUrl(url: string): string {
  const parsed = new URL(url.startsWith('//') ? `http://localhost${url}` : url, 'http://localhost');
  return parsed.pathname + parsed.search;
}

let clients = 0;
/** An address no earlier case used, so the failure limit counts each case on its own. */
export function freshAddress(): string {
  clients += 1;
  return `10.${(clients >> 16) & 255}.${(clients >> 8) & 255}.${clients & 255}`;
}
/** One address shared by a twentieth of the cases: it reaches the failure limit and gets 429s. */
const REPEAT_OFFENDER = '192.0.2.1';
let sent = 0;

/** Sends one request in process and throws, describing it, when the response breaks the property. */
export async function send(surface: Surface, probe: Probe): Promise<Response> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(probe.headers ?? {})) if (value !== undefined) headers[name] = value;
  if (probe.body?.contentType !== undefined) headers['content-type'] = probe.body.contentType;
  const logsBefore = surface.logs?.length ?? 0;
  sent += 1;
  const response = await surface.app.inject({
    method: probe.method as 'GET',
    url: probe.url,
    remoteAddress: probe.remoteAddress ?? (sent % 20 === 0 ? REPEAT_OFFENDER : freshAddress()),
    headers,
    ...(probe.body?.payload === undefined ? {} : { payload: probe.body.payload }),
  });
  const newLogs = surface.logs?.slice(logsBefore) ?? [];
  if (surface.logs !== undefined) surface.logs.length = 0;
  const problems = problemsOf(surface, probe, response, newLogs);
  if (problems.length > 0) throw new Error(describe(probe, response, problems));
  return response;
}

/** What a response amounts to, for the per-endpoint tally. */
export function outcome(response: Response): string {
  if (response.statusCode < 400) return String(response.statusCode);
  return `${response.statusCode} ${errorCode(response) ?? (response.body === '' ? '(HEAD)' : '?')}`;
}

let properties = 0;

/**
 * Runs `check` on RUNS generated cases of `arb` as a subtest named after the
 * endpoint, and prints how many ran and what the relay answered.
 */
export function fuzz<T>(
  t: Test,
  endpoint: string,
  arb: fc.Arbitrary<T>,
  check: (value: T) => Promise<Response | readonly Response[]>,
  options: { mustSee?: readonly string[] } = {},
): Promise<unknown> {
  // Each endpoint its own seed: two endpoints fed the same arbitrary do not get the same inputs.
  const seed = (SEED + properties++) % 2 ** 31;
  return t.test(endpoint, async (t) => {
    const tally = new Map<string, number>();
    let cases = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        cases += 1;
        const answers = await check(value);
        const responses: readonly Response[] = Array.isArray(answers) ? answers : [answers as Response];
        for (const response of responses) {
          const key = outcome(response);
          tally.set(key, (tally.get(key) ?? 0) + 1);
        }
      }),
      { numRuns: RUNS, seed },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const answers = [...tally].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key}×${n}`);
    t.comment(`${endpoint}: ${cases} cases in ${seconds}s (seed ${seed}); answers: ${answers.join(', ')}`);
    t.ok(cases >= RUNS, `${endpoint}: ${cases} generated cases`);
    // The generators must reach the interesting branches, not only the first refusal.
    for (const expected of options.mustSee ?? []) t.ok(tally.has(expected), `some cases answered ${expected}`);
  });
}
