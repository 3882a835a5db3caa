import { hmacSha256, matchesAnyHmac } from '../crypto/constant-time.js';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com/):
 * `v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>`, one per
 * valid key, space-separated, over the raw body bytes (docs/contract.md §6.2).
 */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signWebhook(
  keys: readonly Buffer[],
  id: string,
  timestampSeconds: number,
  body: string,
): SignedHeaders {
  const message = `${id}.${timestampSeconds}.${body}`;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': keys.map((key) => `v1,${hmacSha256(key, message).toString('base64')}`).join(' '),
  };
}

export type VerifyResult = 'valid' | 'missing_headers' | 'stale' | 'bad_signature';

/**
 * The receiving side, as a store must implement it: every header present, the
 * timestamp within `toleranceSeconds` of now (either direction), and one of
 * the listed signatures made with one of the store's keys.
 */
export function verifyWebhook(
  keys: readonly Buffer[],
  headers: Partial<Record<keyof SignedHeaders, string>>,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): VerifyResult {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return 'missing_headers';
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return 'stale';
  const message = `${id}.${timestamp}.${body}`;
  const valid = signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    return (
      version === 'v1' && signature !== undefined && matchesAnyHmac(keys, message, Buffer.from(signature, 'base64'))
    );
  });
  return valid ? 'valid' : 'bad_signature';
}
