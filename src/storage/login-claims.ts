import type { LoginClaim, OutboxRow } from './repository.js';

/**
 * Whether `storeId` may claim the sign-in event found for a login id at `now`:
 * only its own store, only once (whichever way it arrived first), and only
 * while the sign-in's flow is fresh. Both storage implementations decide alike.
 */
export function claimVerdict(
  event: OutboxRow,
  storeId: string,
  now: number,
): 'claimable' | Exclude<LoginClaim['result'], 'claimed'> {
  // Another store's login answers as an unknown one: a store learns nothing of others.
  if (event.storeId !== storeId || event.claimableUntil === null) return 'not_found';
  if (event.status === 'delivered') return 'delivered';
  if (event.claimableUntil <= now) return 'expired';
  return 'claimable';
}
