import type { ApiGeneration } from './api-generations.js';
import type { InstagramFailure } from './instagram-error.js';

/**
 * What a store admin should do about each Instagram failure, in plain words.
 * Shoppers never see these: they get the store's own short notice.
 */
export function adviceFor(kind: InstagramFailure, context: { redirectUri: string; api: ApiGeneration }): string {
  const retired =
    context.api === 'basic-display'
      ? ' Note: Meta switched off the Basic Display API on 2024-12-04; use instagram-login with a Business or Creator account.'
      : '';
  return advice[kind](context.redirectUri) + retired;
}

const advice: Record<InstagramFailure, (redirectUri: string) => string> = {
  invalid_app: () =>
    'Instagram does not accept this app ID and secret. Use the Instagram app ID and secret from App Dashboard → ' +
    'Instagram → API setup with Instagram login → Business login settings, not the Meta app ID and secret at the top of the dashboard.',
  redirect_uri_mismatch: (redirectUri) =>
    `Instagram refused the redirect URI. Add exactly ${redirectUri} to "Valid OAuth Redirect URIs" in Business login ` +
    'settings (the dashboard may add a trailing slash: remove it).',
  code_rejected: () =>
    'Instagram refused the authorization code as expired or already used (the sign-in page was reloaded or took over an hour). Ask the customer to try again.',
  not_tester: () =>
    'The Instagram account has no role on this app. With Standard Access, add it under App Roles → Instagram testers and ' +
    'accept the invite in Instagram (Settings → Apps and websites → Tester invites); serving any account needs Advanced Access.',
  not_professional: () =>
    'The account is a personal Instagram account. Instagram Login works only with Business and Creator accounts; ' +
    'the account owner can switch to a professional account in the Instagram app.',
  token_invalid: () =>
    'Instagram rejected the access token (expired, or revoked by a password change or security reset). Sign in again.',
  rate_limited: () => 'Instagram is rate-limiting this app. Sign-ins will work again once the limit resets.',
  permission_denied: () =>
    'Instagram refused a permission the app asked for. Check the scopes granted to the app in the App Dashboard.',
  timeout: () => 'Instagram did not answer in time. This is usually temporary.',
  unavailable: () => 'Instagram could not be reached or answered with a server error. This is usually temporary.',
  malformed_response: () => 'Instagram answered with something the relay could not read. If this persists, report it.',
  other: () => 'Instagram refused the request; the relay log has its message.',
};
