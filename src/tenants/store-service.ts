import type { Clock } from '../clock.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { GENERATIONS, type ApiGeneration } from '../instagram/api-generations.js';
import type { LoginDelivery, Repository, SealedStore } from '../storage/repository.js';
import type { DeliveryTarget } from '../webhooks/outbox.js';
import type { StoreSettings, StoreView } from './schemas.js';
import {
  checkApi,
  checkAppId,
  checkAppSecret,
  checkReturnOrigins,
  checkScopes,
  checkStoreId,
  checkWebhookUrl,
  InvalidField,
} from './store-fields.js';
import { generateStoreSecret, storeSecretKey } from './store-secret.js';

/** A store opened for use: its secrets decrypted (the repository keeps them sealed: SealedStore). */
export interface Store {
  id: string;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: number | null;
  webhookUrl: string;
  /** Set when the webhook answered 410 Gone; setting the webhook URL again clears it. */
  webhookDisabledAt: number | null;
  returnOrigins: string[];
  loginDelivery: LoginDelivery;
  instagram: { appId: string | null; appSecret: string | null; api: ApiGeneration; scopes: string[] };
  createdAt: number;
  updatedAt: number;
}

/** The single store the STORE_* variables describe (config.ts checks them), in the admin API's settings shape. */
export interface BootstrapStore {
  readonly id: string;
  readonly secret: string;
  readonly webhook_url: string | undefined;
  readonly return_origins: readonly string[] | undefined;
  readonly instagram: {
    readonly app_id: string | undefined;
    readonly app_secret: string | undefined;
    readonly api: ApiGeneration;
    readonly scopes: readonly string[];
  };
}

/** After a rotation the previous secret stays valid this long (docs/contract.md §3). */
export const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;

/**
 * Decrypted stores are kept this long: every /authorize and /callback reads
 * one. Changes made through this process apply at once; another relay
 * instance sees them within this time.
 */
export const STORE_CACHE_MS = 2000;

/**
 * Stores: creation, partial updates, secret rotation, and the decrypted view
 * the flow needs. The admin API, the store API, the CLI and the single-store
 * bootstrap all go through here, so every rule holds once.
 */
export interface StoreService {
  get(id: string): Promise<Store | undefined>;
  list(): Promise<Store[]>;
  /** Creates the store, or updates the fields given; `created` says which. */
  put(id: string, settings: StoreSettings): Promise<{ store: Store; created: boolean }>;
  delete(id: string): Promise<boolean>;
  /** A new secret; the old one keeps working for ROTATION_OVERLAP_MS. */
  rotateSecret(id: string): Promise<Store | undefined>;
  /** Single-store bootstrap: the environment is the source of truth, secret included. */
  applyBootstrap(bootstrap: BootstrapStore): Promise<Store>;
  /** The HMAC keys a store signs with now: its secret, and the previous one during the overlap. */
  signingKeys(store: Store): Buffer[];
  /** Where and how the store's events are sent. */
  deliveryTarget(store: Store): DeliveryTarget;
  /** The store's webhook answered 410 Gone: nothing is sent to it until its URL is set again. */
  disableWebhook(id: string, at: number): Promise<void>;
  view(store: Store, options?: { withSecret?: boolean }): StoreView;
}

