/** How long rows outlive their use; both storage implementations prune by these. */
const HOUR = 60 * 60 * 1000;

/** Finished or expired flows that went well are of no further use after an hour. */
export const FLOW_RETENTION_MS = HOUR;
/** Failed flows stay a week so the store admin can read why sign-ins failed. */
export const FAILED_FLOW_RETENTION_MS = 7 * 24 * HOUR;
/** An instance that has not written its heartbeat for a day is gone (restarted under a new id). */
export const HEARTBEAT_RETENTION_MS = 24 * HOUR;
