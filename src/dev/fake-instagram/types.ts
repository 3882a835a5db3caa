/**
 * Public shapes of the fake Instagram. The relay's tests, the benchmark and
 * the demo configure the fake through these types only, so the names are a
 * contract: change them together with every caller.
 */
import type { ComplianceCallback } from './compliance-callbacks.js';

/** An Instagram app as registered in Meta's App Dashboard. */
export interface FakeApp {
  /** The Instagram App ID (not the Meta App ID at the top of the dashboard). */
  appId: string;
  /** The Instagram App Secret. */
  appSecret: string;
  /**
   * The saved "Valid OAuth Redirect URIs". Matched byte for byte: the dashboard
   * may have added a trailing slash, and Meta then refuses the URI without it.
   * https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login
   */
  redirectUris: string[];
  /** `business` = Instagram API with Instagram Login; `basic_display` = the dead Basic Display API. */
  mode: 'business' | 'basic_display';
  /** Default `advanced`. `standard` only works for accounts with a role on the app. */
  accessLevel?: 'standard' | 'advanced';
  /** Usernames with a role (Instagram tester, developer, admin) on the app. */
  testers?: string[];
  /**
   * Default `flat`, the shape developers report; `doc_data_array` is the shape
   * Meta's page prints. Business mode only.
   */
  tokenResponseShape?: 'flat' | 'doc_data_array';
  /** Default true. Whether `state` comes back on a denial is UNCONFIRMED. */
  denialEchoesState?: boolean;
  /**
   * Which ID the code exchange returns as `user_id`. Default `app_scoped_id`
   * (the `/me` `id`); `ig_user_id` returns the professional account ID (the
   * `/me` `user_id`). Which one Meta sends is UNCONFIRMED.
   */
  tokenUserId?: 'app_scoped_id' | 'ig_user_id';
}

/** An Instagram account that can log in through the fake. */
export interface FakeUser {
  username: string;
  /** The IG professional account ID: a digit string, 17 digits and above 2^53 in real life. */
  userId: string;
  name?: string;
  accountType: 'Business' | 'Media_Creator' | 'Personal';
  profilePictureUrl?: string;
  /** Reported by `/me` as `followers_count`; default 0. */
  followersCount?: number;
  /** Reported by `/me` as `follows_count`; default 0. */
  followsCount?: number;
  /** Reported by `/me` as `media_count`; default 0. */
  mediaCount?: number;
  biography?: string;
  website?: string;
}

/** The endpoints a failure can be queued for. `me` also covers `/vNN.N/me` and `/{id}`. */
export type FakeEndpoint = 'authorize' | 'oauth_access_token' | 'access_token' | 'refresh_access_token' | 'me';

export type FakeFailure =
  /** Answer this instead of the normal answer; content type defaults to JSON. */
  | { status: number; body: string; contentType?: string }
  /** Answer normally, but only after `delayMs` of real time. */
  | { delayMs: number }
  /** Destroy the socket without answering. */
  | { hangUp: true };

/** One request as the fake received it. */
export interface FakeRequestRecord {
  /** The endpoint the request reached; null for a path the fake does not serve. */
  endpoint: FakeEndpoint | null;
  method: string;
  /** The path without the query string, prefix included (e.g. `/api/oauth/access_token`). */
  path: string;
  contentType: string | null;
  /** Query parameters; the first value wins when a name repeats. */
  query: Record<string, string>;
  /** Fields of a urlencoded or multipart body; empty for any other body. */
  form: Record<string, string>;
}

export interface FakeInstagram {
  /** The server's origin, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  /** Stands for `https://www.instagram.com`. */
  wwwUrl: string;
  /** Stands for `https://api.instagram.com`. */
  apiUrl: string;
  /** Stands for `https://graph.instagram.com`. */
  graphUrl: string;
  /**
   * Stands for Instagram's picture CDN (`https://scontent.cdninstagram.com`): serves a PNG at
   * `/v/t51.2885-19/<name>.png`, drawn from `<name>`. Point a user's `profilePictureUrl` there
   * for a picture a client can download.
   */
  cdnUrl: string;
  addApp(app: FakeApp): void;
  addUser(user: FakeUser): void;
  /** Queue a failure for the endpoint's next request; each request consumes one. */
  failNext(endpoint: FakeEndpoint, failure: FakeFailure): void;
  /** Invalidate every token issued so far to the user; their later use answers 190/460. */
  invalidateTokens(username: string, reason: 'password_changed'): void;
  /** As Meta does when the person removes the app: POSTs a signed_request to the deauthorize callback URL. */
  deauthorize(callback: ComplianceCallback): Promise<{ status: number; body: string }>;
  /** As Meta does when the person asks for their data to be deleted: POSTs to the data deletion URL. */
  requestDataDeletion(callback: ComplianceCallback): Promise<{ status: number; body: string }>;
  /** Every request received, oldest first (a live array). */
  requests: FakeRequestRecord[];
  close(): Promise<void>;
}

export interface StartFakeInstagramOptions {
  apps?: FakeApp[];
  users?: FakeUser[];
  /** Milliseconds clock for every lifetime (codes, tokens, refresh age); default `Date.now`. */
  now?: () => number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
}
