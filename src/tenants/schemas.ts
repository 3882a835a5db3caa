import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import { API_GENERATIONS } from '../instagram/api-generations.js';
import { INSTAGRAM_FAILURES } from '../instagram/instagram-error.js';

/**
 * The JSON shapes of the admin and store APIs, as plain JSON Schema (no
 * runtime library: Fastify's own validator and serializer use them); types
 * derive from them. Fine-grained rules (origins, scopes, URL schemes) live in
 * store-fields.ts, which gives better messages than a schema can. The
 * shapes as stores and operators read them: docs/contract.md §8.
 */
const api = { type: 'string', enum: API_GENERATIONS } as const;
const scopes = { type: 'array', items: { type: 'string', maxLength: 64 }, minItems: 1, maxItems: 10 } as const;

export const InstagramSettings = {
  type: 'object',
  properties: {
    app_id: { type: 'string', maxLength: 32 },
    app_secret: { type: 'string', maxLength: 128 },
    api,
    scopes,
  },
  additionalProperties: false,
} as const satisfies JSONSchema;

const loginDelivery = {
  type: 'string',
  enum: ['webhook', 'claim'],
  description:
    'webhook: the browser returns once the store accepted the webhook; claim: at once, and the store claims the login if the webhook has not arrived',
} as const;

/** PUT /v1/store/login-delivery: how sign-in events reach the store. */
export const LoginDeliverySettings = {
  type: 'object',
  properties: { login_delivery: loginDelivery },
  required: ['login_delivery'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** PUT /v1/stores/:id — on update, whatever is left out keeps its value. */
export const StoreSettings = {
  type: 'object',
  properties: {
    webhook_url: { type: 'string', maxLength: 2048 },
    return_origins: { type: 'array', items: { type: 'string', maxLength: 512 }, maxItems: 20 },
    instagram: InstagramSettings,
    login_delivery: loginDelivery,
  },
  additionalProperties: false,
} as const satisfies JSONSchema;
export type StoreSettings = FromSchema<typeof StoreSettings>;

export const StoreIdParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: 64 } },
  required: ['id'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** A store as the APIs show it: never the Instagram app secret, the store secret only when just made. */
export const StoreView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    secret: { type: 'string', description: 'shown only when the store is created or its secret rotated' },
    webhook_url: { type: 'string' },
    webhook_disabled_at: {
      type: ['string', 'null'],
      description: 'set when the webhook answered 410 Gone; nothing is sent until webhook_url is set again',
    },
    return_origins: { type: 'array', items: { type: 'string' } },
    login_delivery: loginDelivery,
    webhook_user_agent: {
      type: 'string',
      description: 'the User-Agent of every webhook: what a firewall must let through',
    },
    redirect_uri: { type: 'string', description: "register exactly this in Meta's dashboard" },
    instagram: {
      type: 'object',
      properties: {
        app_id: { type: ['string', 'null'] },
        app_secret_set: { type: 'boolean' },
        api,
        scopes: { type: 'array', items: { type: 'string' } },
      },
      required: ['app_id', 'app_secret_set', 'api', 'scopes'],
      additionalProperties: false,
    },
    previous_secret_expires_at: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
  required: [
    'id',
    'webhook_url',
    'webhook_disabled_at',
    'return_origins',
    'login_delivery',
    'webhook_user_agent',
    'redirect_uri',
    'instagram',
    'previous_secret_expires_at',
    'created_at',
    'updated_at',
  ],
  additionalProperties: false,
} as const satisfies JSONSchema;
export type StoreView = FromSchema<typeof StoreView>;

export const ErrorBody = {
  type: 'object',
  properties: { code: { type: 'string' }, message: { type: 'string' } },
  required: ['code', 'message'],
  additionalProperties: false,
} as const satisfies JSONSchema;

const nullableString = { type: ['string', 'null'] } as const;

