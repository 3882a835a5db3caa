/**
 * The fields `/me` (and `/{id}`) can return, per product. Graph returns only
 * the fields asked for, as a flat object; a field the node lacks (`email`
 * above all: neither API ever returns it) is an error, not a silent omission.
 * Instagram Login: https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/get-started
 * Basic Display: https://developers.facebook.com/docs/instagram-basic-display-api/reference/user
 */
import type { ResolvedApp } from './config-validation.js';
import { appScopedId } from './ids.js';
import type { FakeUser } from './types.js';

type FieldValue = string | number | undefined;
type FieldReader = (user: FakeUser, app: ResolvedApp) => FieldValue;

/**
 * `account_type` per the Instagram-Login docs: `Business` or `Media_Creator`
 * (casing on the wire UNCONFIRMED). That a Personal account logs in at all and
 * reads `PERSONAL` is this fake's assumption: Instagram Login serves
 * professional accounts only, and what Meta does with a personal one is
 * UNCONFIRMED.
 */
const BUSINESS_ACCOUNT_TYPE: Record<FakeUser['accountType'], string> = {
  Business: 'Business',
  Media_Creator: 'Media_Creator',
  Personal: 'PERSONAL',
};

const BUSINESS_FIELDS: Record<string, FieldReader> = {
  id: (user, app) => appScopedId(app.appId, user.userId),
  user_id: (user) => user.userId,
  username: (user) => user.username,
  name: (user) => user.name,
  account_type: (user) => BUSINESS_ACCOUNT_TYPE[user.accountType],
  profile_picture_url: (user) => user.profilePictureUrl,
  followers_count: (user) => user.followersCount ?? 0,
  follows_count: (user) => user.followsCount ?? 0,
  media_count: (user) => user.mediaCount ?? 0,
  biography: (user) => user.biography,
  website: (user) => user.website,
};

/** Basic Display had no name, picture or counts but media_count, and upper-case account types. */
const BASIC_DISPLAY_FIELDS: Record<string, FieldReader> = {
  id: (user, app) => appScopedId(app.appId, user.userId),
  username: (user) => user.username,
  account_type: (user) => user.accountType.toUpperCase(),
  media_count: (user) => user.mediaCount ?? 0,
};

export type ProfileSelection = { ok: true; profile: Record<string, string | number> } | { ok: false; field: string };

/** Without `fields`, only `id` comes back (UNCONFIRMED default, as on other Graph nodes). */
export function selectProfile(app: ResolvedApp, user: FakeUser, fieldsParam: string | undefined): ProfileSelection {
  const readers = app.mode === 'business' ? BUSINESS_FIELDS : BASIC_DISPLAY_FIELDS;
  const requested = (fieldsParam ?? '')
    .split(',')
    .map((field) => field.trim())
    .filter((field) => field !== '');
  const fields = requested.length === 0 ? ['id'] : [...new Set(requested)];
  const profile: Record<string, string | number> = {};
  for (const field of fields) {
    const read = Object.hasOwn(readers, field) ? readers[field] : undefined;
    if (read === undefined) return { ok: false, field };
    // Graph leaves out a field the account has no value for.
    const value = read(user, app);
    if (value !== undefined) profile[field] = value;
  }
  return { ok: true, profile };
}
