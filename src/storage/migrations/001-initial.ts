import type { Migration } from './index.js';

/** Portable SQL: the same statements run on SQLite and PostgreSQL. Times are unix milliseconds. */
export const initial: Migration = {
  version: 1,
  name: 'stores, flows, outbox, store request ids',
  statements: [
    `CREATE TABLE stores (
      id TEXT PRIMARY KEY,
      secret TEXT NOT NULL,
      previous_secret TEXT,
      previous_secret_expires_at BIGINT,
      webhook_url TEXT NOT NULL,
      return_origins TEXT NOT NULL,
      ig_app_id TEXT,
      ig_app_secret TEXT,
      ig_api TEXT NOT NULL,
      ig_scopes TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      updated_at BIGINT NOT NULL
    )`,
    `CREATE TABLE flows (
      key TEXT PRIMARY KEY,
      store_id TEXT NOT NULL,
      purpose TEXT NOT NULL,
      api TEXT NOT NULL,
      scopes TEXT NOT NULL,
      return_to TEXT NOT NULL,
      store_state TEXT NOT NULL,
      browser_hash TEXT NOT NULL,
      created_at BIGINT NOT NULL,
      expires_at BIGINT NOT NULL,
      consumed_at BIGINT,
      outcome TEXT,
      failure TEXT,
      login_id TEXT
    )`,
    `CREATE INDEX flows_expires_at ON flows (expires_at)`,
    `CREATE INDEX flows_store_failures ON flows (store_id, created_at) WHERE failure IS NOT NULL`,
    `CREATE TABLE outbox (
      id TEXT PRIMARY KEY,
      store_id TEXT NOT NULL,
      type TEXT NOT NULL,
      body TEXT,
      status TEXT NOT NULL,
      attempts INTEGER NOT NULL,
      created_at BIGINT NOT NULL,
      last_attempt_at BIGINT,
      last_status INTEGER,
      last_error TEXT,
      delivered_at BIGINT
    )`,
    `CREATE INDEX outbox_store_created ON outbox (store_id, created_at)`,
    `CREATE TABLE store_request_ids (
      store_id TEXT NOT NULL,
      request_id TEXT NOT NULL,
      expires_at BIGINT NOT NULL,
      PRIMARY KEY (store_id, request_id)
    )`,
  ],
};