export function createStoreService(deps: {
  repo: Repository;
  box: SecretBox;
  clock: Clock;
  redirectUri: string;
  allowPrivateWebhooks: boolean;
  /** The User-Agent the store's webhooks carry. */
  webhookUserAgent: string;
}): StoreService {
  const { repo, box, clock } = deps;
  const context = storeFieldContext;
  const cache = new Map<string, { store: Store; until: number }>();

  function open(row: SealedStore): Store {
    return {
      id: row.id,
      secret: box.open(row.secret, context(row.id, 'secret')),
      previousSecret:
        row.previousSecret === null ? null : box.open(row.previousSecret, context(row.id, 'previous_secret')),
      previousSecretExpiresAt: row.previousSecretExpiresAt,
      webhookUrl: row.webhookUrl,
      webhookDisabledAt: row.webhookDisabledAt,
      returnOrigins: row.returnOrigins,
      loginDelivery: row.loginDelivery,
      instagram: {
        appId: row.igAppId,
        appSecret: row.igAppSecret === null ? null : box.open(row.igAppSecret, context(row.id, 'app_secret')),
        api: row.igApi,
        scopes: row.igScopes,
      },
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  function seal(store: Store): SealedStore {
    const sealed = (value: string | null, field: 'previous_secret' | 'app_secret') =>
      value === null ? null : box.seal(value, context(store.id, field));
    return {
      id: store.id,
      secret: box.seal(store.secret, context(store.id, 'secret')),
      previousSecret: sealed(store.previousSecret, 'previous_secret'),
      previousSecretExpiresAt: store.previousSecretExpiresAt,
      webhookUrl: store.webhookUrl,
      returnOrigins: store.returnOrigins,
      igAppId: store.instagram.appId,
      igAppSecret: sealed(store.instagram.appSecret, 'app_secret'),
      igApi: store.instagram.api,
      igScopes: store.instagram.scopes,
      webhookDisabledAt: store.webhookDisabledAt,
      loginDelivery: store.loginDelivery,
      createdAt: store.createdAt,
      updatedAt: store.updatedAt,
    };
  }

  /** Applies validated settings over `base`; fields left out keep their value. */
  function merge(base: Store, settings: StoreSettings): Store {
    const ig = settings.instagram ?? {};
    const api = ig.api === undefined ? base.instagram.api : checkApi(ig.api);
    // Switching API generation without naming scopes takes the new generation's defaults.
    const scopes =
      ig.scopes ?? (api === base.instagram.api ? base.instagram.scopes : [...GENERATIONS[api].defaultScopes]);
    return {
      ...base,
      webhookUrl:
        settings.webhook_url === undefined
          ? base.webhookUrl
          : checkWebhookUrl(settings.webhook_url, { allowPrivate: deps.allowPrivateWebhooks }),
      webhookDisabledAt: settings.webhook_url === undefined ? base.webhookDisabledAt : null,
      returnOrigins:
        settings.return_origins === undefined ? base.returnOrigins : checkReturnOrigins(settings.return_origins),
      loginDelivery: settings.login_delivery ?? base.loginDelivery,
      instagram: {
        appId: ig.app_id === undefined ? base.instagram.appId : checkAppId(ig.app_id),
        appSecret: ig.app_secret === undefined ? base.instagram.appSecret : checkAppSecret(ig.app_secret),
        api,
        scopes: checkScopes(api, scopes),
      },
      updatedAt: clock.now(),
    };
  }

  function blank(id: string, secret: string): Store {
    const now = clock.now();
    return {
      id: checkStoreId(id),
      secret,
      previousSecret: null,
      previousSecretExpiresAt: null,
      webhookUrl: '',
      webhookDisabledAt: null,
      returnOrigins: [],
      loginDelivery: 'webhook',
      instagram: {
        appId: null,
        appSecret: null,
        api: 'instagram-login',
        scopes: [...GENERATIONS['instagram-login'].defaultScopes],
      },
      createdAt: now,
      updatedAt: now,
    };
  }

  async function get(id: string): Promise<Store | undefined> {
    const now = clock.now();
    const cached = cache.get(id);
    if (cached !== undefined && cached.until > now) return cached.store;
    const row = await repo.getStore(id);
    if (row === undefined) {
      cache.delete(id);
      return undefined;
    }
    const store = open(row);
    cache.set(id, { store, until: now + STORE_CACHE_MS });
    return store;
  }

  async function create(id: string, settings: StoreSettings, secret = generateStoreSecret()): Promise<Store> {
    if (settings.webhook_url === undefined) throw new InvalidField('webhook_url', 'required for a new store');
    if (settings.return_origins === undefined) throw new InvalidField('return_origins', 'required for a new store');
    const store = merge(blank(id, secret), settings);
    if (!(await repo.insertStore(seal(store))))
      throw new InvalidField('id', 'a store with this id was created meanwhile');
    cache.delete(id);
    return store;
  }

  async function save(store: Store): Promise<Store> {
    await repo.updateStore(seal(store));
    cache.delete(store.id);
    return store;
  }

  function signingKeys(store: Store): Buffer[] {
    const keys = keysOf(store);
    const overlap = keys.previous !== undefined && (store.previousSecretExpiresAt ?? 0) > clock.now();
    return overlap ? [keys.current, keys.previous as Buffer] : [keys.current];
  }

  return {
    get,
    async list(): Promise<Store[]> {
      return (await repo.listStores()).map(open);
    },

    async put(id: string, settings: StoreSettings): Promise<{ store: Store; created: boolean }> {
      const existing = await get(id);
      if (existing === undefined) return { store: await create(id, settings), created: true };
      return { store: await save(merge(existing, settings)), created: false };
    },

    async delete(id: string): Promise<boolean> {
      const deleted = await repo.deleteStore(id);
      cache.delete(id);
      return deleted;
    },

    async rotateSecret(id: string): Promise<Store | undefined> {
      const existing = await get(id);
      if (existing === undefined) return undefined;
      return save(withSecret(existing, generateStoreSecret(), clock.now()));
    },

    async applyBootstrap(bootstrap: BootstrapStore): Promise<Store> {
      const { id, secret, instagram } = bootstrap;
      const rest: StoreSettings = {
        webhook_url: bootstrap.webhook_url,
        return_origins: bootstrap.return_origins && [...bootstrap.return_origins],
        instagram: { ...instagram, scopes: [...instagram.scopes] },
      };
      const existing = await get(id);
      if (existing === undefined) return create(id, rest, secret);
      const rotated = existing.secret === secret ? existing : withSecret(existing, secret, clock.now());
      return save(merge(rotated, rest));
    },

    signingKeys,

    deliveryTarget(store: Store): DeliveryTarget {
      return {
        storeId: store.id,
        webhookUrl: store.webhookUrl,
        keys: signingKeys(store),
        disabled: store.webhookDisabledAt !== null,
      };
    },

    async disableWebhook(id: string, at: number): Promise<void> {
      await repo.disableWebhook(id, at);
      cache.delete(id);
    },

    view(store: Store, options: { withSecret?: boolean } = {}): StoreView {
      const iso = (ms: number) => new Date(ms).toISOString();
      const overlapActive = store.previousSecretExpiresAt !== null && store.previousSecretExpiresAt > clock.now();
      return {
        id: store.id,
        ...(options.withSecret ? { secret: store.secret } : {}),
        webhook_url: store.webhookUrl,
        webhook_disabled_at: store.webhookDisabledAt === null ? null : iso(store.webhookDisabledAt),
        return_origins: store.returnOrigins,
        login_delivery: store.loginDelivery,
        webhook_user_agent: deps.webhookUserAgent,
        redirect_uri: deps.redirectUri,
        instagram: {
          app_id: store.instagram.appId,
          app_secret_set: store.instagram.appSecret !== null,
          api: store.instagram.api,
          scopes: store.instagram.scopes,
        },
        previous_secret_expires_at: overlapActive ? iso(store.previousSecretExpiresAt as number) : null,
        created_at: iso(store.createdAt),
        updated_at: iso(store.updatedAt),
      };
    },
  };
}

/** Binds a sealed store field to its store and column, so values cannot be swapped between rows. */
export function storeFieldContext(id: string, field: 'secret' | 'previous_secret' | 'app_secret'): string {
  return `store:${id}:${field}`;
}

/** Decoded HMAC keys, once per (immutable) store object. */
const decodedKeys = new WeakMap<Store, { current: Buffer; previous: Buffer | undefined }>();

function keysOf(store: Store): { current: Buffer; previous: Buffer | undefined } {
  let keys = decodedKeys.get(store);
  if (keys === undefined) {
    const current = storeSecretKey(store.secret);
    // Secrets are checked when they are set; a malformed one here means the database was edited by hand.
    if (current === undefined) throw new Error(`store ${store.id} has a malformed secret`);
    keys = { current, previous: store.previousSecret === null ? undefined : storeSecretKey(store.previousSecret) };
    decodedKeys.set(store, keys);
  }
  return keys;
}

function withSecret(store: Store, secret: string, now: number): Store {
  return {
    ...store,
    secret,
    previousSecret: store.secret,
    previousSecretExpiresAt: now + ROTATION_OVERLAP_MS,
    updatedAt: now,
  };
}
