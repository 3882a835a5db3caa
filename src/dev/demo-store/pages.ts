import { escapeHtml } from '../../http/html.js';
import type { AuthorizedData } from '../../webhooks/events.js';

/** The demo store's pages: plain HTML, everything echoed escaped. */
export interface ReceivedEvent {
  webhookId: string;
  receivedAt: Date;
  data: AuthorizedData;
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#222}
.button{display:inline-block;padding:.7rem 1.2rem;border-radius:8px;color:#fff;text-decoration:none;margin:.3rem .5rem .3rem 0;
background:linear-gradient(45deg,#f09433,#dc2743,#bc1888)}.secondary{background:#444}
.note{background:#f4f4f4;padding:.6rem .9rem;border-radius:6px}table{border-collapse:collapse}
td{padding:.2rem .8rem .2rem 0;vertical-align:top}code{word-break:break-all}.error{color:#b00020}`;

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>${STYLE}</style></head><body>${body}</body></html>`;
}

export function homePage(pending: readonly ReceivedEvent[]): string {
  return layout(
    'Lumen Coffee — demo store',
    `<h1>Lumen Coffee <small>(demo store)</small></h1>
<p class="note">This demo runs three servers on your machine: this store, the ig-login-relay, and a
<strong>simulated Instagram</strong>. No Instagram app or account is needed.</p>
<h2>Shoppers</h2>
<p><a class="button" href="/login/instagram">Continue with Instagram</a></p>
<h2>Store admin</h2>
<p><a class="button secondary" href="/connect/instagram">Connect the store's Instagram account</a>
(gets a long-lived access token for the store's own account)</p>
<p>On the simulated Instagram, pick a Business or Creator account; the personal account shows what happens
when someone signs in with an account that Instagram Login does not serve.</p>
<p><small>${pending.length} verified sign-in event(s) waiting for their browser.</small></p>`,
  );
}

const ERRORS: Record<string, string> = {
  access_denied: 'You cancelled on Instagram. Nothing was shared.',
  instagram_error: 'Instagram refused the sign-in. Instagram login works with Business and Creator accounts.',
  invalid_request: 'Instagram sent back an incomplete answer. Please try again.',
  delivery_failed: 'The store could not complete the sign-in. Please try again.',
  no_nonce: 'This sign-in was not started in this browser (its nonce cookie is missing).',
  unknown_login: 'The store has no verified sign-in event for this link.',
};

export type Result = { kind: 'signed-in'; event: ReceivedEvent } | { kind: 'error'; error: string; advice?: string };

export function resultPage(result: Result): string {
  if (result.kind === 'error') {
    const advice =
      result.advice === undefined
        ? ''
        : `<p class="note">For the store admin (from the relay): ${escapeHtml(result.advice)}</p>`;
    return layout(
      'Sign-in did not complete',
      `<h1>Sign-in did not complete</h1><p class="error">${escapeHtml(ERRORS[result.error] ?? 'Something went wrong.')}</p>
${advice}<p><a href="/">Back to the store</a></p>`,
    );
  }
  const { data, webhookId, receivedAt } = result.event;
  const rows: [string, string][] = [
    ['Instagram user ID', data.instagram_user_id],
    ['Username', `@${data.username}`],
    ['Name', data.name ?? '—'],
    ['Account type', data.account_type ?? '—'],
    ['Purpose', data.purpose],
    ['API', data.api],
    ['Scopes', data.scopes.join(', ')],
    ['Access token', `${data.access_token.slice(0, 8)}… (${data.access_token.length} characters)`],
    ['Token expires', data.expires_at ?? 'unknown'],
    ['Webhook', `${webhookId}, signature verified, received ${receivedAt.toISOString()}`],
  ];
  const heading = data.purpose === 'connect' ? 'Store account connected' : `Signed in as @${data.username}`;
  return layout(
    heading,
    `<h1>${escapeHtml(heading)}</h1>
<p>The relay delivered a signed <code>instagram.authorized</code> webhook; the store verified it and matched it
to this browser's nonce cookie. The token never travelled through the browser.</p>
<table>${rows.map(([name, value]) => `<tr><td>${escapeHtml(name)}</td><td><code>${escapeHtml(value)}</code></td></tr>`).join('')}</table>
<p>Instagram gives no email address; a real store asks the shopper for one.</p>
<p><a href="/">Back to the store</a></p>`,
  );
}
