import type { Repository } from './repository.js';
import { describeFault, storageFaultOf, StorageUnavailableError } from './storage-fault.js';
import type { StorageHealth } from './storage-health.js';

/**
 * The repository the app uses: every call that fails because the database is
 * unavailable rejects with a StorageUnavailableError (which the error handler
 * answers 503 "try again") and tells `health`; every write that succeeds tells
 * `health` the database takes writes again.
 */
type Method = keyof { [K in keyof Repository as Repository[K] extends (...args: never[]) => unknown ? K : never]: 0 };

/** Calls that write; a read that succeeds says nothing about writes (a standby answers reads). */
const WRITES: ReadonlySet<Method> = new Set<Method>([
  'heartbeat',
  'insertStore',
  'updateStore',
  'deleteStore',
  'consumeFlow',
  'finishFlow',
  'countSignIn',
  'addEvent',
  'claimDueEvents',
  'finishAttempt',
  'claimLogin',
  'redeliverEvent',
  'redeliverFailed',
  'disableWebhook',
  'saveConnectedAccount',
  'claimDueRefreshes',
  'finishRefresh',
  'recordComplianceRequest',
  'resealAll',
  'rememberRequestId',
  'prune',
]);

export function guardRepository(repo: Repository, health: StorageHealth): Repository {
  const guarded: Record<string, unknown> = { kind: repo.kind };
  for (const [name, value] of Object.entries(repo) as [Method, unknown][]) {
    if (typeof value !== 'function') continue;
    const call = value as (...args: unknown[]) => Promise<unknown>;
    const write = WRITES.has(name);
    guarded[name] = async (...args: unknown[]) => {
      try {
        const result = await call.apply(repo, args);
        if (write) health.succeeded();
        return result;
      } catch (error) {
        const fault = storageFaultOf(error);
        if (fault === undefined) throw error;
        health.failed(fault, error);
        if (error instanceof StorageUnavailableError) throw error;
        throw new StorageUnavailableError(fault, describeFault(fault), { cause: error });
      }
    };
  }
  return guarded as unknown as Repository;
}
