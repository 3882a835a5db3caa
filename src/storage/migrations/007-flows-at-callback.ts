import type { Migration } from './index.js';

/**
 * Flows are recorded when their callback consumes them, no longer when they
 * start: a flow's data travels sealed in the relay state (flow/flow-state.ts),
 * with the browser binding inside it, so the table keeps no browser hash.
 * Flows started before the upgrade carry no sealed state and end as unknown.
 * Portable SQL, as 001.
 */
export const flowsAtCallback: Migration = {
  version: 7,
  name: 'flows recorded at the callback',
  statements: [`DELETE FROM flows WHERE consumed_at IS NULL`, `ALTER TABLE flows DROP COLUMN browser_hash`],
};
