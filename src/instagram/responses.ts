/**
 * Reads Instagram's success bodies in every shape they are documented or
 * observed in, and nothing looser: a body that fits none is malformed.
 */
export interface ShortLivedToken {
  accessToken: string;
  /** Exact digits, whether Instagram sent a string or a JSON number. */
  userId: string;
  /** Granted permissions when Instagram lists them. */
  permissions: string[] | null;
}

export interface LongLivedToken {
  accessToken: string;
  /** Seconds until expiry, when Instagram says. */
  expiresIn: number | null;
}

export interface Profile {
  /** App-scoped ID. */
  id: string | null;
  /** The professional account's Instagram user ID (Instagram Login only). */
  userId: string | null;
  username: string | null;
  name: string | null;
  accountType: string | null;
  profilePictureUrl: string | null;
}

type Json = Record<string, unknown>;

/**
 * `POST /oauth/access_token`. Meta documents `{"data":[{…,"permissions":"a,b"}]}`;
 * production answers flat with a numeric user_id and an array of permissions
 * (https://github.com/atinux/nuxt-auth-utils/pull/298). Both are accepted.
 */
export function readShortLivedToken(body: unknown): ShortLivedToken | undefined {
  const item = unwrapData(body);
  if (item === undefined || !isToken(item.access_token)) return undefined;
  const userId = readId(item.user_id);
  if (userId === undefined) return undefined;
  return { accessToken: item.access_token, userId, permissions: readPermissions(item.permissions) };
}

/** `GET /access_token` and `GET /refresh_access_token`: `{"access_token","token_type","expires_in"}`. */
export function readLongLivedToken(body: unknown): LongLivedToken | undefined {
  if (!isJson(body) || !isToken(body.access_token)) return undefined;
  const expiresIn = body.expires_in;
  if (expiresIn !== undefined && (typeof expiresIn !== 'number' || !Number.isInteger(expiresIn) || expiresIn <= 0)) {
    return undefined;
  }
  return { accessToken: body.access_token, expiresIn: expiresIn ?? null };
}

/** `GET /me`: flat per the IG User reference; the get-started page prints a `data` array, accepted too. */
export function readProfile(body: unknown): Profile | undefined {
  const item = unwrapData(body);
  if (item === undefined) return undefined;
  const profile = {
    id: item.id === undefined ? null : readId(item.id),
    userId: item.user_id === undefined ? null : readId(item.user_id),
    username: optionalString(item.username),
    name: optionalString(item.name),
    accountType: optionalString(item.account_type),
    profilePictureUrl: optionalString(item.profile_picture_url),
  };
  // Any field present with the wrong type makes the whole answer malformed; so does having no ID at all.
  if (Object.values(profile).includes(undefined) || (profile.id === null && profile.userId === null)) return undefined;
  return profile as Profile;
}

function unwrapData(body: unknown): Json | undefined {
  if (!isJson(body)) return undefined;
  if (Array.isArray(body.data)) {
    const first: unknown = body.data[0];
    return body.data.length === 1 && isJson(first) ? first : undefined;
  }
  return body;
}

/** IDs arrive as digit strings, safe JSON numbers, or (after lossless parsing) digit strings of big numbers. */
function readId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && /^\d{1,32}$/.test(value)) return value;
  return undefined;
}

function readPermissions(value: unknown): string[] | null {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((scope) => scope.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((scope) => typeof scope === 'string')) return value;
  return null;
}

/** null when absent; undefined (malformed) when present but not a string. */
function optionalString(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : undefined;
}

function isToken(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{8,4096}$/.test(value);
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
