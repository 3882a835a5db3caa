/**
 * Peer for `/authorize`: a bare Fastify route doing the least any start
 * redirect must do — a random 32-byte state, a signed browser cookie
 * (@fastify/cookie, the same kind of secret as the relay's COOKIE_SECRET) and
 * a 302 — with Fastify's defaults (logger off), no link check, no hooks.
 *
 * Env: PORT, COOKIE_SECRET. Stops on SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { serveUntilSignalled } from './serve.js';

const cookieSecret = process.env['COOKIE_SECRET'] ?? '';
if (cookieSecret.length < 32) throw new Error('bare-fastify: COOKIE_SECRET of 32+ characters required');

const app = Fastify();
await app.register(fastifyCookie, { secret: [cookieSecret] });

// The relay's query string arrives here too, so both parse the same bytes; the values are not checked.
app.get('/authorize', async (_request, reply) => {
  const state = randomBytes(32).toString('base64url');
  reply.setCookie('igr_state', state, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure: false,
    path: '/',
    maxAge: 10 * 60,
  });
  return reply.redirect(`http://127.0.0.1:1/oauth/authorize?state=${state}`, 302);
});

await serveUntilSignalled(app);
