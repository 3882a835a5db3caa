import type { Clock } from '../clock.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { ConnectedAccountRow, Repository } from '../storage/repository.js';
import type { AuthorizedData } from '../webhooks/events.js';
import { refreshDueAt } from './refresh-schedule.js';

/**
 * A store's own Instagram account (purpose=connect): the relay keeps its
 * long-lived token, sealed, so it can refresh it before it expires. Tokens
 * from shopper sign-ins (purpose=login) are never kept here.
 */
export interface ConnectedAccounts {
  /** Keeps (or replaces) the store's connected account from a completed connect flow. */
  keep(data: AuthorizedData): Promise<void>;
  sealToken(storeId: string, token: string): string;
  openToken(account: ConnectedAccountRow): string;
}

export function createConnectedAccounts(deps: {
  repo: Repository;
  box: SecretBox;
  clock: Clock;
  random?: () => number;
}): ConnectedAccounts {
  const { repo, box, clock } = deps;
  const random = deps.random ?? Math.random;
  return {
    async keep(data: AuthorizedData): Promise<void> {
      const now = clock.now();
      const expiresAt = data.expires_at === null ? null : Date.parse(data.expires_at);
      await repo.saveConnectedAccount({
        storeId: data.store,
        instagramUserId: data.instagram_user_id,
        username: data.username,
        api: data.api,
        accessToken: box.seal(data.access_token, tokenContext(data.store)),
        issuedAt: now,
        expiresAt,
        nextRefreshAt: refreshDueAt(now, expiresAt, random),
        refreshFailures: 0,
        lastError: null,
        status: 'active',
        updatedAt: now,
      });
    },

    sealToken(storeId: string, token: string): string {
      return box.seal(token, tokenContext(storeId));
    },

    openToken(account: ConnectedAccountRow): string {
      return box.open(account.accessToken, tokenContext(account.storeId));
    },
  };
}

/** Binds a sealed token to its store. */
export function tokenContext(storeId: string): string {
  return `account:${storeId}:token`;
}
