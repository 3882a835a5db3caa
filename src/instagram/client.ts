import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { StreamOptions } from 'got';
import { outboundClient, type Answer } from '../outbound/exchange.js';
import { GENERATIONS, type ApiGeneration } from './api-generations.js';
import { classify, InstagramError, readErrorBody, type InstagramEndpoint } from './instagram-error.js';
import { parseJsonLosslessly } from './lossless-json.js';
import {
  readLongLivedToken,
  readProfile,
  readShortLivedToken,
  type LongLivedToken,
  type Profile,
  type ShortLivedToken,
} from './responses.js';

/**
 * The Instagram client: the authorization URL, the three token calls and the
 * profile, for both API generations. It knows nothing of Fastify or storage.
 * Secrets travel only where Instagram requires them (form bodies and the
 * server-to-server query strings of graph.instagram.com) and never into errors.
 */
export interface InstagramApp {
  appId: string;
  appSecret: string;
  api: ApiGeneration;
}

export interface InstagramClientOptions {
  wwwUrl: string;
  apiUrl: string;
  graphUrl: string;
  graphVersion: string;
  timeoutMs: number;
  userAgent: string;
  /** Told of every call: its endpoint, `ok` or the failure kind, and how long it took. */
  observe?: (endpoint: InstagramEndpoint, outcome: string, seconds: number) => void;
}

export interface InstagramClient {
  /** The authorization window for this app: www.instagram.com for Instagram Login, api.instagram.com for Basic Display. */
  authorizeUrl(app: InstagramApp, params: { redirectUri: string; scopes: readonly string[]; state: string }): string;
  /** Code → short-lived token. https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login */
  exchangeCode(app: InstagramApp, params: { code: string; redirectUri: string }): Promise<ShortLivedToken>;
  /** Short-lived → long-lived (60 days). https://developers.facebook.com/docs/instagram-platform/reference/access_token */
  exchangeForLongLived(app: InstagramApp, shortLivedToken: string): Promise<LongLivedToken>;
  /** A long-lived token at least 24 h old → a new one valid 60 days. https://developers.facebook.com/docs/instagram-platform/reference/refresh_access_token */
  refreshLongLived(longLivedToken: string): Promise<LongLivedToken>;
  /** The profile fields each generation offers (never email: Instagram has none to give). */
  fetchProfile(api: ApiGeneration, accessToken: string): Promise<Profile>;
}

/** Characters a query value may hold as they are. */
const URL_SAFE = /^[A-Za-z0-9_.~-]*$/;

/** Instagram's answers are a few hundred bytes; anything past this is not one of them. */
const MAX_ANSWER_BYTES = 256 * 1024;

