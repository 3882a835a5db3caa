import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { GENERATIONS } from './instagram/api-generations.js';
import type { DatabaseLocation } from './storage/open-repository.js';
import {
  checkApi,
  checkAppId,
  checkAppSecret,
  checkReturnOrigins,
  checkScopes,
  checkStoreId,
  checkWebhookUrl,
  InvalidField,
} from './tenants/store-fields.js';
import { storeSecretKey } from './tenants/store-secret.js';
import type { BootstrapStore } from './tenants/store-service.js';

/**
 * The environment, read once at start-up into a typed, frozen config
 * (docs/contract.md §2). Every problem is collected, so an operator sees all of
 * them at once, one line each; the `Config` type is derived from this code.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const STORE_VARIABLES = [
  'STORE_SECRET',
  'STORE_WEBHOOK_URL',
  'STORE_RETURN_ORIGINS',
  'STORE_IG_APP_ID',
  'STORE_IG_APP_SECRET',
  'STORE_IG_API',
  'STORE_IG_SCOPES',
] as const;

export type Config = ReturnType<typeof loadConfig>;

/**
 * `for: 'cli'` relaxes what only the HTTP server needs (COOKIE_SECRET), so
 * store management works with just DATABASE_URL and MASTER_KEY.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { for: 'server' | 'cli' } = { for: 'server' },
) {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  /** Parses a variable; a parser throws an Error whose message becomes that variable's problem line. */
  function read<T>(name: string, parse: (value: string) => T, fallback: T): T;
  function read<T>(name: string, parse: (value: string) => T): T | undefined;
  function read<T>(name: string, parse: (value: string) => T, fallback?: T): T | undefined {
    const value = raw(name);
    if (value === undefined) return fallback;
    try {
      return parse(value);
    } catch (error) {
      const reason = error instanceof InvalidField ? error.reason : (error as Error).message;
      problems.push(`${name}: ${reason}`);
      return fallback;
    }
  }
  const required = <T>(name: string, parse: (value: string) => T, hint: string): T | undefined => {
    if (raw(name) === undefined) problems.push(`${name}: required (${hint})`);
    return read(name, parse);
  };

  const port = read('PORT', integer(0, 65535), 3000);
  const publicUrl = read('PUBLIC_URL', baseUrl, `http://127.0.0.1:${port}`);
  const webhookAllowPrivate = read('WEBHOOK_ALLOW_PRIVATE', boolean, false);
  const config = {
    port,
    host: raw('HOST') ?? '127.0.0.1',
    publicUrl,
    redirectUri: `${publicUrl}/callback`,
    secureCookies: publicUrl.startsWith('https:'),
    database: read('DATABASE_URL', databaseUrl, databaseUrl('sqlite:./data/relay.db')),
    cookieSecrets:
      (options.for === 'server'
        ? required('COOKIE_SECRET', cookieSecrets, 'one or more comma-separated keys of 32+ characters')
        : read('COOKIE_SECRET', cookieSecrets)) ?? [],
    masterKeys: required('MASTER_KEY', masterKeys, '32 random bytes in base64, e.g. `openssl rand -base64 32`') ?? [],
    adminToken: read('ADMIN_TOKEN', bearerToken),
    metricsToken: read('METRICS_TOKEN', bearerToken),
    logLevel: read('LOG_LEVEL', oneOf(LOG_LEVELS), 'info'),
    // One JSON line per entry for collectors; readable lines when a person watches the terminal.
    logFormat: read('LOG_FORMAT', oneOf(['json', 'pretty'] as const), process.stdout.isTTY ? 'pretty' : 'json'),
    instagram: {
      wwwUrl: read('IG_WWW_URL', baseUrl, 'https://www.instagram.com'),
      apiUrl: read('IG_API_URL', baseUrl, 'https://api.instagram.com'),
      graphUrl: read('IG_GRAPH_URL', baseUrl, 'https://graph.instagram.com'),
      graphVersion: read('IG_GRAPH_VERSION', graphVersion, 'v25.0'),
      timeoutMs: read('IG_TIMEOUT_MS', integer(100, 60_000), 10_000),
    },
    webhookTimeoutMs: read('WEBHOOK_TIMEOUT_MS', integer(100, 120_000), 10_000),
    webhookAllowPrivate,
    deliveryLogDays: read('DELIVERY_LOG_DAYS', integer(1, 3650), 30),
    failureLimit: read('FAILURE_LIMIT', integer(0, 1_000_000), 30),
    instanceId: read('INSTANCE_ID', instanceId, `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`),
    trustProxy: read('TRUST_PROXY', trustProxy, false),
    bootstrapStore: raw('STORE_ID') === undefined ? undefined : bootstrapStore(),
  };
  if (config.bootstrapStore === undefined) {
    for (const name of STORE_VARIABLES) {
      if (raw(name) !== undefined) problems.push(`${name}: set without STORE_ID, so it would be ignored`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(config);

  /** The single store from STORE_* variables, in the admin API's settings shape. */
  function bootstrapStore(): BootstrapStore {
    const api = read('STORE_IG_API', checkApi, 'instagram-login');
    const hint = 'required when STORE_ID is set';
    return {
      id: read('STORE_ID', checkStoreId) ?? '',
      secret: required('STORE_SECRET', storeSecret, hint) ?? '',
      webhook_url: required(
        'STORE_WEBHOOK_URL',
        (url) => checkWebhookUrl(url, { allowPrivate: webhookAllowPrivate }),
        hint,
      ),
      return_origins: required('STORE_RETURN_ORIGINS', (value) => checkReturnOrigins(list(value)), hint),
      instagram: {
        app_id: required('STORE_IG_APP_ID', checkAppId, hint),
        app_secret: required('STORE_IG_APP_SECRET', checkAppSecret, hint),
        api,
        scopes: read('STORE_IG_SCOPES', (value) => checkScopes(api, list(value)), [...GENERATIONS[api].defaultScopes]),
      },
    };
  }
}

const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

function integer(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      throw new Error(`must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

function boolean(value: string): boolean {
  if (/^(true|1|yes)$/i.test(value)) return true;
  if (/^(false|0|no)$/i.test(value)) return false;
  throw new Error('must be true or false');
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) throw new Error(`must be one of ${allowed.join(', ')}`);
    return match;
  };
}

/** An absolute http(s) URL without query or fragment, stored without its trailing slash. */
function baseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('must be an absolute URL such as https://relay.example.com');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '' || url.username !== '') {
    throw new Error('must be an http or https URL without credentials, query or fragment');
  }
  return url.href.replace(/\/+$/, '');
}

function databaseUrl(value: string): DatabaseLocation {
  if (value === 'sqlite::memory:') return { kind: 'sqlite', path: ':memory:', url: value };
  if (value.startsWith('sqlite:') && value.length > 'sqlite:'.length) {
    return { kind: 'sqlite', path: resolve(value.slice('sqlite:'.length)), url: value };
  }
  if (/^postgres(ql)?:\/\/./.test(value)) return { kind: 'postgres', path: '', url: value };
  throw new Error('must be sqlite:<path>, sqlite::memory: or postgres://user:password@host/db');
}

function cookieSecrets(value: string): string[] {
  const secrets = list(value);
  if (secrets.length === 0 || secrets.some((secret) => secret.length < 32)) {
    throw new Error('every key must be at least 32 characters (first signs, all verify)');
  }
  return secrets;
}

/** The first key seals; every key opens (rotation: README: "Rotating keys without downtime"). */
function masterKeys(value: string): Buffer[] {
  const keys = list(value).map((entry) => ({ entry, key: Buffer.from(entry, 'base64') }));
  if (keys.length === 0 || keys.some(({ entry, key }) => !/^[A-Za-z0-9+/]+={0,2}$/.test(entry) || key.length !== 32)) {
    throw new Error(
      'every key must be exactly 32 bytes, base64-encoded (`openssl rand -base64 32`); first seals, all open',
    );
  }
  return keys.map(({ key }) => key);
}

function bearerToken(value: string): string {
  if (value.length < 24) throw new Error('must be at least 24 characters (`openssl rand -base64 32`)');
  return value;
}

/** Names this process in claims and delivery logs; unique per running instance. */
function instanceId(value: string): string {
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(value)) throw new Error('must be 1–64 characters of A–Z, a–z, 0–9, ".", "_", "-"');
  return value;
}

function graphVersion(value: string): string {
  if (!/^v\d+\.\d+$/.test(value)) throw new Error('must look like v25.0');
  return value;
}

function storeSecret(value: string): string {
  if (storeSecretKey(value) === undefined) {
    throw new Error('must be whsec_ followed by base64 of 24–64 random bytes');
  }
  return value;
}

/** Fastify's trustProxy: a hop count, true/false, or a comma-separated list of addresses and CIDR ranges. */
function trustProxy(value: string): boolean | number | string[] {
  if (/^\d+$/.test(value)) return Number(value);
  if (/^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  const entries = list(value);
  if (entries.length === 0 || entries.some((entry) => !/^[0-9A-Fa-f.:/]+$/.test(entry))) {
    throw new Error('must be a hop count, true, or a comma-separated list of proxy addresses or CIDR ranges');
  }
  return entries;
}

type Frozen<T> = T extends Buffer ? T : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

function deepFreeze<T>(value: T): Frozen<T> {
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value as Frozen<T>;
}
