/**
 * The one interface the relay's routes and services use for persistence.
 * SQLite (sqlite/) and PostgreSQL (postgres/) implement it, and both pass the
 * same test suite (test/storage/repository-contract.ts). Rows carry
 * secrets only in sealed form (crypto/secret-box.ts); times are unix ms.
 */
import type { ApiGeneration } from '../instagram/api-generations.js';

export type Purpose = 'login' | 'connect';

/**
 * How a sign-in event reaches its store. `webhook`: the browser waits until the
 * store has accepted the webhook. `claim`: the browser goes back as soon as the
 * event is queued, and the store claims it over the store API if the webhook
 * has not arrived.
 */
export type LoginDelivery = 'webhook' | 'claim';

/** A store as the repository keeps it: its secrets sealed (tenants/store-service.ts opens them into a Store). */
export interface SealedStore {
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
  /** Set when the webhook answered 410 Gone: nothing is sent until the URL is set again. */
  webhookDisabledAt: number | null;
  loginDelivery: LoginDelivery;
  createdAt: number;
  updatedAt: number;
}

export type FlowOutcome = 'delivered' | 'delivery_failed' | 'access_denied' | 'instagram_error' | 'invalid_request';

/** How a sign-in ended, as the store's report counts it: the refusals a shopper can act on apart, the rest `failed`. */
export const SIGN_IN_OUTCOMES = ['delivered', 'access_denied', 'not_professional', 'not_tester', 'failed'] as const;
export type SignInOutcome = (typeof SIGN_IN_OUTCOMES)[number];

/** One store's sign-ins of one UTC day (`YYYY-MM-DD`) that ended one way. */
export interface SignInCount {
  day: string;
  outcome: SignInOutcome;
  count: number;
}

/** A flow, recorded when its callback consumes it (nothing is written when it starts). */
export interface FlowRow {
  /** The flow's id: time-ordered and unique (flow/flow-state.ts). */
  key: string;
  storeId: string;
  purpose: Purpose;
  api: ApiGeneration;
  scopes: string[];
  returnTo: string;
  storeState: string;
  createdAt: number;
  expiresAt: number;
  consumedAt: number;
  outcome: FlowOutcome | null;
  /** Why the flow failed, for the store admin (an Instagram error kind); never shown to shoppers. */
  failure: string | null;
  loginId: string | null;
}

/** What the callback knows of a flow when it consumes it. */
export type ConsumedFlow = Omit<FlowRow, 'consumedAt' | 'outcome' | 'failure' | 'loginId'>;

/** `dead`: every scheduled attempt failed; a redelivery makes it `pending` again. */
export type EventStatus = 'pending' | 'delivered' | 'dead';

/** How a delivered event reached its store: its webhook was accepted, or the store claimed it. */
export type DeliveredVia = 'webhook' | 'claim';

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
  /** When a pending event is next attempted. */
  nextAttemptAt: number | null;
  /** Position in the retry schedule; a redelivery starts the schedule again. */
  retryStep: number;
  /** The sign-in's `login_id`, on `instagram.authorized` events only. */
  loginId: string | null;
  /** Until when the store may claim the event (its flow's expiry); null when it cannot. */
  claimableUntil: number | null;
  deliveredVia: DeliveredVia | null;
}

/** What a claim of a login found: the event (with its sealed body), or why there is none to give. */
export type LoginClaim = { result: 'claimed'; event: OutboxRow } | { result: 'not_found' | 'expired' | 'delivered' };

export type DeliverySummary = Omit<OutboxRow, 'body'>;

/** A claim on a row: only `owner` may finish it, until `until` (unix ms) when any instance may take it over. */
export interface Lease {
  owner: string;
  until: number;
}

/** One delivery attempt, as the delivery log keeps it. */
export interface AttemptRow {
  eventId: string;
  storeId: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
  /** HTTP status the store answered, when it answered. */
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The relay instance that made the attempt. */
  instance: string;
}

