/**
 * Each table's columns as the database holds them (`…Columns`: snake_case,
 * JSON arrays as text) and their mapping to the repository's rows, shared by
 * every storage implementation.
 */
import type { ApiGeneration } from '../instagram/api-generations.js';
import type {
  AttemptOutcome,
  AttemptReport,
  AttemptRow,
  ComplianceKind,
  ComplianceRequestRow,
  ConnectedAccountRow,
  ConnectedAccountStatus,
  ConsumedFlow,
  DeliveredVia,
  DeliverySummary,
  EventStatus,
  FlowOutcome,
  FlowRow,
  LoginDelivery,
  OutboxRow,
  Purpose,
  SealedStore,
} from './repository.js';

/** A `stores` row's columns, the secrets sealed. */
export interface StoreColumns {
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
  webhook_disabled_at: number | null;
  login_delivery: string;
  created_at: number;
  updated_at: number;
}

export function toStore(row: StoreColumns): SealedStore {
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
    webhookDisabledAt: row.webhook_disabled_at,
    loginDelivery: row.login_delivery as LoginDelivery,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function fromStore(store: SealedStore): StoreColumns {
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
    webhook_disabled_at: store.webhookDisabledAt,
    login_delivery: store.loginDelivery,
    created_at: store.createdAt,
    updated_at: store.updatedAt,
  };
}

export interface FlowColumns {
  key: string;
  store_id: string;
  purpose: string;
  api: string;
  scopes: string;
  return_to: string;
  store_state: string;
  created_at: number;
  expires_at: number;
  consumed_at: number;
  outcome: string | null;
  failure: string | null;
  login_id: string | null;
}

/** A consumed flow as the named parameters of FLOW_COLUMNS. */
export function flowParams(flow: ConsumedFlow, now: number): Record<string, string | number> {
  return {
    key: flow.key,
    store_id: flow.storeId,
    purpose: flow.purpose,
    api: flow.api,
    scopes: JSON.stringify(flow.scopes),
    return_to: flow.returnTo,
    store_state: flow.storeState,
    created_at: flow.createdAt,
    expires_at: flow.expiresAt,
    consumed_at: now,
  };
}

export function toFlow(row: FlowColumns): FlowRow {
  return {
    key: row.key,
    storeId: row.store_id,
    purpose: row.purpose as Purpose,
    api: row.api as ApiGeneration,
    scopes: JSON.parse(row.scopes) as string[],
    returnTo: row.return_to,
    storeState: row.store_state,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    consumedAt: row.consumed_at,
    outcome: row.outcome as FlowOutcome | null,
    failure: row.failure,
    loginId: row.login_id,
  };
}

export interface OutboxColumns {
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
  next_attempt_at: number | null;
  retry_step: number;
  login_id: string | null;
  claimable_until: number | null;
  delivered_via: string | null;
}

export function toEvent(row: OutboxColumns): OutboxRow & DeliverySummary {
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
    nextAttemptAt: row.next_attempt_at,
    retryStep: row.retry_step,
    loginId: row.login_id,
    claimableUntil: row.claimable_until,
    deliveredVia: row.delivered_via as DeliveredVia | null,
  };
}

export function fromEvent(event: OutboxRow): OutboxColumns {
  return {
    id: event.id,
    store_id: event.storeId,
    type: event.type,
    body: event.body,
    status: event.status,
    attempts: event.attempts,
    created_at: event.createdAt,
    last_attempt_at: event.lastAttemptAt,
    last_status: event.lastStatus,
    last_error: event.lastError,
    delivered_at: event.deliveredAt,
    next_attempt_at: event.nextAttemptAt,
    retry_step: event.retryStep,
    login_id: event.loginId,
    claimable_until: event.claimableUntil,
    delivered_via: event.deliveredVia,
  };
}

export interface ComplianceRequestColumns {
  id: string;
  store_id: string;
  kind: string;
  instagram_user_id: string;
  confirmation_code: string;
  event_id: string;
  deleted: string;
  created_at: number;
}

