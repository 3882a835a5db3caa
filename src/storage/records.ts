import type { ApiGeneration } from '../instagram/api-generations.js';
import type { DeliverySummary, EventStatus, FlowOutcome, FlowRow, OutboxRow, Purpose, StoreRow } from './repository.js';

/**
 * Database records (snake_case columns, JSON arrays as text) and their
 * mapping to the repository's rows, shared by every storage implementation.
 */
export interface StoreRecord {
  id: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
  webhook_url: string;
  return_origins: string;
  ig_app_id: string | null;
  ig_app_secret: string | null;
  ig_api: string;
  ig_scopes: string;
  created_at: number;
  updated_at: number;
}

export function toStore(row: StoreRecord): StoreRow {
  return {
    id: row.id,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: row.previous_secret_expires_at,
    webhookUrl: row.webhook_url,
    returnOrigins: JSON.parse(row.return_origins) as string[],
    igAppId: row.ig_app_id,
    igAppSecret: row.ig_app_secret,
    igApi: row.ig_api as ApiGeneration,
    igScopes: JSON.parse(row.ig_scopes) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function fromStore(store: StoreRow): StoreRecord {
  return {
    id: store.id,
    secret: store.secret,
    previous_secret: store.previousSecret,
    previous_secret_expires_at: store.previousSecretExpiresAt,
    webhook_url: store.webhookUrl,
    return_origins: JSON.stringify(store.returnOrigins),
    ig_app_id: store.igAppId,
    ig_app_secret: store.igAppSecret,
    ig_api: store.igApi,
    ig_scopes: JSON.stringify(store.igScopes),
    created_at: store.createdAt,
    updated_at: store.updatedAt,
  };
}

export interface FlowRecord {
  key: string;
  store_id: string;
  purpose: string;
  api: string;
  scopes: string;
  return_to: string;
  store_state: string;
  browser_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  outcome: string | null;
  failure: string | null;
  login_id: string | null;
}

export function toFlow(row: FlowRecord): FlowRow {
  return {
    key: row.key,
    storeId: row.store_id,
    purpose: row.purpose as Purpose,
    api: row.api as ApiGeneration,
    scopes: JSON.parse(row.scopes) as string[],
    returnTo: row.return_to,
    storeState: row.store_state,
    browserHash: row.browser_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    outcome: row.outcome as FlowOutcome | null,
    failure: row.failure,
    loginId: row.login_id,
  };
}

export interface OutboxRecord {
  id: string;
  store_id: string;
  type: string;
  body: string | null;
  status: string;
  attempts: number;
  created_at: number;
  last_attempt_at: number | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

export function toEvent(row: OutboxRecord): OutboxRow & DeliverySummary {
  return {
    id: row.id,
    storeId: row.store_id,
    type: row.type,
    body: row.body,
    status: row.status as EventStatus,
    attempts: row.attempts,
    createdAt: row.created_at,
    lastAttemptAt: row.last_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    deliveredAt: row.delivered_at,
  };
}
