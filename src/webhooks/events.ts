import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { API_GENERATIONS } from '../instagram/api-generations.js';

/**
 * The events the relay sends to stores (docs/contract.md §6). The schema is the
 * single description of each shape; the TypeScript types derive from it.
 */
const nullableString = { type: ['string', 'null'] } as const;

export const AuthorizedData = {
  type: 'object',
  properties: {
    login_id: { type: 'string' },
    store: { type: 'string' },
    purpose: { type: 'string', enum: ['login', 'connect'] },
    state: { type: 'string' },
    instagram_user_id: { type: 'string', pattern: '^[0-9]+$', description: 'exact digits; never a JSON number' },
    app_scoped_id: { type: ['string', 'null'], pattern: '^[0-9]+$' },
    username: { type: 'string' },
    account_type: nullableString,
    name: nullableString,
    profile_picture_url: nullableString,
    access_token: { type: 'string' },
    token_type: { const: 'bearer' },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
    scopes: { type: 'array', items: { type: 'string' } },
    api: { type: 'string', enum: API_GENERATIONS },
  },
  required: [
    'login_id',
    'store',
    'purpose',
    'state',
    'instagram_user_id',
    'app_scoped_id',
    'username',
    'account_type',
    'name',
    'profile_picture_url',
    'access_token',
    'token_type',
    'expires_at',
    'scopes',
    'api',
  ],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type AuthorizedData = FromSchema<typeof AuthorizedData>;

/** The relay refreshed the store's connected account's token (purpose=connect); the old one keeps working until it expires. */
export const TokenRefreshedData = {
  type: 'object',
  properties: {
    store: { type: 'string' },
    instagram_user_id: AuthorizedData.properties.instagram_user_id,
    username: { type: 'string' },
    access_token: { type: 'string' },
    token_type: { const: 'bearer' },
    expires_at: { type: ['string', 'null'], format: 'date-time' },
  },
  required: ['store', 'instagram_user_id', 'username', 'access_token', 'token_type', 'expires_at'],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type TokenRefreshedData = FromSchema<typeof TokenRefreshedData>;

/** The relay gave up refreshing the token: the store admin must connect the account again. */
export const TokenRefreshFailedData = {
  type: 'object',
  properties: {
    store: { type: 'string' },
    instagram_user_id: AuthorizedData.properties.instagram_user_id,
    username: { type: 'string' },
    reason: { type: 'string', description: 'an Instagram failure kind, e.g. token_invalid' },
    message: { type: 'string', description: 'what happened and what to do, for the store admin' },
  },
  required: ['store', 'instagram_user_id', 'username', 'reason', 'message'],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type TokenRefreshFailedData = FromSchema<typeof TokenRefreshFailedData>;

/**
 * Meta's deauthorize callback: the Instagram user removed the store's app. `instagram_user_id`
 * is the `user_id` Meta sent; which of Instagram's two IDs it is (the professional account ID or
 * the app-scoped one) is not documented, so stores match it against both.
 */
export const DeauthorizedData = {
  type: 'object',
  properties: {
    store: { type: 'string' },
    instagram_user_id: AuthorizedData.properties.instagram_user_id,
    issued_at: { type: 'string', format: 'date-time' },
  },
  required: ['store', 'instagram_user_id', 'issued_at'],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type DeauthorizedData = FromSchema<typeof DeauthorizedData>;

/** Meta's data deletion callback: delete what the store holds about this Instagram user. */
export const DataDeletionRequestedData = {
  type: 'object',
  properties: {
    ...DeauthorizedData.properties,
    confirmation_code: { type: 'string', description: 'the code Meta shows the user' },
    status_url: { type: 'string', description: "the relay's public status page for this request" },
  },
  required: [...DeauthorizedData.required, 'confirmation_code', 'status_url'],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type DataDeletionRequestedData = FromSchema<typeof DataDeletionRequestedData>;

export interface EventTypes {
  'instagram.authorized': AuthorizedData;
  'instagram.token_refreshed': TokenRefreshedData;
  'instagram.token_refresh_failed': TokenRefreshFailedData;
  'instagram.deauthorized': DeauthorizedData;
  'instagram.data_deletion_requested': DataDeletionRequestedData;
}

/** The body, serialised once: every attempt sends these exact bytes. */
export function eventBody<T extends keyof EventTypes>(type: T, data: EventTypes[T], nowMs: number): string {
  return JSON.stringify({ type, timestamp: new Date(nowMs).toISOString(), data });
}
