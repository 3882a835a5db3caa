/**
 * Runtime checks for apps and users. They arrive from TypeScript callers but
 * also from a JSON file (main.ts), and a user ID is written into JSON text
 * unquoted, so a malformed one must be refused here rather than produce
 * invalid JSON later. Every error names the offending option.
 */
import type { FakeApp, FakeUser } from './types.js';

/** An app with its defaults applied. */
export interface ResolvedApp {
  readonly appId: string;
  readonly appSecret: string;
  readonly redirectUris: readonly string[];
  readonly mode: FakeApp['mode'];
  readonly accessLevel: NonNullable<FakeApp['accessLevel']>;
  readonly testers: ReadonlySet<string>;
  readonly tokenResponseShape: NonNullable<FakeApp['tokenResponseShape']>;
  readonly denialEchoesState: boolean;
  readonly tokenUserId: NonNullable<FakeApp['tokenUserId']>;
}

type Fields = Record<string, unknown>;

function fail(option: string, expected: string): never {
  throw new TypeError(`fake-instagram: ${option} must be ${expected}`);
}

function asObject(input: unknown, option: string): Fields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) fail(option, 'an object');
  return input as Fields;
}

function requiredString(fields: Fields, key: string, option: string): string {
  const value = fields[key];
  if (typeof value !== 'string' || value === '') fail(`${option}.${key}`, 'a non-empty string');
  return value;
}

function optionalString(fields: Fields, key: string, option: string): string | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${option}.${key}`, 'a string');
  return value;
}

function optionalCount(fields: Fields, key: string, option: string): number | undefined {
  const value = fields[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${option}.${key}`, 'a non-negative integer');
  }
  return value;
}

/** Without a fallback the field is required. */
function oneOf<T extends string>(fields: Fields, key: string, option: string, allowed: readonly T[], fallback?: T): T {
  const value = fields[key];
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(`${option}.${key}`, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function stringArray(fields: Fields, key: string, option: string, required: boolean): string[] {
  const value = fields[key];
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(`${option}.${key}`, 'an array of strings');
  }
  return [...value];
}

export function resolveApp(input: unknown): ResolvedApp {
  const option = 'app';
  const fields = asObject(input, option);
  const denialEchoesState = fields['denialEchoesState'];
  if (denialEchoesState !== undefined && typeof denialEchoesState !== 'boolean') {
    fail(`${option}.denialEchoesState`, 'a boolean');
  }
  return {
    appId: requiredString(fields, 'appId', option),
    appSecret: requiredString(fields, 'appSecret', option),
    redirectUris: stringArray(fields, 'redirectUris', option, true),
    mode: oneOf(fields, 'mode', option, ['business', 'basic_display']),
    accessLevel: oneOf(fields, 'accessLevel', option, ['standard', 'advanced'], 'advanced'),
    testers: new Set(stringArray(fields, 'testers', option, false)),
    tokenResponseShape: oneOf(fields, 'tokenResponseShape', option, ['flat', 'doc_data_array'], 'flat'),
    denialEchoesState: denialEchoesState ?? true,
    tokenUserId: oneOf(fields, 'tokenUserId', option, ['app_scoped_id', 'ig_user_id'], 'app_scoped_id'),
  };
}

export function checkUser(input: unknown): FakeUser {
  const option = 'user';
  const fields = asObject(input, option);
  const userId = requiredString(fields, 'userId', option);
  if (!/^[1-9][0-9]*$/.test(userId)) fail(`${option}.userId`, 'a digit string without leading zeros');
  const user: FakeUser = {
    username: requiredString(fields, 'username', option),
    userId,
    accountType: oneOf(fields, 'accountType', option, ['Business', 'Media_Creator', 'Personal']),
  };
  // Copy only the optional fields that are set, so `/me` can leave out what a user does not have.
  const name = optionalString(fields, 'name', option);
  const profilePictureUrl = optionalString(fields, 'profilePictureUrl', option);
  const biography = optionalString(fields, 'biography', option);
  const website = optionalString(fields, 'website', option);
  const followersCount = optionalCount(fields, 'followersCount', option);
  const followsCount = optionalCount(fields, 'followsCount', option);
  const mediaCount = optionalCount(fields, 'mediaCount', option);
  if (name !== undefined) user.name = name;
  if (profilePictureUrl !== undefined) user.profilePictureUrl = profilePictureUrl;
  if (biography !== undefined) user.biography = biography;
  if (website !== undefined) user.website = website;
  if (followersCount !== undefined) user.followersCount = followersCount;
  if (followsCount !== undefined) user.followsCount = followsCount;
  if (mediaCount !== undefined) user.mediaCount = mediaCount;
  return user;
}

/** Checks an app from untyped input (a JSON file) and returns it as a FakeApp. */
export function checkApp(input: unknown): FakeApp {
  const app = resolveApp(input);
  return { ...app, redirectUris: [...app.redirectUris], testers: [...app.testers] };
}
