import { initial } from './001-initial.js';
import { deliveryAndTokens } from './002-delivery-and-tokens.js';
import { complianceRequests } from './003-compliance-requests.js';
import { heartbeats } from './004-heartbeats.js';
import { loginClaims } from './005-login-claims.js';
import { signInDays } from './006-sign-in-days.js';
import { flowsAtCallback } from './007-flows-at-callback.js';

/**
 * Versioned schema changes, applied in order at start-up by each storage
 * implementation; a version, once released, never changes.
 */
export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const migrations: readonly Migration[] = [
  initial,
  deliveryAndTokens,
  complianceRequests,
  heartbeats,
  loginClaims,
  signInDays,
  flowsAtCallback,
];
