import type { FastifyBaseLogger } from 'fastify';
import { pollLoop, type PollLoop } from '../background/poll-loop.js';
import type { Clock } from '../clock.js';
import type { InstagramClient } from '../instagram/client.js';
import { adviceFor } from '../instagram/failure-advice.js';
import { InstagramError, type InstagramFailure } from '../instagram/instagram-error.js';
import type { AccountRefresh, ConnectedAccountRow, OutboxRow, Repository } from '../storage/repository.js';
import { eventBody } from '../webhooks/events.js';
import type { Outbox } from '../webhooks/outbox.js';
import type { ConnectedAccounts } from './connected-accounts.js';
import { refreshDueAt, retryRefreshAt } from './refresh-schedule.js';

/**
 * Keeps connected accounts' tokens alive: when one is due, refreshes it with
 * Instagram and queues `instagram.token_refreshed` with the new token; when
 * Instagram says the token is dead (code 190), or refreshing keeps failing
 * until the retries or the token run out, queues
 * `instagram.token_refresh_failed` so the store asks its admin to reconnect.
 * The account and its event are written together; the delivery worker sends
 * the event. Any number of instances may run it (claims, as for deliveries).
 */
export interface TokenRefresher extends PollLoop {
  /** Claims one batch of due accounts and refreshes them one by one; resolves how many there were. */
  runOnce(): Promise<number>;
}

export function createTokenRefresher(deps: {
  repo: Repository;
  accounts: ConnectedAccounts;
  instagram: InstagramClient;
  outbox: Outbox;
  clock: Clock;
  log: FastifyBaseLogger;
  instanceId: string;
  redirectUri: string;
  /** Told when an event was queued, so it goes out at once. */
  onEventQueued: () => void;
  /** Told of every refresh's outcome. */
  onRefresh?: (outcome: 'refreshed' | 'retrying' | 'failed') => void;
  random?: () => number;
  batchSize: number;
  idleMs: number;
}): TokenRefresher {
  const { repo, accounts, instagram, outbox, clock, log } = deps;
  const random = deps.random ?? Math.random;
  /** A claim outlives one refresh call (Instagram's timeout) by far. */
  const leaseMs = 5 * 60 * 1000;

  async function refresh(account: ConnectedAccountRow): Promise<void> {
    const now = clock.now();
    let result: { refresh: AccountRefresh; event: OutboxRow | null };
    try {
      const token = await instagram.refreshLongLived(accounts.openToken(account));
      const expiresAt = token.expiresIn === null ? null : now + token.expiresIn * 1000;
      const data = {
        store: account.storeId,
        instagram_user_id: account.instagramUserId,
        username: account.username,
        access_token: token.accessToken,
        token_type: 'bearer' as const,
        expires_at: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      };
      result = {
        refresh: {
          accessToken: accounts.sealToken(account.storeId, token.accessToken),
          issuedAt: now,
          expiresAt,
          nextRefreshAt: refreshDueAt(now, expiresAt, random),
          refreshFailures: 0,
          lastError: null,
          status: 'active',
          updatedAt: now,
        },
        event: outbox.newEvent(
          account.storeId,
          'instagram.token_refreshed',
          eventBody('instagram.token_refreshed', data, now),
        ),
      };
      log.info({ store: account.storeId }, 'connected account token refreshed');
    } catch (error) {
      if (!(error instanceof InstagramError)) throw error;
      result = failed(account, error.kind, now);
      log.warn({ store: account.storeId, kind: error.kind, ...error.details }, 'token refresh failed');
    }
    deps.onRefresh?.(
      result.refresh.refreshFailures === 0 ? 'refreshed' : result.refresh.status === 'active' ? 'retrying' : 'failed',
    );
    if (!(await repo.finishRefresh(account.storeId, deps.instanceId, result.refresh, result.event))) {
      log.warn({ store: account.storeId }, 'a token refresh outlived its claim; another instance owns it now');
    } else if (result.event !== null) {
      deps.onEventQueued();
    }
  }

  function failed(account: ConnectedAccountRow, kind: InstagramFailure, now: number) {
    const failures = account.refreshFailures + 1;
    // Code 190: the token is expired or revoked; no retry can bring it back.
    const retryAt = kind === 'token_invalid' ? null : retryRefreshAt(failures, now, account.expiresAt);
    const refresh: AccountRefresh = {
      accessToken: account.accessToken,
      issuedAt: account.issuedAt,
      expiresAt: account.expiresAt,
      nextRefreshAt: retryAt,
      refreshFailures: failures,
      lastError: kind,
      status: retryAt === null ? 'refresh_failed' : 'active',
      updatedAt: now,
    };
    if (retryAt !== null) return { refresh, event: null };
    const data = {
      store: account.storeId,
      instagram_user_id: account.instagramUserId,
      username: account.username,
      reason: kind,
      message:
        `The relay could not refresh the access token of @${account.username}: ` +
        `${adviceFor(kind, { redirectUri: deps.redirectUri, api: account.api })} ` +
        'Connect the account again from the plugin settings.',
    };
    const type = 'instagram.token_refresh_failed';
    return { refresh, event: outbox.newEvent(account.storeId, type, eventBody(type, data, now)) };
  }

  async function runOnce(): Promise<number> {
    const now = clock.now();
    const due = await repo.claimDueRefreshes({ owner: deps.instanceId, until: now + leaseMs }, now, deps.batchSize);
    for (const account of due) {
      try {
        await refresh(account);
      } catch (error) {
        log.error(
          { err: error, store: account.storeId },
          'token refresh failed unexpectedly; retried once its claim expires',
        );
      }
    }
    return due.length;
  }

  return { runOnce, ...pollLoop('token refreshes', runOnce, { idleMs: deps.idleMs, log }) };
}
