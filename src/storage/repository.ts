/**
 * The one interface the relay's routes and services use for persistence.
 * SQLite (sqlite/) implements it today; a PostgreSQL implementation must pass
 * the same test suite (test/storage/repository-contract.ts). Rows carry
 * secrets only in sealed form (crypto/secret-box.ts); times are unix ms.
 */
import type { ApiGeneration } from '../instagram/api-generations.js';

export type Purpose = 'login' | 'connect';

export interface StoreRow {
  id: string;
  /** Sealed `whsec_…` secret. */
  secret: string;
  /** Sealed previous secret, valid until `previousSecretExpiresAt` (rotation overlap). */
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  webhookUrl: string;
  returnOrigins: string[];
  igAppId: string | null;
  /** Sealed Instagram app secret. */
  igAppSecret: string | null;
  igApi: ApiGeneration;
  igScopes: string[];
  createdAt: number;
  updatedAt: number;
}

export type FlowOutcome = 'delivered' | 'delivery_failed' | 'access_denied' | 'instagram_error' | 'invalid_request';

export interface FlowRow {
  /** SHA-256 of the relay `state` sent to Instagram (the state itself is never stored). */
  key: string;
  storeId: string;
  purpose: Purpose;
  api: ApiGeneration;
  scopes: string[];
  returnTo: string;
  storeState: string;
  /** SHA-256 of the browser key in the relay's cookie. */
  browserHash: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number | null;
  outcome: FlowOutcome | null;
  /** Why the flow failed, for the store admin (an Instagram error kind); never shown to shoppers. */
  failure: string | null;
  loginId: string | null;
}

export type EventStatus = 'pending' | 'delivered';

export interface OutboxRow {
  /** The `webhook-id`, stable across attempts. */
  id: string;
  storeId: string;
  type: string;
  /** Sealed JSON body, byte-identical on every attempt; cleared once delivered. */
  body: string | null;
  status: EventStatus;
  attempts: number;
  createdAt: number;
  lastAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

export type DeliverySummary = Omit<OutboxRow, 'body'>;

export interface AttemptResult {
  at: number;
  delivered: boolean;
  /** HTTP status the store answered, when it answered. */
  status: number | null;
  error: string | null;
}

export interface Repository {
  readonly kind: 'sqlite' | 'postgres';
  /** Resolves when the database answers a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;

  getStore(id: string): Promise<StoreRow | undefined>;
  listStores(): Promise<StoreRow[]>;
  /** Inserts a new store; false when the id is taken. */
  insertStore(row: StoreRow): Promise<boolean>;
  /** Replaces an existing store; false when there is none. */
  updateStore(row: StoreRow): Promise<boolean>;
  deleteStore(id: string): Promise<boolean>;

  createFlow(row: FlowRow): Promise<void>;
  getFlow(key: string): Promise<FlowRow | undefined>;
  /** Marks the flow consumed if it is unconsumed and unexpired at `now`; only one caller ever wins. */
  consumeFlow(key: string, now: number): Promise<FlowRow | undefined>;
  finishFlow(key: string, outcome: FlowOutcome, details: { failure?: string; loginId?: string }): Promise<void>;
  recentFailedFlows(storeId: string, limit: number): Promise<FlowRow[]>;

  addEvent(row: OutboxRow): Promise<void>;
  getEvent(id: string): Promise<OutboxRow | undefined>;
  recordAttempt(id: string, result: AttemptResult): Promise<void>;
  recentEvents(storeId: string, limit: number): Promise<DeliverySummary[]>;

  /** Remembers a store request id until `expiresAt`; false when it was already seen (a replay). */
  rememberRequestId(storeId: string, requestId: string, expiresAt: number): Promise<boolean>;
  /** Deletes expired flows and request ids; returns how many rows went. */
  prune(now: number): Promise<number>;
}
