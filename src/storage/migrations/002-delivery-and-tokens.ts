import type { Migration } from './index.js';

/**
 * Retries with leases, the delivery log, 410-disabled webhooks and the stores'
 * connected accounts. Portable SQL, as 001.
 */
export const deliveryAndTokens: Migration = {
  version: 2,
  name: 'retry schedule and leases, delivery attempts, disabled webhooks, connected accounts',
  statements: [
    `ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT`,
    `ALTER TABLE outbox ADD COLUMN retry_step INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE outbox ADD COLUMN lease_owner TEXT`,
    `ALTER TABLE outbox ADD COLUMN lease_until BIGINT`,
    // Events queued before retries existed are due at once.
    `UPDATE outbox SET next_attempt_at = created_at WHERE status = 'pending'`,
    `CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending'`,
    `ALTER TABLE stores ADD COLUMN webhook_disabled_at BIGINT`,
    `CREATE TABLE delivery_attempts (
      event_id TEXT NOT NULL,
      store_id TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      at BIGINT NOT NULL,
      status INTEGER,
      latency_ms INTEGER NOT NULL,
      error TEXT,
      instance TEXT NOT NULL,
      PRIMARY KEY (event_id, attempt)
    )`,
    `CREATE INDEX delivery_attempts_at ON delivery_attempts (at)`,
    `CREATE TABLE connected_accounts (
      store_id TEXT PRIMARY KEY,
      instagram_user_id TEXT NOT NULL,
      username TEXT NOT NULL,
      api TEXT NOT NULL,
      access_token TEXT NOT NULL,
      issued_at BIGINT NOT NULL,
      expires_at BIGINT,
      next_refresh_at BIGINT,
      refresh_failures INTEGER NOT NULL,
      last_error TEXT,
      status TEXT NOT NULL,
      updated_at BIGINT NOT NULL,
      lease_owner TEXT,
      lease_until BIGINT
    )`,
    `CREATE INDEX connected_accounts_due ON connected_accounts (next_refresh_at) WHERE status = 'active'`,
  ],
};
