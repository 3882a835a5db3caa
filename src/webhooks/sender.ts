import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { isIP } from 'node:net';
import { outboundClient } from '../outbound/exchange.js';
import { isPrivateAddress } from './private-address.js';
import type { SignedHeaders } from './signature.js';

/**
 * One POST of a signed event to a store. Only a 2xx counts as delivered;
 * redirects are not followed (a 3xx is a failure); nothing is retried here.
 */
export interface SendResult {
  delivered: boolean;
  /** HTTP status the store answered, when it answered. */
  status: number | null;
  error: string | null;
  /** The store's `Retry-After` header, as sent. */
  retryAfter: string | undefined;
  latencyMs: number;
}

export type SendWebhook = (url: string, headers: SignedHeaders, body: string) => Promise<SendResult>;

/** Stores answer with a few bytes; a huge answer is cut off rather than buffered. */
const MAX_ANSWER_BYTES = 64 * 1024;

export function createWebhookSender(options: {
  timeoutMs: number;
  allowPrivate: boolean;
  userAgent: string;
}): SendWebhook {
  const exchange = outboundClient({
    agent: { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) },
    timeout: { request: options.timeoutMs },
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    ...(options.allowPrivate ? {} : { dnsLookup: publicOnlyLookup }),
  });

  return async (url, headers, body) => {
    const started = performance.now();
    const failed = (error: string) => ({
      delivered: false,
      status: null,
      error,
      retryAfter: undefined,
      latencyMs: Math.round(performance.now() - started),
    });
    if (!options.allowPrivate && isPrivateLiteral(url)) return failed('the webhook URL points at a private address');
    try {
      const answer = await exchange(url, {
        method: 'POST',
        body,
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': options.userAgent },
        maxBytes: MAX_ANSWER_BYTES,
      });
      const delivered = answer.status >= 200 && answer.status < 300;
      const retryAfter = answer.headers['retry-after'];
      return {
        delivered,
        status: answer.status,
        error: delivered ? null : `the store answered ${answer.status}`,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      return failed(describe(error, options.timeoutMs));
    }
  };
}

/** A failure in words fit for a delivery log: no URL (it may carry a token), no stack. */
function describe(error: unknown, timeoutMs: number): string {
  const code = (error as { code?: string }).code;
  if (code === 'ETIMEDOUT') return `no answer within ${timeoutMs} ms`;
  if (code === 'EPRIVATE') return 'the webhook host resolves to a private address';
  if (code === 'ERR_ANSWER_TOO_LARGE') return 'the store answered with more than 64 KiB';
  return `the store could not be reached (${code ?? 'network error'})`;
}

function isPrivateLiteral(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return isIP(host) !== 0 && isPrivateAddress(host);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** dns.lookup that refuses hosts resolving to private addresses (the SSRF guard, checked at connect time). */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    if (addresses.length === 0 || addresses.some((entry) => isPrivateAddress(entry.address))) {
      return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' }), []);
    }
    const first = addresses[0] as LookupAddress;
    return options.all ? callback(null, addresses) : callback(null, first.address, first.family);
  });
}