/** One queued event and how its delivery stands (times RFC 3339). */
export const DeliveryView = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the webhook-id' },
    type: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
    attempts: { type: 'integer' },
    last_status: { type: ['integer', 'null'] },
    last_error: nullableString,
    created_at: { type: 'string' },
    last_attempt_at: nullableString,
    next_attempt_at: nullableString,
    delivered_at: nullableString,
    delivered_via: {
      type: ['string', 'null'],
      enum: ['webhook', 'claim', null],
      description: 'webhook: the store accepted the webhook; claim: the store claimed the login over the store API',
    },
  },
  required: [
    'id',
    'type',
    'status',
    'attempts',
    'last_status',
    'last_error',
    'created_at',
    'last_attempt_at',
    'next_attempt_at',
    'delivered_at',
    'delivered_via',
  ],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** One event with its delivery log. */
export const DeliveryDetail = {
  type: 'object',
  properties: {
    ...DeliveryView.properties,
    attempt_log: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          at: { type: 'string' },
          status: { type: ['integer', 'null'] },
          latency_ms: { type: 'integer' },
          error: nullableString,
          instance: { type: 'string' },
        },
        required: ['attempt', 'at', 'status', 'latency_ms', 'error', 'instance'],
        additionalProperties: false,
      },
    },
  },
  required: [...DeliveryView.required, 'attempt_log'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** GET /v1/store: the store's settings, its latest deliveries and why recent sign-ins failed. */
export const StoreStatus = {
  type: 'object',
  properties: {
    store: StoreView,
    deliveries: { type: 'array', items: DeliveryView },
    recent_failures: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, kind: { type: 'string' }, advice: { type: 'string' } },
        required: ['at', 'kind', 'advice'],
        additionalProperties: false,
      },
    },
  },
  required: ['store', 'deliveries', 'recent_failures'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** POST /v1/store/instagram/test: whether Instagram accepts the app ID and secret. */
export const ConnectionTest = {
  type: 'object',
  properties: {
    instagram: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: ['ok', 'not_configured', ...INSTAGRAM_FAILURES] },
        message: { type: 'string' },
      },
      required: ['status', 'message'],
      additionalProperties: false,
    },
  },
  required: ['instagram'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** GET /v1/store/sign-ins: how many days the report covers, ending today (UTC). */
export const SignInReportQuery = {
  type: 'object',
  properties: { days: { type: 'string', pattern: '^([1-9]|[1-8][0-9]|90)$', description: '1–90, default 30' } },
  additionalProperties: false,
} as const satisfies JSONSchema;

const count = { type: 'integer', minimum: 0 } as const;

/** The store's sign-ins per UTC day by how they ended; `failed` is every failure the shopper cannot act on. */
export const SignInReport = {
  type: 'object',
  properties: {
    days: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          date: { type: 'string', description: 'YYYY-MM-DD, UTC' },
          delivered: { ...count, description: 'the sign-in reached the store' },
          access_denied: { ...count, description: 'the shopper cancelled on Instagram' },
          not_professional: { ...count, description: 'refused: a personal Instagram account' },
          not_tester: {
            ...count,
            description: 'refused: the app is in Standard Access and the account has no role on it',
          },
          failed: { ...count, description: 'every other failure: Instagram errors, an unaccepted webhook' },
        },
        required: ['date', 'delivered', 'access_denied', 'not_professional', 'not_tester', 'failed'],
        additionalProperties: false,
      },
    },
  },
  required: ['days'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** POST /v1/store/login-claims: the login whose sign-in event the store asks for. */
export const LoginClaimRequest = {
  type: 'object',
  properties: { login_id: { type: 'string', minLength: 1, maxLength: 128 } },
  required: ['login_id'],
  additionalProperties: false,
} as const satisfies JSONSchema;

/** The event as its webhook carries it: the store verifies it with the same code. */
export const ClaimedLogin = {
  type: 'object',
  properties: {
    webhook_id: { type: 'string' },
    webhook_timestamp: { type: 'string' },
    webhook_signature: { type: 'string' },
    body: { type: 'string', description: 'the exact JSON text the webhook carries' },
  },
  required: ['webhook_id', 'webhook_timestamp', 'webhook_signature', 'body'],
  additionalProperties: false,
} as const satisfies JSONSchema;
