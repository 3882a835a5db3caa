import type { Migration } from './index.js';

/**
 * How each store's sign-ins ended, counted per UTC day, for the store's report
 * (store API GET /v1/store/sign-ins). A few rows per store and day, kept
 * SIGN_IN_DAYS_RETENTION_MS. Portable SQL, as 001.
 */
export const signInDays: Migration = {
  version: 6,
  name: 'sign-in counts per day',
  statements: [
    `CREATE TABLE sign_in_days (
      store_id TEXT NOT NULL,
      day TEXT NOT NULL,
      outcome TEXT NOT NULL,
      count INTEGER NOT NULL,
      PRIMARY KEY (store_id, day, outcome)
    )`,
  ],
};
