import type { FastifyBaseLogger } from 'fastify';
import { describeFault, storageFaultOf, type StorageFault } from './storage-fault.js';

/**
 * Whether the database takes writes, from two sources: the outcome of the
 * last write the relay made (any request, any worker) and a cheap write probe
 * (a heartbeat row) that /readyz runs at most every few seconds. One error log
 * line when an outage starts, one info line when writes succeed again.
 */
export interface StorageHealth {
  failed(fault: StorageFault, error: unknown): void;
  succeeded(): void;
  /** Whether the database takes writes, probing it when the last answer is too old to trust. */
  writable(): Promise<boolean>;
  readonly available: boolean;
  onFault(listener: (fault: StorageFault) => void): void;
  onRecovered(listener: () => void): void;
}

/** A healthy answer is reused this long; while unavailable, the probe runs at most this often. */
const PROBE_CACHE_MS = 5000;
const PROBE_RETRY_MS = 1000;

export function createStorageHealth(deps: {
  /** The write probe: resolves once the database has taken a write. */
  probe: () => Promise<void>;
  log: FastifyBaseLogger;
  now: () => number;
}): StorageHealth {
  let outage: { fault: StorageFault; since: number } | undefined;
  let probedAt = -Infinity;
  let probing: Promise<void> | undefined;
  const faultListeners: ((fault: StorageFault) => void)[] = [];
  const recoveryListeners: (() => void)[] = [];

  function failed(fault: StorageFault, error: unknown): void {
    for (const listener of faultListeners) listener(fault);
    if (outage !== undefined) return;
    outage = { fault, since: deps.now() };
    const code = (error as { code?: unknown } | null)?.code;
    deps.log.error(
      { fault, code: typeof code === 'string' ? code : undefined, reason: (error as Error | null)?.message },
      `database unavailable: ${describeFault(fault)}; requests that write get 503, /readyz answers 503`,
    );
  }

  function succeeded(): void {
    if (outage === undefined) return;
    const seconds = (deps.now() - outage.since) / 1000;
    deps.log.info({ fault: outage.fault, seconds }, 'database writable again');
    outage = undefined;
    for (const listener of recoveryListeners) listener();
  }

  async function probe(): Promise<void> {
    probedAt = deps.now();
    try {
      await deps.probe();
      succeeded();
    } catch (error) {
      failed(storageFaultOf(error) ?? 'write_failed', error);
    }
  }

  return {
    failed,
    succeeded,
    async writable(): Promise<boolean> {
      const age = deps.now() - probedAt;
      if (age >= (outage === undefined ? PROBE_CACHE_MS : PROBE_RETRY_MS)) {
        probing ??= probe().finally(() => (probing = undefined));
      }
      if (probing !== undefined) await probing;
      return outage === undefined;
    },
    get available(): boolean {
      return outage === undefined;
    },
    onFault(listener: (fault: StorageFault) => void): void {
      faultListeners.push(listener);
    },
    onRecovered(listener: () => void): void {
      recoveryListeners.push(listener);
    },
  };
}