export function toComplianceRequest(row: ComplianceRequestColumns): ComplianceRequestRow {
  return {
    id: row.id,
    storeId: row.store_id,
    kind: row.kind as ComplianceKind,
    instagramUserId: row.instagram_user_id,
    confirmationCode: row.confirmation_code,
    eventId: row.event_id,
    deleted: JSON.parse(row.deleted) as string[],
    createdAt: row.created_at,
  };
}

export function fromComplianceRequest(request: ComplianceRequestRow): ComplianceRequestColumns {
  return {
    id: request.id,
    store_id: request.storeId,
    kind: request.kind,
    instagram_user_id: request.instagramUserId,
    confirmation_code: request.confirmationCode,
    event_id: request.eventId,
    deleted: JSON.stringify(request.deleted),
    created_at: request.createdAt,
  };
}

/** What the relay deletes for a compliance request, as the status page says it. */
export const CONNECTED_ACCOUNT_DELETED = "the store's connected Instagram account and its access token";

export interface AttemptColumns {
  event_id: string;
  store_id: string;
  attempt: number;
  at: number;
  status: number | null;
  latency_ms: number;
  error: string | null;
  instance: string;
}

export function toAttempt(row: AttemptColumns): AttemptRow {
  return {
    eventId: row.event_id,
    storeId: row.store_id,
    attempt: row.attempt,
    at: row.at,
    status: row.status,
    latencyMs: row.latency_ms,
    error: row.error,
    instance: row.instance,
  };
}

/** The delivery log line of an attempt just finished; `finished` is what the finishAttempt statement returned. */
export function attemptColumns(
  eventId: string,
  instance: string,
  finished: Pick<OutboxColumns, 'store_id' | 'attempts'>,
  report: AttemptReport,
): AttemptColumns {
  return {
    event_id: eventId,
    store_id: finished.store_id,
    attempt: finished.attempts,
    at: report.at,
    status: report.status,
    latency_ms: report.latencyMs,
    error: report.error,
    instance,
  };
}

export interface ConnectedAccountColumns {
  store_id: string;
  instagram_user_id: string;
  username: string;
  api: string;
  access_token: string;
  issued_at: number;
  expires_at: number | null;
  next_refresh_at: number | null;
  refresh_failures: number;
  last_error: string | null;
  status: string;
  updated_at: number;
}

export function toConnectedAccount(row: ConnectedAccountColumns): ConnectedAccountRow {
  return {
    storeId: row.store_id,
    instagramUserId: row.instagram_user_id,
    username: row.username,
    api: row.api as ApiGeneration,
    accessToken: row.access_token,
    issuedAt: row.issued_at,
    expiresAt: row.expires_at,
    nextRefreshAt: row.next_refresh_at,
    refreshFailures: row.refresh_failures,
    lastError: row.last_error,
    status: row.status as ConnectedAccountStatus,
    updatedAt: row.updated_at,
  };
}

export function fromConnectedAccount(account: ConnectedAccountRow): ConnectedAccountColumns {
  return {
    store_id: account.storeId,
    instagram_user_id: account.instagramUserId,
    username: account.username,
    api: account.api,
    access_token: account.accessToken,
    issued_at: account.issuedAt,
    expires_at: account.expiresAt,
    next_refresh_at: account.nextRefreshAt,
    refresh_failures: account.refreshFailures,
    last_error: account.lastError,
    status: account.status,
    updated_at: account.updatedAt,
  };
}

/** The outbox columns an attempt's outcome sets; `retry_step` null keeps the current one. */
export function outcomeColumns(outcome: AttemptOutcome): {
  event_status: EventStatus;
  next_attempt_at: number | null;
  retry_step: number | null;
} {
  if (outcome.next === 'retry') {
    return { event_status: 'pending', next_attempt_at: outcome.at, retry_step: outcome.retryStep };
  }
  return { event_status: outcome.next, next_attempt_at: null, retry_step: null };
}
