/**
 * Peer for `/authorize`: @fastify/oauth2's start redirect, as a store owner
 * would wire Instagram by hand — its own random state in a signed cookie
 * (@fastify/cookie), a 302 to the authorization window — with Fastify's
 * defaults (logger off).
 *
 * Env: PORT, COOKIE_SECRET. Stops on SIGTERM.
 */
import fastifyCookie from '@fastify/cookie';
import fastifyOauth2 from '@fastify/oauth2';
import Fastify from 'fastify';
import { serveUntilSignalled } from './serve.js';

const cookieSecret = process.env['COOKIE_SECRET'] ?? '';
if (cookieSecret.length < 32) throw new Error('fastify-oauth2: COOKIE_SECRET of 32+ characters required');

const app = Fastify();
await app.register(fastifyCookie, { secret: [cookieSecret] });
await app.register(fastifyOauth2, {
  name: 'instagram',
  scope: ['instagram_business_basic'],
  credentials: {
    client: { id: '1234567890', secret: 'bench-app-secret' },
    auth: { authorizeHost: 'http://127.0.0.1:1', authorizePath: '/oauth/authorize', tokenHost: 'http://127.0.0.1:1' },
  },
  startRedirectPath: '/authorize',
  callbackUri: 'http://127.0.0.1:1/callback',
  cookie: { signed: true, secure: false, path: '/' },
});

await serveUntilSignalled(app);
