import { hkdfSync } from 'node:crypto';
import type { ApiGeneration } from '../instagram/api-generations.js';
import type { ConsumedFlow, Purpose } from '../storage/repository.js';
import { IV_BYTES, openAesGcm, sealAesGcm } from '../crypto/aes-gcm.js';

/**
 * A started flow: what its callback records (`key`: 12 hex digits of the start time, then the IV, so
 * unique and time-ordered), plus the browser key in the relay's cookie when it started (browser-binding.ts).
 */
export interface StartedFlow extends ConsumedFlow {
  browserKey: string;
}

export interface FlowSealer {
  seal(flow: Omit<StartedFlow, 'key'>): string;
  /** The flow a state carries, or undefined when it is not one this relay sealed (forged, altered, truncated). */
  open(state: string): StartedFlow | undefined;
}

/** Longest state /callback accepts: a flow with the longest `return_to` (2,048) and store `state` (256), sealed, is about 3,400. */
export const MAX_STATE_LENGTH = 4096;
const STATE_PATTERN = /^[A-Za-z0-9_-]+$/;

type Sealed = [string, Purpose, ApiGeneration, string[], string, string, string, number, number];

function sealingKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, '', 'ig-login-relay flow state v1', 32));
}

function flowKey(createdAt: number, iv: Buffer): string {
  return Math.floor(createdAt).toString(16).padStart(12, '0') + iv.toString('base64url');
}

/**
 * The relay `state` sent to Instagram carries the started flow itself,
 * sealed (AES-256-GCM under a key derived from COOKIE_SECRET), so /authorize
 * writes nothing: an abandoned flow costs nothing, and a published signed link
 * cannot grow the database. Instagram hands the state back at /callback, where
 * it is opened, checked, and consumed once (the flow's id is recorded then).
 *
 * Sealed form: base64url(iv | ciphertext | tag); the plaintext is a JSON array
 * of the fields below. Every COOKIE_SECRET opens; the first seals.
 */
export function createFlowSealer(cookieSecrets: readonly string[]): FlowSealer {
  const keys = cookieSecrets.map(sealingKey);
  const firstKey = keys[0];
  if (firstKey === undefined) throw new Error('createFlowSealer: at least one COOKIE_SECRET is required');

  return {
    seal(flow) {
      const fields: Sealed = [
        flow.storeId,
        flow.purpose,
        flow.api,
        flow.scopes,
        flow.returnTo,
        flow.storeState,
        flow.browserKey,
        flow.createdAt,
        flow.expiresAt,
      ];
      return sealAesGcm(firstKey, JSON.stringify(fields)).toString('base64url');
    },
    open(state) {
      if (state.length > MAX_STATE_LENGTH || !STATE_PATTERN.test(state)) return undefined;
      const body = Buffer.from(state, 'base64url');
      let plaintext: string | undefined;
      for (const candidate of keys) {
        plaintext = openAesGcm(candidate, body);
        if (plaintext !== undefined) break;
      }
      if (plaintext === undefined) return undefined;
      // Sealed by this relay, so well-formed: only the relay's own key could have made it.
      const [storeId, purpose, api, scopes, returnTo, storeState, browserKey, createdAt, expiresAt] = JSON.parse(
        plaintext,
      ) as Sealed;
      const key = flowKey(createdAt, body.subarray(0, IV_BYTES));
      return { key, storeId, purpose, api, scopes, returnTo, storeState, browserKey, createdAt, expiresAt };
    },
  };
}
