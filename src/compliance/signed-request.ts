import { matchesAnyHmac } from '../crypto/constant-time.js';
import { parseJsonLosslessly } from '../instagram/lossless-json.js';

/**
 * Meta's `signed_request` (https://developers.facebook.com/docs/reference/login/signed-request):
 * `base64url(HMAC-SHA256(app secret, encoded payload)) "." base64url(JSON payload)`,
 * base64url without padding, `algorithm` HMAC-SHA256. The deauthorize and
 * data deletion callbacks carry `user_id` and `issued_at` (and for deletion
 * `expires`).
 */
export interface SignedRequest {
  userId: string;
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds, when Meta sets it. */
  expires: number | null;
}

export type SignedRequestCheck =
  { ok: true; request: SignedRequest } | { ok: false; reason: 'malformed' | 'bad_signature' | 'stale' };

/** Older than this, a signed request is refused: it limits the replay of a captured one. */
export const MAX_AGE_SECONDS = 24 * 60 * 60;
/** Clocks differ; a request from further in the future than this is refused. */
export const MAX_SKEW_SECONDS = 5 * 60;
/** Meta's are well under 1 KiB. */
const MAX_LENGTH = 4096;

export function checkSignedRequest(value: unknown, secret: string, nowSeconds: number): SignedRequestCheck {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = value.split('.');
  if (parts.length !== 2 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) {
    return { ok: false, reason: 'malformed' };
  }
  const [signature, payload] = parts as [string, string];
  // The signature first: nothing in an unsigned payload is looked at.
  if (!matchesAnyHmac([Buffer.from(secret, 'utf8')], payload, Buffer.from(signature, 'base64url'))) {
    return { ok: false, reason: 'bad_signature' };
  }

  let parsed: unknown;
  try {
    // Lossless: a user ID sent as a bare JSON number may exceed 2^53.
    parsed = parseJsonLosslessly(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (typeof parsed !== 'object' || parsed === null) return { ok: false, reason: 'malformed' };
  const data = parsed as Record<string, unknown>;
  const userId = typeof data.user_id === 'number' ? String(data.user_id) : data.user_id;
  const { issued_at: issuedAt, expires, algorithm } = data;
  if (
    typeof algorithm !== 'string' ||
    algorithm.toUpperCase() !== 'HMAC-SHA256' ||
    typeof userId !== 'string' ||
    !/^[0-9]{1,32}$/.test(userId) ||
    !Number.isInteger(issuedAt) ||
    (expires !== undefined && !Number.isInteger(expires))
  ) {
    return { ok: false, reason: 'malformed' };
  }
  const issued = issuedAt as number;
  const until = (expires as number | undefined) ?? null;
  if (issued > nowSeconds + MAX_SKEW_SECONDS || issued < nowSeconds - MAX_AGE_SECONDS)
    return { ok: false, reason: 'stale' };
  if (until !== null && until < nowSeconds - MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  return { ok: true, request: { userId, issuedAt: issued, expires: until } };
}
