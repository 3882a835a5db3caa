import { escapeHtml } from '../http/html.js';
import type { ComplianceRequestRow, EventStatus } from '../storage/repository.js';

/**
 * The public page behind a data deletion request's URL, which Meta shows the
 * person who asked. It says what happened, in plain words, and names no one:
 * anybody holding the confirmation code can open it.
 */
export function deletionStatusPage(request: ComplianceRequestRow, storeNotified: EventStatus | undefined): string {
  const relay =
    request.deleted.length === 0
      ? 'The relay held nothing else about this Instagram account: it keeps no profile data, and tokens from sign-ins are deleted once the shop has received them.'
      : `The relay deleted ${request.deleted.join(', ')}. It keeps no profile data, and tokens from sign-ins are deleted once the shop has received them.`;
  const store =
    storeNotified === 'delivered'
      ? 'The shop has received the request and deletes what it holds about this Instagram account.'
      : storeNotified === 'dead'
        ? 'The shop could not be reached; the relay operator has been shown the failed request and can send it again.'
        : 'The request is on its way to the shop, which deletes what it holds about this Instagram account. The relay keeps trying until the shop has received it.';
  const received = new Date(request.createdAt).toUTCString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Data deletion request</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#222}
h1{font-size:1.4rem}code{font-size:1rem}
</style>
</head>
<body>
<h1>Data deletion request</h1>
<p>Confirmation code: <code>${escapeHtml(request.confirmationCode)}</code><br>Received: ${escapeHtml(received)}</p>
<p>${escapeHtml(relay)}</p>
<p>${escapeHtml(store)}</p>
</body>
</html>
`;
}