export type AttemptReport = Omit<AttemptRow, 'eventId' | 'storeId' | 'attempt' | 'instance'>;

/** What follows an attempt. */
export type AttemptOutcome =
  { next: 'delivered' } | { next: 'retry'; at: number; retryStep: number } | { next: 'dead' };

export type RedeliverResult = 'requeued' | 'not_found' | 'delivered';

export type ConnectedAccountStatus = 'active' | 'refresh_failed';

/** A store's own Instagram account (purpose=connect), whose long-lived token the relay keeps fresh. */
export interface ConnectedAccountRow {
  storeId: string;
  instagramUserId: string;
  username: string;
  api: ApiGeneration;
  /** Sealed long-lived access token. */
  accessToken: string;
  /** When Instagram issued (or last refreshed) the token. */
  issuedAt: number;
  expiresAt: number | null;
  /** When the next refresh is due; null when none will be tried. */
  nextRefreshAt: number | null;
  refreshFailures: number;
  lastError: string | null;
  status: ConnectedAccountStatus;
  updatedAt: number;
}

/** The part of an account a refresh changes. */
export type AccountRefresh = Pick<
  ConnectedAccountRow,
  'accessToken' | 'issuedAt' | 'expiresAt' | 'nextRefreshAt' | 'refreshFailures' | 'lastError' | 'status' | 'updatedAt'
>;

export type ComplianceKind = 'deauthorize' | 'data_deletion';

/** A deauthorize or data deletion callback from Meta, as received once. */
export interface ComplianceRequestRow {
  /** SHA-256 of Meta's signed request: the same request sent twice is one request. */
  id: string;
  storeId: string;
  kind: ComplianceKind;
  instagramUserId: string;
  /** Shown to Meta and on the public status page; unguessable. */
  confirmationCode: string;
  /** The event that tells the store. */
  eventId: string;
  /** What the relay itself deleted for this request, in words for the status page. */
  deleted: string[];
  createdAt: number;
}

/** Where a sealed value lives: what its additional data (context) is made from. */
export type SealedField =
  | { table: 'stores'; id: string; column: 'secret' | 'previous_secret' | 'ig_app_secret' }
  | { table: 'outbox'; id: string }
  | { table: 'connected_accounts'; storeId: string };

export interface OutboxStats {
  pending: number;
  oldestPendingAt: number | null;
}

export interface Repository {
  readonly kind: 'sqlite' | 'postgres';
  /** Writes `instance`'s heartbeat row: resolves once the database has taken a write (the readiness probe). */
  heartbeat(instance: string, now: number): Promise<void>;
  close(): Promise<void>;

  getStore(id: string): Promise<SealedStore | undefined>;
  listStores(): Promise<SealedStore[]>;
  /** Inserts a new store; false when the id is taken. */
  insertStore(row: SealedStore): Promise<boolean>;
  /** Replaces an existing store; false when there is none. */
  updateStore(row: SealedStore): Promise<boolean>;
  deleteStore(id: string): Promise<boolean>;

  /** Records the flow as consumed at `now`; false when it was consumed before: only one caller ever wins. */
  consumeFlow(flow: ConsumedFlow, now: number): Promise<boolean>;
  finishFlow(key: string, outcome: FlowOutcome, details: { failure?: string; loginId?: string }): Promise<void>;
  recentFailedFlows(storeId: string, limit: number): Promise<FlowRow[]>;
  /** Adds one to the store's count of sign-ins that ended `outcome` on `day` (UTC, `YYYY-MM-DD`). */
  countSignIn(storeId: string, day: string, outcome: SignInOutcome): Promise<void>;
  /** The store's daily counts from `fromDay` on, oldest first. */
  signInCounts(storeId: string, fromDay: string): Promise<SignInCount[]>;

