import { createHmac } from 'node:crypto';

/**
 * What Meta does when a person removes an app or asks for their data to be
 * deleted: POST a form with `signed_request` to the URL registered in the
 * app's settings
 * (https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback).
 * The payload is signed with the app secret:
 * `base64url(HMAC-SHA256(secret, payload)) "." payload`, payload being the
 * base64url JSON, both without padding.
 */
export interface ComplianceCallback {
  url: string;
  appSecret: string;
  userId: string;
  /** Unix seconds; default now. */
  issuedAt?: number;
}

export function signedRequest(appSecret: string, payload: Record<string, unknown>): string {
  const encoded = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${createHmac('sha256', appSecret).update(encoded).digest('base64url')}.${encoded}`;
}

export async function sendComplianceCallback(
  kind: 'deauthorize' | 'data_deletion',
  callback: ComplianceCallback,
  nowSeconds: number,
): Promise<{ status: number; body: string }> {
  const issuedAt = callback.issuedAt ?? nowSeconds;
  const payload = {
    algorithm: 'HMAC-SHA256',
    issued_at: issuedAt,
    user_id: callback.userId,
    ...(kind === 'data_deletion' ? { expires: issuedAt + 3600 } : {}),
  };
  const response = await fetch(callback.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ signed_request: signedRequest(callback.appSecret, payload) }).toString(),
  });
  return { status: response.status, body: await response.text() };
}
