/**
 * The error catalogue: every error the relay answers with has a stable code,
 * an HTTP status and a plain message a shopper or a store admin can read.
 * Code throws `RelayError`; one handler (http/error-handler.ts) renders it.
 * docs/contract.md §12.3 lists every code; test/docs/contract.test.ts keeps the two alike.
 */
const catalogue = {
  invalid_request: [400, 'The request is not valid.'],
  unknown_store: [400, 'This sign-in link names a store the relay does not know.'],
  store_not_ready: [400, 'This store has not finished setting up Instagram sign-in yet.'],
  bad_signature: [400, 'This sign-in link is not valid. Go back to the store and try again.'],
  link_expired: [400, 'This sign-in link has expired. Go back to the store and try again.'],
  expiry_too_far: [400, 'This sign-in link is valid for too long. Go back to the store and try again.'],
  return_to_not_allowed: [400, 'This sign-in link would send you to a site the store has not registered.'],
  flow_unknown: [400, 'This sign-in attempt is not known. Go back to the store and try again.'],
  flow_expired: [400, 'This sign-in attempt has expired. Go back to the store and try again.'],
  flow_used: [400, 'This sign-in attempt has already been used. Go back to the store and try again.'],
  flow_browser_mismatch: [
    400,
    'This sign-in attempt was started in another browser. Go back to the store and try again.',
  ],
  signed_request_invalid: [
    400,
    "The signed_request is missing, malformed, or not signed with this store's Instagram app secret.",
  ],
  signed_request_stale: [400, 'The signed_request was issued too long ago or in the future; check the clock.'],
  unauthorized: [401, 'Authentication is required.'],
  store_auth_failed: [401, 'The store request is not signed with a valid store secret.'],
  request_replayed: [401, 'This store request was already received.'],
  request_stale: [401, 'This store request is too old or from the future; check the clock.'],
  store_not_found: [404, 'No store with this id.'],
  event_not_found: [404, 'This store has no event with this id.'],
  login_not_found: [404, 'This store has no sign-in with this login id.'],
  deletion_request_not_found: [404, 'No data deletion request has this confirmation code.'],
  not_found: [404, 'Not found.'],
  event_delivered: [409, 'This event was delivered; its body is no longer kept, so it cannot be sent again.'],
  login_already_delivered: [
    409,
    'This sign-in already reached the store (by webhook or an earlier claim); look for it there.',
  ],
  login_expired: [410, 'This sign-in started more than 10 minutes ago; it can no longer be claimed.'],
  payload_too_large: [413, 'The request body is too large.'],
  too_many_requests: [429, 'Too many refused requests from this address. Wait a minute and try again.'],
  unsupported_media_type: [415, 'The request body must be JSON.'],
  internal_error: [500, 'Something went wrong on our side. Please try again.'],
  not_ready: [503, 'The relay is not ready: its database does not take writes.'],
  storage_unavailable: [
    503,
    'Sign-in is unavailable for a moment on our side. Go back to the store and try again in a minute.',
  ],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof catalogue;

/** Every code the relay can answer with (the fuzz suite checks each answer against them). */
export const ERROR_CODES = Object.keys(catalogue) as readonly ErrorCode[];

export class RelayError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  /** `detail` replaces the catalogue message; it must never hold a secret or echo raw input. */
  constructor(code: ErrorCode, detail?: string) {
    const [status, message] = catalogue[code];
    super(detail ?? message);
    this.name = 'RelayError';
    this.code = code;
    this.status = status;
  }
}