  /** Queues an event. With a lease the caller attempts it first; without, any worker may claim it at once. */
  addEvent(row: OutboxRow, lease?: Lease): Promise<void>;
  getEvent(id: string): Promise<OutboxRow | undefined>;
  /**
   * Claims up to `limit` pending events due at `now` whose lease is free or
   * expired and whose store's webhook is enabled, oldest due first. Concurrent
   * callers never receive the same event while its lease holds.
   */
  claimDueEvents(lease: Lease, now: number, limit: number): Promise<OutboxRow[]>;
  /**
   * Logs the attempt and applies its outcome, releasing the lease; false (and
   * nothing written) when `owner` no longer holds the claim.
   */
  finishAttempt(id: string, owner: string, report: AttemptReport, outcome: AttemptOutcome): Promise<boolean>;
  /**
   * Hands `storeId` the sign-in event of `loginId` once, marking it delivered by
   * claim so that no worker sends it again (claimVerdict in login-claims.ts says
   * who may). The event keeps nothing of its body afterwards.
   */
  claimLogin(storeId: string, loginId: string, now: number): Promise<LoginClaim>;
  /** A store's events, newest first, optionally of one status. */
  listEvents(storeId: string, options: { limit: number; status?: EventStatus }): Promise<DeliverySummary[]>;
  /** The delivery log of one event, first attempt first. */
  listAttempts(eventId: string): Promise<AttemptRow[]>;
  /** Makes a pending or dead event due at `now` with a fresh schedule; a delivered one has no body left to send. */
  redeliverEvent(storeId: string, id: string, now: number): Promise<RedeliverResult>;
  /** Redelivers every dead event of a store and every pending one that has failed at least once; returns how many. */
  redeliverFailed(storeId: string, now: number): Promise<number>;
  /** Stops deliveries to a store's webhook (it answered 410 Gone) until its webhook URL is set again. */
  disableWebhook(storeId: string, at: number): Promise<void>;
  outboxStats(): Promise<OutboxStats>;

  saveConnectedAccount(row: ConnectedAccountRow): Promise<void>;
  getConnectedAccount(storeId: string): Promise<ConnectedAccountRow | undefined>;
  /** Claims up to `limit` active accounts whose refresh is due, as claimDueEvents does. */
  claimDueRefreshes(lease: Lease, now: number, limit: number): Promise<ConnectedAccountRow[]>;
  /**
   * Applies a refresh's result and queues its event (if any) in one transaction,
   * releasing the lease; false (and nothing written) when `owner` no longer
   * holds the claim.
   */
  finishRefresh(storeId: string, owner: string, refresh: AccountRefresh, event: OutboxRow | null): Promise<boolean>;

  /**
   * Records a compliance request once: deletes the store's connected account
   * if it is that Instagram user's, queues `event`, and fills in `deleted`, in
   * one transaction. A request already recorded changes nothing and comes back
   * as first recorded (`created` false).
   */
  recordComplianceRequest(
    row: Omit<ComplianceRequestRow, 'deleted'>,
    event: OutboxRow,
  ): Promise<{ request: ComplianceRequestRow; created: boolean }>;
  getComplianceRequest(confirmationCode: string): Promise<ComplianceRequestRow | undefined>;

  /**
   * Rewrites every sealed value (store secrets, app secrets, queued event
   * bodies, account tokens) through `reseal`, in one transaction; returns how
   * many values were rewritten. MASTER_KEY rotation uses it.
   */
  resealAll(reseal: (sealed: string, field: SealedField) => string): Promise<number>;

  /** Remembers a store request id until `expiresAt`; false when it was already seen (a replay). */
  rememberRequestId(storeId: string, requestId: string, expiresAt: number): Promise<boolean>;
  /**
   * Deletes expired flows and request ids, heartbeats of instances gone for a
   * day, and delivered or dead events and attempts older than `deliveryLogMs`;
   * returns how many rows went.
   */
  prune(now: number, deliveryLogMs: number): Promise<number>;
}
