/**
 * The `scope` parameter of the authorization window: comma-separated or
 * (URL-encoded) space-separated, checked against the permissions of the
 * app's product.
 * https://developers.facebook.com/docs/instagram-platform/reference/oauth-authorize
 */
import { invalidScopeMessage, unknownScopesMessage } from './error-bodies.js';
import type { FakeApp } from './types.js';

/**
 * Instagram Login permissions since 2024-09-17; the old names
 * (`business_basic`, …) stopped working on 2025-01-27 and are refused like
 * any unknown name. https://developers.facebook.com/docs/instagram-platform/changelog
 */
const BUSINESS_SCOPES: ReadonlySet<string> = new Set([
  'instagram_business_basic',
  'instagram_business_content_publish',
  'instagram_business_manage_comments',
  'instagram_business_manage_messages',
  'instagram_business_manage_insights',
]);

/** https://developers.facebook.com/docs/instagram-basic-display-api/guides/getting-access-tokens-and-permissions/ */
const BASIC_DISPLAY_SCOPES: ReadonlySet<string> = new Set(['user_profile', 'user_media']);

/** The base permission each product requires. */
const REQUIRED_SCOPE: Record<FakeApp['mode'], string> = {
  business: 'instagram_business_basic',
  basic_display: 'user_profile',
};

export type ScopeCheck = { ok: true; scopes: string[] } | { ok: false; message: string };

export function checkScopes(mode: FakeApp['mode'], raw: string | undefined): ScopeCheck {
  const scopes = [...new Set((raw ?? '').split(/[,\s]+/).filter((name) => name !== ''))];
  const known = mode === 'business' ? BUSINESS_SCOPES : BASIC_DISPLAY_SCOPES;
  const unknown = scopes.filter((name) => !known.has(name));
  if (unknown.length > 0) return { ok: false, message: unknownScopesMessage(unknown) };
  if (!scopes.includes(REQUIRED_SCOPE[mode])) return { ok: false, message: invalidScopeMessage(scopes) };
  return { ok: true, scopes };
}
