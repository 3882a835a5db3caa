import type { Migration } from './index.js';

/**
 * Logins a store may claim over the store API (docs/contract.md §7):
 * the store's choice of delivery, and on each sign-in event its login id,
 * how long it can be claimed and how it reached the store. Portable SQL, as 001.
 */
export const loginClaims: Migration = {
  version: 5,
  name: 'login claims',
  statements: [
    `ALTER TABLE stores ADD COLUMN login_delivery TEXT NOT NULL DEFAULT 'webhook'`,
    `ALTER TABLE outbox ADD COLUMN login_id TEXT`,
    `ALTER TABLE outbox ADD COLUMN claimable_until BIGINT`,
    `ALTER TABLE outbox ADD COLUMN delivered_via TEXT`,
    // Every event delivered so far went by webhook.
    `UPDATE outbox SET delivered_via = 'webhook' WHERE status = 'delivered'`,
    // Unique: a claim finds one event. Both databases let any number of rows leave it NULL.
    `CREATE UNIQUE INDEX outbox_login ON outbox (login_id)`,
  ],
};
