import { isIP } from 'node:net';
import { RelayError } from '../errors.js';
import { API_GENERATIONS, GENERATIONS, RETIRED_SCOPES, type ApiGeneration } from '../instagram/api-generations.js';
import { isPrivateAddress } from '../webhooks/private-address.js';

/**
 * The rules for a store's settings, shared by the admin API, the store API,
 * the CLI and the single-store bootstrap. Each check returns the normalised
 * value or throws `InvalidField` with a message a store admin can act on
 * (messages name the field and the rule, never echo the value). The rules
 * are docs/contract.md §8.1.
 */
export class InvalidField extends RelayError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('invalid_request', `${field}: ${reason}`);
    this.name = 'InvalidField';
  }
}

export function checkStoreId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) {
    throw new InvalidField('id', 'use 1–64 letters, digits, "-" or "_", starting with a letter or digit');
  }
  return id;
}

/** `https://Shop.example:443/` → `https://shop.example`; anything but a bare origin is refused. */
export function normaliseOrigin(input: string, field = 'return_origins'): string {
  const url = parseUrl(input, field);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || input.includes('?') || input.includes('#')) {
    throw new InvalidField(field, 'must be an origin (scheme, host and optional port) without a path');
  }
  return url.origin;
}

export function checkReturnOrigins(origins: readonly string[]): string[] {
  if (origins.length === 0 || origins.length > 20) {
    throw new InvalidField('return_origins', 'give between 1 and 20 origins');
  }
  return [...new Set(origins.map((origin, index) => normaliseOrigin(origin, `return_origins[${index}]`)))];
}

export function checkWebhookUrl(input: string, options: { allowPrivate: boolean }): string {
  const url = parseUrl(input, 'webhook_url');
  if (url.hash !== '') throw new InvalidField('webhook_url', 'must not have a #fragment');
  if (!options.allowPrivate) {
    if (url.protocol !== 'https:') {
      throw new InvalidField('webhook_url', 'must use https (tokens travel in the body)');
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isPrivateAddress(host))) {
      throw new InvalidField(
        'webhook_url',
        'points at a loopback or private address; set WEBHOOK_ALLOW_PRIVATE=true where that is intended',
      );
    }
  }
  return url.href;
}

export function checkApi(input: string): ApiGeneration {
  const api = API_GENERATIONS.find((name) => name === input);
  if (api === undefined) throw new InvalidField('instagram.api', `must be one of ${API_GENERATIONS.join(', ')}`);
  return api;
}

export function checkScopes(api: ApiGeneration, scopes: readonly string[]): string[] {
  const facts = GENERATIONS[api];
  for (const scope of scopes) {
    const renamed = RETIRED_SCOPES[scope];
    if (renamed !== undefined) {
      throw new InvalidField('instagram.scopes', `${scope} was retired by Meta on 2025-01-27; use ${renamed}`);
    }
    if (!facts.allowedScopes.includes(scope)) {
      throw new InvalidField('instagram.scopes', `only ${facts.allowedScopes.join(', ')} are ${api} scopes`);
    }
  }
  if (!scopes.includes(facts.requiredScope)) {
    throw new InvalidField('instagram.scopes', `must include ${facts.requiredScope}`);
  }
  return [...new Set(scopes)];
}

export function checkAppId(input: string): string {
  if (!/^[0-9]{5,25}$/.test(input)) {
    throw new InvalidField(
      'instagram.app_id',
      'must be the numeric Instagram app ID (App Dashboard → Instagram → API setup with Instagram login)',
    );
  }
  return input;
}

export function checkAppSecret(input: string): string {
  if (!/^[A-Za-z0-9]{16,128}$/.test(input)) {
    throw new InvalidField('instagram.app_secret', 'must be the Instagram app secret (16–128 letters and digits)');
  }
  return input;
}

function parseUrl(input: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new InvalidField(field, 'must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidField(field, 'must use http or https');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidField(field, 'must not contain a user name or password');
  }
  return url;
}
