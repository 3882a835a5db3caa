import { randomBytes } from 'node:crypto';
import { signStoreRequest } from '../../src/tenants/store-request-signature.js';

/** Calls the store API as the plugin does: every request signed with the store secret. */
export async function storeRequest(
  baseUrl: string,
  store: { id: string; key: Buffer },
  method: string,
  path: string,
  options: {
    body?: unknown;
    timestamp?: number;
    requestId?: string;
    headers?: (signed: Record<string, string>) => Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown }> {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const signed = signStoreRequest(store.key, {
    store: store.id,
    requestId: options.requestId ?? randomBytes(16).toString('base64url'),
    timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
    method,
    path,
    body,
  });
  const headers = options.headers?.(signed) ?? signed;
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...headers, ...(body === '' ? {} : { 'content-type': 'application/json' }) },
    body: body === '' ? undefined : body,
  });
  return { status: response.status, body: await response.json() };
}
