import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { authorizeUrl } from '../../flow/authorize-link.js';
import type { Purpose } from '../../storage/repository.js';
import { signStoreRequest } from '../../tenants/store-request-signature.js';
import { storeSecretKey } from '../../tenants/store-secret.js';
import type { AuthorizedData } from '../../webhooks/events.js';
import { verifyWebhook } from '../../webhooks/signature.js';
import { homePage, resultPage, type ReceivedEvent } from './pages.js';

/**
 * A tiny store that does what the WordPress plugin does, for the demo and
 * the tests: it signs /authorize links, keeps a nonce cookie per sign-in,
 * verifies the relay's webhooks (Standard Webhooks), and completes the sign-in
 * only when `igr_login`, the webhook and the nonce cookie all agree.
 */
export interface DemoStoreOptions {
  relayUrl: string;
  storeId: string;
  storeSecret: string;
  /** The URL browsers use for this store (its origin is registered with the relay). */
  publicUrl: string;
}

const NONCE_COOKIE = 'demo_store_nonce_';
const NONCE_MAX_AGE_SECONDS = 600;

export function createDemoStore(options: DemoStoreOptions): FastifyInstance {
  const key = storeSecretKey(options.storeSecret);
  if (key === undefined) throw new Error('createDemoStore: storeSecret must be a whsec_ secret');
  const app = Fastify();
  /** Verified events by login id, and the webhook ids already seen (replays are ignored). */
  const events = new Map<string, ReceivedEvent>();
  const seenIds = new Set<string>();

  void app.register(fastifyCookie);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(homePage([...events.values()])));

  const start = (purpose: Purpose) => async (_request: unknown, reply: FastifyReply) => {
    const state = randomBytes(16).toString('base64url');
    reply.setCookie(NONCE_COOKIE + state, '1', {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: NONCE_MAX_AGE_SECONDS,
    });
    const link = authorizeUrl(options.relayUrl, key, {
      store: options.storeId,
      purpose,
      return_to: `${options.publicUrl}/return`,
      state,
      exp: Math.floor(Date.now() / 1000) + 300,
    });
    return reply.redirect(link, 302);
  };
  app.get('/login/instagram', start('login'));
  app.get('/connect/instagram', start('connect'));

  app.post('/webhooks/instagram', async (request, reply) => {
    const body = request.body as string;
    const verdict = verifyWebhook(
      [key],
      request.headers as Record<string, string>,
      body,
      Math.floor(Date.now() / 1000),
    );
    if (verdict !== 'valid') return reply.code(401).send({ error: verdict });
    const id = request.headers['webhook-id'] as string;
    if (seenIds.has(id)) return reply.code(204).send();
    seenIds.add(id);
    const event = JSON.parse(body) as { type: string; data: AuthorizedData };
    if (event.type === 'instagram.authorized') {
      events.set(event.data.login_id, { webhookId: id, receivedAt: new Date(), data: event.data });
    }
    return reply.code(204).send();
  });

  app.get('/return', async (request, reply) => {
    const query = request.query as Record<string, string | undefined>;
    const state = query.igr_state ?? '';
    const hasNonce = /^[A-Za-z0-9_-]{1,64}$/.test(state) && request.cookies[NONCE_COOKIE + state] === '1';
    reply.clearCookie(NONCE_COOKIE + state, { path: '/' }).type('text/html; charset=utf-8');
    if (!hasNonce) return reply.code(400).send(resultPage({ kind: 'error', error: 'no_nonce' }));
    if (query.igr_error !== undefined) {
      const advice = query.igr_error === 'instagram_error' ? await latestAdvice() : undefined;
      return reply.send(resultPage({ kind: 'error', error: query.igr_error, advice }));
    }
    const event = events.get(query.igr_login ?? '');
    // The browser's igr_login counts only with the matching webhook, for this very sign-in.
    if (event === undefined || event.data.state !== state) {
      return reply.code(400).send(resultPage({ kind: 'error', error: 'unknown_login' }));
    }
    events.delete(event.data.login_id);
    return reply.send(resultPage({ kind: 'signed-in', event }));
  });

  /** What the relay tells the store admin about the latest failure (the store API, signed with the store secret). */
  async function latestAdvice(): Promise<string | undefined> {
    const path = '/v1/store';
    const headers = signStoreRequest(key as Buffer, {
      store: options.storeId,
      requestId: randomBytes(16).toString('base64url'),
      timestamp: Math.floor(Date.now() / 1000),
      method: 'GET',
      path,
      body: '',
    });
    const response = await fetch(`${options.relayUrl}${path}`, { headers });
    if (!response.ok) return undefined;
    const status = (await response.json()) as { recent_failures: { advice: string }[] };
    return status.recent_failures[0]?.advice;
  }

  return app;
}
