import { createCipheriv, createDecipheriv } from 'node:crypto';
import { randomBuffer } from './random.js';

/**
 * AES-256-GCM in the one layout the relay seals with, `iv | ciphertext | tag`:
 * secrets at rest (secret-box.ts) and the flow in the relay state
 * (flow/flow-state.ts). `aad`, when given, binds the ciphertext to a context.
 */
export const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealAesGcm(key: Buffer, plaintext: string, aad?: string): Buffer {
  const iv = randomBuffer(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
}

/** The plaintext, or undefined when `body` is truncated or does not open with this key and context. */
export function openAesGcm(key: Buffer, body: Buffer, aad?: string): string | undefined {
  if (body.length < IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined; // final() throws when the tag does not match: altered, another key or another context
  }
}
