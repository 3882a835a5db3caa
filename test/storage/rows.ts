import type { ConnectedAccountRow, ConsumedFlow, OutboxRow, SealedStore } from '../../src/storage/repository.js';

/** Rows as the storage suites write them: every field set, `patch` overriding. */
export const T0 = Date.UTC(2026, 10, 29, 12);
export const DAY = 24 * 60 * 60 * 1000;
export const store = (id: string, patch: Partial<SealedStore> = {}): SealedStore => ({
  id,
  secret: 'sealed-secret',
  previousSecret: null,
  previousSecretExpiresAt: null,
  webhookUrl: 'https://shop.example/hook',
  returnOrigins: ['https://shop.example'],
  igAppId: '1234567890',
  igAppSecret: 'sealed-app-secret',
  igApi: 'instagram-login',
  igScopes: ['instagram_business_basic'],
  webhookDisabledAt: null,
  loginDelivery: 'webhook',
  createdAt: T0,
  updatedAt: T0,
  ...patch,
});
export const flow = (key: string, patch: Partial<ConsumedFlow> = {}): ConsumedFlow => ({
  key,
  storeId: 'shop-1',
  purpose: 'login',
  api: 'instagram-login',
  scopes: ['instagram_business_basic'],
  returnTo: 'https://shop.example/account',
  storeState: 'nonce',
  createdAt: T0,
  expiresAt: T0 + 600_000,
  ...patch,
});
export const event = (id: string, patch: Partial<OutboxRow> = {}): OutboxRow => ({
  id,
  storeId: 'shop-1',
  type: 'instagram.authorized',
  body: 'sealed-body',
  status: 'pending',
  attempts: 0,
  createdAt: T0,
  lastAttemptAt: null,
  lastStatus: null,
  lastError: null,
  deliveredAt: null,
  nextAttemptAt: T0,
  retryStep: 0,
  loginId: null,
  claimableUntil: null,
  deliveredVia: null,
  ...patch,
});
export const account = (storeId: string, patch: Partial<ConnectedAccountRow> = {}): ConnectedAccountRow => ({
  storeId,
  instagramUserId: '17841400000000001',
  username: 'lumen.coffee',
  api: 'instagram-login',
  accessToken: 'sealed-token',
  issuedAt: T0,
  expiresAt: T0 + 60 * DAY,
  nextRefreshAt: T0 + 30 * DAY,
  refreshFailures: 0,
  lastError: null,
  status: 'active',
  updatedAt: T0,
  ...patch,
});
