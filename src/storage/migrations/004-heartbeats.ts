import type { Migration } from './index.js';

/**
 * One row per relay instance, rewritten by the readiness probe: the cheapest
 * write that proves the database takes writes. Portable SQL, as 001.
 */
export const heartbeats: Migration = {
  version: 4,
  name: 'heartbeats',
  statements: [`CREATE TABLE heartbeats (instance TEXT PRIMARY KEY, at BIGINT NOT NULL)`],
};
