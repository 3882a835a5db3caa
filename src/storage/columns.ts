/**
 * The column lists both storage implementations select and insert, in one
 * place so that a migration adding a column changes them once.
 */
export const STORE_COLUMNS = `id, secret, previous_secret, previous_secret_expires_at, webhook_url, return_origins,
  ig_app_id, ig_app_secret, ig_api, ig_scopes, webhook_disabled_at, login_delivery, created_at, updated_at`;
export const FLOW_COLUMNS =
  'key, store_id, purpose, api, scopes, return_to, store_state, created_at, expires_at, consumed_at';
export const EVENT_COLUMNS = `id, store_id, type, body, status, attempts, created_at, last_attempt_at, last_status,
  last_error, delivered_at, next_attempt_at, retry_step, login_id, claimable_until, delivered_via`;
/** An event without its (sealed) body: what lists show. */
export const EVENT_SUMMARY = EVENT_COLUMNS.replace('body', 'NULL AS body');
export const ACCOUNT_COLUMNS = `store_id, instagram_user_id, username, api, access_token, issued_at, expires_at,
  next_refresh_at, refresh_failures, last_error, status, updated_at`;

/** `a, b` → `@a, @b`: the named parameters for the same columns. */
export const named = (columns: string): string => columns.replace(/(\w+)/g, '@$1');
