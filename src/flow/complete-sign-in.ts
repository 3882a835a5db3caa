import type { FastifyBaseLogger } from 'fastify';
import { randomToken } from '../crypto/random.js';
import { InstagramError, type InstagramFailure } from '../instagram/instagram-error.js';
import type { Store } from '../tenants/store-service.js';
import { eventBody, type AuthorizedData } from '../webhooks/events.js';
import type { FlowDeps } from './flow-deps.js';
import type { StartedFlow } from './flow-state.js';

export type SignInResult =
  | { outcome: 'delivered'; loginId: string }
  | { outcome: 'delivery_failed'; loginId: string; failure: 'delivery_failed' }
  | { outcome: 'instagram_error'; failure: InstagramFailure };

/**
 * The callback's work once Instagram has sent a code: code → short-lived
 * token → long-lived token → profile → `instagram.authorized` event, queued
 * in the outbox. A store that claims logins gets the browser back as soon as
 * the event is queued; any other store first accepts the webhook
 * (docs/contract.md §7).
 */
export async function completeSignIn(
  deps: FlowDeps,
  log: FastifyBaseLogger,
  flow: StartedFlow,
  store: Store,
  code: string,
): Promise<SignInResult> {
  const { appId, appSecret } = store.instagram;
  try {
    if (appId === null || appSecret === null) throw new InstagramError('invalid_app', 'oauth_access_token');
    const app = { appId, appSecret, api: flow.api };
    const redirectUri = deps.config.redirectUri;
    const shortLived = await deps.instagram.exchangeCode(app, { code, redirectUri });
    const longLived = await deps.instagram.exchangeForLongLived(app, shortLived.accessToken);
    const profile = await deps.instagram.fetchProfile(flow.api, longLived.accessToken);
    if (profile.username === null) throw new InstagramError('malformed_response', 'me');

    const now = deps.clock.now();
    const loginId = `lgn_${randomToken(24)}`;
    const data: AuthorizedData = {
      login_id: loginId,
      store: store.id,
      purpose: flow.purpose,
      state: flow.storeState,
      instagram_user_id: profile.userId ?? shortLived.userId,
      app_scoped_id: profile.id,
      username: profile.username,
      account_type: profile.accountType,
      name: profile.name,
      profile_picture_url: profile.profilePictureUrl,
      access_token: longLived.accessToken,
      token_type: 'bearer',
      expires_at: longLived.expiresIn === null ? null : new Date(now + longLived.expiresIn * 1000).toISOString(),
      scopes: shortLived.permissions ?? flow.scopes,
      api: flow.api,
    };
    // The store's own account: its token is kept so the relay can refresh it. A shopper's is not.
    if (flow.purpose === 'connect') await deps.accounts.keep(data);
    const target = deps.stores.deliveryTarget(store);
    const body = eventBody('instagram.authorized', data, now);
    const login = { loginId, claimableUntil: flow.expiresAt };
    if (store.loginDelivery === 'claim') {
      await deps.outbox.enqueueAndStart(target, 'instagram.authorized', body, login);
      return { outcome: 'delivered', loginId };
    }
    const { delivered } = await deps.outbox.enqueueAndSend(target, 'instagram.authorized', body, login);
    return delivered
      ? { outcome: 'delivered', loginId }
      : { outcome: 'delivery_failed', loginId, failure: 'delivery_failed' };
  } catch (error) {
    if (!(error instanceof InstagramError)) throw error;
    log.warn(
      { store: store.id, api: flow.api, endpoint: error.endpoint, kind: error.kind, ...error.details },
      'instagram refused the sign-in',
    );
    return { outcome: 'instagram_error', failure: error.kind };
  }
}
