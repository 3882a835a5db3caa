/**
 * The HTML the authorization window shows: the consent page (one page for
 * Instagram's login, account choice and consent steps) and Instagram's
 * "Sorry, this page isn't available." page.
 */
import type { HttpAnswer } from './error-bodies.js';
import type { FakeUser } from './types.js';

const HTML_TYPE = 'text/html; charset=utf-8';

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function page(title: string, body: string, status: number): HttpAnswer {
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 2rem auto; padding: 0 1rem; color: #262626; }
.simulated { background: #fff3cd; border: 1px solid #e0b400; padding: .5rem .75rem; border-radius: 6px; }
.notice { color: #b00020; }
label { display: block; margin: .4rem 0; }
button { font-size: 1rem; padding: .5rem 1.25rem; margin-right: .5rem; }
</style>
</head>
<body>
${body}
</body>
</html>
`;
  return { status, contentType: HTML_TYPE, body: html };
}

export interface ConsentPageInput {
  /** Where the form posts: the path the page was served from. */
  readonly action: string;
  readonly appId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly users: readonly FakeUser[];
  /** The original parameters, sent back as hidden inputs. */
  readonly hidden: ReadonlyArray<readonly [string, string]>;
  readonly forceReauth: boolean;
  /** Shown above the form when a posted decision could not be used. */
  readonly notice?: string;
  readonly status?: number;
}

function accountChoice(user: FakeUser, index: number): string {
  const label = `@${user.username}${user.name === undefined ? '' : ` — ${user.name}`} (${user.accountType})`;
  const checked = index === 0 ? ' checked' : '';
  return `<label><input type="radio" name="username" value="${escapeHtml(user.username)}"${checked}> ${escapeHtml(label)}</label>`;
}

export function consentPage(input: ConsentPageInput): HttpAnswer {
  const hidden = input.hidden
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const accounts =
    input.users.length === 0
      ? '<p>No accounts are configured in this fake Instagram.</p>'
      : input.users.map(accountChoice).join('\n');
  const scopes = input.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('\n');
  const notice = input.notice === undefined ? '' : `<p class="notice">${escapeHtml(input.notice)}</p>\n`;
  const reauth = input.forceReauth
    ? '<p>The app asked for <code>force_reauth</code>: real Instagram would ask for the password again here.</p>\n'
    : '';
  const body = `<p class="simulated"><strong>Simulated Instagram for development.</strong> This is not instagram.com; no real account or password is involved.</p>
<h1>Allow app ${escapeHtml(input.appId)} to access your Instagram account?</h1>
${notice}${reauth}<p>It will receive these permissions:</p>
<ul>
${scopes}
</ul>
<p>You will be sent back to <code>${escapeHtml(input.redirectUri)}</code>.</p>
<form method="post" action="${escapeHtml(input.action)}">
${hidden}
<fieldset>
<legend>Continue as</legend>
${accounts}
</fieldset>
<p>
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</p>
</form>`;
  return page('Simulated Instagram — authorize app', body, input.status ?? 200);
}

/**
 * What api.instagram.com/oauth/authorize shows for an Instagram-Login app:
 * this page, and no redirect back (https://github.com/diwenne/openreply/pull/27).
 * The fake also serves it for any path it does not know, as instagram.com does.
 */
export function sorryPage(): HttpAnswer {
  return page(
    'Page not found • Instagram',
    `<h2>Sorry, this page isn't available.</h2>
<p>The link you followed may be broken, or the page may have been removed. Go back to Instagram.</p>
<p><small>Simulated Instagram for development.</small></p>`,
    404,
  );
}
