import type { Migration } from './index.js';

/** Meta's deauthorize and data deletion callbacks, kept as proof of what was done. Portable SQL, as 001. */
export const complianceRequests: Migration = {
  version: 3,
  name: 'compliance requests',
  statements: [
    `CREATE TABLE compliance_requests (
      id TEXT PRIMARY KEY,
      store_id TEXT NOT NULL,
      kind TEXT NOT NULL,
      instagram_user_id TEXT NOT NULL,
      confirmation_code TEXT NOT NULL UNIQUE,
      event_id TEXT NOT NULL,
      deleted TEXT NOT NULL,
      created_at BIGINT NOT NULL
    )`,
  ],
};
