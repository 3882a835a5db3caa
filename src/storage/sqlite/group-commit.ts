import type Database from 'better-sqlite3';
import { storageFaultOf } from '../storage-fault.js';

/**
 * Group commit: writes issued in the same turn of the event loop share one
 * transaction, so many concurrent requests pay for one WAL append instead of
 * one each. Every caller still waits until its write is committed, so
 * durability is unchanged. A statement that fails (a constraint, say) is
 * undone by SQLite on its own and fails only its caller; an error that aborts
 * the whole transaction fails every caller in the batch. `beforeCommit` may
 * refuse a batch before it is written (the database file is gone) by throwing.
 */
export type Enqueue = <T>(write: () => T) => Promise<T>;

interface Pending {
  write: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export function groupCommit(db: Database.Database, beforeCommit: () => void = () => undefined): Enqueue {
  let queue: Pending[] = [];

  const flush = () => {
    const batch = queue;
    queue = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      beforeCommit();
      db.transaction(() => {
        for (const pending of batch) {
          try {
            outcomes.push({ ok: true, value: pending.write() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      })();
    } catch (error) {
      // The commit itself failed (disk full, database closed): nothing in the batch was written. A
      // statement's I/O error rolls the transaction back before COMMIT, which then fails for want of
      // one: that I/O error is the cause to report.
      const cause = outcomes.find((outcome) => !outcome.ok && storageFaultOf(outcome.error) !== undefined);
      for (const pending of batch) pending.reject(cause?.ok === false ? cause.error : error);
      return;
    }
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      if (outcome?.ok) pending.resolve(outcome.value);
      else pending.reject(outcome?.error);
    });
  };

  return <T>(write: () => T) =>
    new Promise<T>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush);
      queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
    });
}
