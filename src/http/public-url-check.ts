import type { FastifyBaseLogger, FastifyRequest } from 'fastify';

/**
 * PUBLIC_URL is what Instagram redirects to and what decides cookie security,
 * so a wrong one breaks sign-ins in ways that are hard to trace. Warn at
 * start-up when it is plain http on a public host, and once when browsers
 * arrive on another scheme or host than it names (behind a proxy, that usually
 * means TRUST_PROXY is not set).
 */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;
/** Browser requests compared; enough to catch a misconfiguration, free afterwards. */
const CHECKED_REQUESTS = 100;

export function warnAboutPublicUrl(publicUrl: string, log: FastifyBaseLogger): void {
  const url = new URL(publicUrl);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    log.warn(
      { publicUrl },
      'PUBLIC_URL is plain http on a non-loopback host: cookies are not Secure and Instagram accepts only https redirect URIs; use https (terminate TLS in a proxy and set TRUST_PROXY)',
    );
  }
}

/** What /authorize calls with each browser request (a plain call: no hook on every route). */
export function publicUrlCheck(options: { publicUrl: string; trustProxy: boolean }): (request: FastifyRequest) => void {
  const expected = new URL(options.publicUrl);
  let checked = 0;
  return (request) => {
    if (checked >= CHECKED_REQUESTS) return;
    checked += 1;
    const arrived = `${request.protocol}://${request.host}`;
    if (arrived !== expected.origin) {
      checked = CHECKED_REQUESTS;
      request.log.warn(
        { publicUrl: expected.origin, arrivedAs: arrived, trustProxy: options.trustProxy },
        options.trustProxy
          ? 'browsers reach the relay at another address than PUBLIC_URL: check PUBLIC_URL'
          : 'browsers reach the relay at another address than PUBLIC_URL: check PUBLIC_URL, and set TRUST_PROXY if a proxy is in front',
      );
    }
  };
}
