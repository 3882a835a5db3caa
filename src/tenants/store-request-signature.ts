import { hmacSha256, matchesAnyHmac } from '../crypto/constant-time.js';

/**
 * How a store signs its calls to the store API (the plugin's settings page):
 *
 *   igr-store:      the store id
 *   igr-request-id: 16–128 random characters [A-Za-z0-9_-], never reused
 *   igr-timestamp:  unix seconds, within 5 minutes of the relay's clock
 *   igr-signature:  v1,<base64 HMAC-SHA256(key, message)>
 *   message = "v1\n" + store + "\n" + request id + "\n" + timestamp + "\n" + METHOD + "\n" + path?query + "\n" + body
 *
 * The key is the store secret's (docs/contract.md §9.1). The request id makes each
 * request single-use; no secret ever travels in the URL.
 */
export interface StoreRequest {
  store: string;
  requestId: string;
  timestamp: number;
  method: string;
  path: string;
  body: string;
}

export const STORE_REQUEST_TOLERANCE_SECONDS = 300;

function message(request: StoreRequest): string {
  return [
    'v1',
    request.store,
    request.requestId,
    String(request.timestamp),
    request.method.toUpperCase(),
    request.path,
    request.body,
  ].join('\n');
}

export function signStoreRequest(key: Buffer, request: StoreRequest): Record<string, string> {
  return {
    'igr-store': request.store,
    'igr-request-id': request.requestId,
    'igr-timestamp': String(request.timestamp),
    'igr-signature': `v1,${hmacSha256(key, message(request)).toString('base64')}`,
  };
}

export function isStoreRequestSignatureValid(keys: readonly Buffer[], request: StoreRequest, header: string): boolean {
  const match = /^v1,([A-Za-z0-9+/]{43}=)$/.exec(header);
  return match !== null && matchesAnyHmac(keys, message(request), Buffer.from(match[1] as string, 'base64'));
}
