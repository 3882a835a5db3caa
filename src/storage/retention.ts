/** How long rows outlive their use; both storage implementations prune by these. */

/** The UTC day of a time, as `YYYY-MM-DD`: how daily counts are keyed. */
export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const HOUR = 60 * 60 * 1000;

/** Finished or expired flows that went well are of no further use after an hour. */
export const FLOW_RETENTION_MS = HOUR;
/** Failed flows stay a week so the store admin can read why sign-ins failed. */
export const FAILED_FLOW_RETENTION_MS = 7 * 24 * HOUR;
/** An instance that has not written its heartbeat for a day is gone (restarted under a new id). */
export const HEARTBEAT_RETENTION_MS = 24 * HOUR;
/** Daily sign-in counts cover the store's 90-day report. */
export const SIGN_IN_DAYS_RETENTION_MS = 90 * 24 * HOUR;

/** The named parameters of the prune statements (statements.ts) at `now`: what is older goes. */
export function pruneCutoffs(now: number, deliveryLogMs: number) {
  return {
    now,
    settled: now - FLOW_RETENTION_MS,
    failed: now - FAILED_FLOW_RETENTION_MS,
    beforeDay: utcDay(now - SIGN_IN_DAYS_RETENTION_MS),
    heartbeatsBefore: now - HEARTBEAT_RETENTION_MS,
    deliveryLogBefore: now - deliveryLogMs,
  };
}
