import { randomBytes } from 'node:crypto';

/**
 * Store secrets in the Standard Webhooks format: `whsec_` + base64 of the
 * HMAC key. The relay generates 32-byte keys and accepts 24–64 bytes
 * (docs/contract.md §3).
 */
const PREFIX = 'whsec_';

export function generateStoreSecret(): string {
  return PREFIX + randomBytes(32).toString('base64');
}

/** The HMAC key inside a store secret, or undefined when the secret is malformed. */
export function storeSecretKey(secret: string): Buffer | undefined {
  if (!secret.startsWith(PREFIX)) return undefined;
  const encoded = secret.slice(PREFIX.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from ignores stray characters; a round trip proves the text was canonical base64.
  if (key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) return undefined;
  return key.length >= 24 && key.length <= 64 ? key : undefined;
}
