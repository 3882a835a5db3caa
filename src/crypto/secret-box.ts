import { createHash } from 'node:crypto';
import { openAesGcm, sealAesGcm } from './aes-gcm.js';

/**
 * Encrypts secrets at rest (Instagram app secrets, store secrets, queued
 * webhook bodies) with AES-256-GCM under MASTER_KEY.
 *
 * Sealed form: `v1.<key id>.<base64url(iv | ciphertext | tag)>`. The key id
 * names the key that sealed a value, so a rotated MASTER_KEY can still open
 * what an older key sealed. The additional data binds a ciphertext to its
 * place (e.g. "store:acme:app_secret"): a value copied to another row fails.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

/** A value that cannot be opened: malformed, tampered, or sealed with a key not in MASTER_KEY. */
export class SealedValueError extends Error {}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 8);
}

/** `keys[0]` seals; every key opens what it sealed. */
export function createSecretBox(keys: readonly Buffer[]): SecretBox {
  if (keys.length === 0) throw new Error('createSecretBox: at least one key is required');
  for (const key of keys) {
    if (key.length !== 32) throw new Error('createSecretBox: every key must be 32 bytes');
  }
  const byId = new Map(keys.map((key) => [keyId(key), key]));
  const sealingKey = keys[0] as Buffer;
  const sealingId = keyId(sealingKey);

  return {
    seal(plaintext, context) {
      return `v1.${sealingId}.${sealAesGcm(sealingKey, plaintext, context).toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, id, data] = sealed.split('.');
      const key = id === undefined ? undefined : byId.get(id);
      if (version !== 'v1' || data === undefined || key === undefined) {
        throw new SealedValueError(
          'a sealed value is malformed or was sealed with a key that MASTER_KEY does not hold',
        );
      }
      const plaintext = openAesGcm(key, Buffer.from(data, 'base64url'), context);
      if (plaintext === undefined) {
        throw new SealedValueError('a sealed value does not open: truncated, tampered, or moved from its place');
      }
      return plaintext;
    },
  };
}
