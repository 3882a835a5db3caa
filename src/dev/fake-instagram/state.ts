/**
 * Everything the fake remembers: apps, users, outstanding codes, issued
 * tokens, queued failures and the request log. All lifetimes are measured
 * with the injected clock so tests move time instead of sleeping.
 */
import { checkUser, resolveApp } from './config-validation.js';
import type { ResolvedApp } from './config-validation.js';
import { newAccessToken, newAuthorizationCode } from './ids.js';
import type { FakeEndpoint, FakeFailure, FakeRequestRecord, FakeUser } from './types.js';

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** Codes live 1 hour and are single use (business-login page). */
export const CODE_TTL_MS = HOUR;
/** Short-lived tokens live 1 hour (business-login page). */
export const SHORT_LIVED_TTL_MS = HOUR;
/** Long-lived tokens live 60 days, also after a refresh (reference/access_token). */
export const LONG_LIVED_TTL_MS = 60 * DAY;
/** A long-lived token can be refreshed once it is 24 hours old (reference/refresh_access_token). */
export const REFRESH_MIN_AGE_MS = DAY;

export interface AuthorizationGrant {
  readonly appId: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly scopes: readonly string[];
  readonly expiresAt: number;
}

export interface IssuedToken {
  readonly kind: 'short_lived' | 'long_lived';
  readonly appId: string;
  readonly username: string;
  readonly scopes: readonly string[];
  readonly issuedAt: number;
  readonly expiresAt: number;
  invalidated: 'password_changed' | null;
}

export class FakeState {
  readonly now: () => number;
  /** Shared with the FakeInstagram handle, so callers see it grow. */
  readonly requests: FakeRequestRecord[] = [];
  readonly #apps = new Map<string, ResolvedApp>();
  readonly #users = new Map<string, FakeUser>();
  readonly #codes = new Map<string, AuthorizationGrant>();
  readonly #tokens = new Map<string, IssuedToken>();
  readonly #failures = new Map<FakeEndpoint, FakeFailure[]>();

  constructor(now: () => number) {
    this.now = now;
  }

  /** Registers an app, replacing one with the same ID. */
  addApp(input: unknown): void {
    const app = resolveApp(input);
    this.#apps.set(app.appId, app);
  }

  app(appId: string | undefined): ResolvedApp | undefined {
    return appId === undefined ? undefined : this.#apps.get(appId);
  }

  /** Registers a user, replacing one with the same username. */
  addUser(input: unknown): void {
    const user = checkUser(input);
    this.#users.set(user.username, user);
  }

  user(username: string | undefined): FakeUser | undefined {
    return username === undefined ? undefined : this.#users.get(username);
  }

  users(): FakeUser[] {
    return [...this.#users.values()];
  }

  /**
   * Standard Access only serves accounts with a role on the app
   * (https://developers.facebook.com/docs/instagram-platform/overview).
   */
  lacksRole(app: ResolvedApp, username: string): boolean {
    return app.accessLevel === 'standard' && !app.testers.has(username);
  }

  issueCode(grant: Omit<AuthorizationGrant, 'expiresAt'>): string {
    const code = newAuthorizationCode();
    this.#codes.set(code, { ...grant, scopes: [...grant.scopes], expiresAt: this.now() + CODE_TTL_MS });
    return code;
  }

  /** The grant behind an unused, unexpired code; undefined otherwise. */
  usableCode(code: string | undefined): AuthorizationGrant | undefined {
    const grant = code === undefined ? undefined : this.#codes.get(code);
    if (grant === undefined || this.now() >= grant.expiresAt) return undefined;
    return grant;
  }

  consumeCode(code: string): void {
    this.#codes.delete(code);
  }

  issueToken(kind: IssuedToken['kind'], app: ResolvedApp, username: string, scopes: readonly string[]): string {
    const token = newAccessToken(app.mode === 'business' ? 'IGAA' : 'IGQVJ');
    const issuedAt = this.now();
    const ttl = kind === 'short_lived' ? SHORT_LIVED_TTL_MS : LONG_LIVED_TTL_MS;
    this.#tokens.set(token, {
      kind,
      appId: app.appId,
      username,
      scopes,
      issuedAt,
      expiresAt: issuedAt + ttl,
      invalidated: null,
    });
    return token;
  }

  token(value: string | undefined): IssuedToken | undefined {
    return value === undefined ? undefined : this.#tokens.get(value);
  }

  /** Tokens issued later are not affected, as after a real password change and a new login. */
  invalidateTokens(username: string, reason: 'password_changed'): void {
    for (const token of this.#tokens.values()) {
      if (token.username === username) token.invalidated = reason;
    }
  }

  failNext(endpoint: FakeEndpoint, failure: FakeFailure): void {
    const queue = this.#failures.get(endpoint) ?? [];
    queue.push(failure);
    this.#failures.set(endpoint, queue);
  }

  takeFailure(endpoint: FakeEndpoint): FakeFailure | undefined {
    return this.#failures.get(endpoint)?.shift();
  }
}