export function createInstagramClient(options: InstagramClientOptions): InstagramClient {
  const exchange = outboundClient({
    agent: { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) },
    timeout: { connect: Math.min(5000, options.timeoutMs), request: options.timeoutMs },
    // The code exchange is single-use and must never be repeated blindly; the other
    // calls are cheap to retry from the browser, so none is retried here.
    retry: { limit: 0 },
    followRedirect: false,
    throwHttpErrors: false,
    headers: { 'user-agent': options.userAgent, accept: 'application/json' },
  });

  async function call<T>(
    endpoint: InstagramEndpoint,
    url: string,
    request: StreamOptions,
    read: (body: unknown) => T | undefined,
  ): Promise<T> {
    if (options.observe === undefined) return exchangeAndRead(endpoint, url, request, read);
    const started = performance.now();
    let outcome = 'ok';
    try {
      return await exchangeAndRead(endpoint, url, request, read);
    } catch (error) {
      outcome = error instanceof InstagramError ? error.kind : 'other';
      throw error;
    } finally {
      options.observe(endpoint, outcome, (performance.now() - started) / 1000);
    }
  }

  async function exchangeAndRead<T>(
    endpoint: InstagramEndpoint,
    url: string,
    request: StreamOptions,
    read: (body: unknown) => T | undefined,
  ): Promise<T> {
    let response: Answer;
    try {
      response = await exchange(url, { ...request, maxBytes: MAX_ANSWER_BYTES });
    } catch (error) {
      const timedOut = (error as { code?: string }).code === 'ETIMEDOUT';
      throw new InstagramError(timedOut ? 'timeout' : 'unavailable', endpoint);
    }
    let body: unknown;
    try {
      body = parseJsonLosslessly(response.body);
    } catch {
      throw new InstagramError(response.status >= 500 ? 'unavailable' : 'malformed_response', endpoint, {
        status: response.status,
      });
    }
    // Some errors arrive with a 200 status; an error body wins over the status.
    const error = readErrorBody(body);
    if (error !== undefined || response.status < 200 || response.status >= 300) {
      if (error === undefined) {
        const kind = response.status >= 500 ? 'unavailable' : 'malformed_response';
        throw new InstagramError(kind, endpoint, { status: response.status });
      }
      throw new InstagramError(classify(error), endpoint, {
        status: response.status,
        igCode: error.code,
        igSubcode: error.subcode,
        igType: error.type,
        igMessage: tidy(error.message),
      });
    }
    const value = read(body);
    if (value === undefined) throw new InstagramError('malformed_response', endpoint, { status: response.status });
    return value;
  }

  return {
    authorizeUrl(app: InstagramApp, params: { redirectUri: string; scopes: readonly string[]; state: string }): string {
      const base = GENERATIONS[app.api].authorizeBase === 'www' ? options.wwwUrl : options.apiUrl;
      const query = new URLSearchParams({
        client_id: app.appId,
        redirect_uri: params.redirectUri,
        response_type: 'code',
        scope: params.scopes.join(','),
      });
      // The state (a few hundred characters of base64url) is appended on its own, as it is when it
      // needs no escaping: encoding it costs more than the rest of /authorize's string work.
      const state = URL_SAFE.test(params.state) ? params.state : encodeURIComponent(params.state);
      return `${base}/oauth/authorize?${query.toString()}&state=${state}`;
    },

    exchangeCode(app: InstagramApp, params: { code: string; redirectUri: string }): Promise<ShortLivedToken> {
      const form = {
        client_id: app.appId,
        client_secret: app.appSecret,
        grant_type: 'authorization_code',
        redirect_uri: params.redirectUri,
        code: params.code,
      };
      return call(
        'oauth_access_token',
        `${options.apiUrl}/oauth/access_token`,
        { method: 'POST', form },
        readShortLivedToken,
      );
    },

    exchangeForLongLived(app: InstagramApp, shortLivedToken: string): Promise<LongLivedToken> {
      const searchParams = {
        grant_type: 'ig_exchange_token',
        client_secret: app.appSecret,
        access_token: shortLivedToken,
      };
      return call('access_token', `${options.graphUrl}/access_token`, { searchParams }, readLongLivedToken);
    },

    refreshLongLived(longLivedToken: string): Promise<LongLivedToken> {
      const searchParams = { grant_type: 'ig_refresh_token', access_token: longLivedToken };
      return call(
        'refresh_access_token',
        `${options.graphUrl}/refresh_access_token`,
        { searchParams },
        readLongLivedToken,
      );
    },

    async fetchProfile(api: ApiGeneration, accessToken: string): Promise<Profile> {
      const searchParams = { fields: GENERATIONS[api].profileFields.join(','), access_token: accessToken };
      const profile = await call('me', `${options.graphUrl}/${options.graphVersion}/me`, { searchParams }, readProfile);
      // Instagram Login serves only Business and Creator accounts
      // (https://developers.facebook.com/docs/instagram-platform/overview).
      if (api === 'instagram-login' && profile.accountType?.toUpperCase() === 'PERSONAL') {
        throw new InstagramError('not_professional', 'me');
      }
      return profile;
    },
  };
}

/** Instagram's own words, kept for logs and the admin: one line, bounded. */
function tidy(message: string): string {
  return message.replace(/[\u0000-\u001f\u007f]+/g, ' ').slice(0, 300);
}
