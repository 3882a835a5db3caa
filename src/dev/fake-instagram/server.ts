/**
 * Starts the fake Instagram: one Fastify server on one port, serving the
 * three Instagram hosts under path prefixes (`/www`, `/api`, `/graph`), so a
 * client configured with three base URLs reaches them all.
 * The fake stands in for Meta and imports nothing from the relay.
 */
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { registerAuthorizeRoutes } from './authorize-routes.js';
import { sendComplianceCallback } from './compliance-callbacks.js';
import { sorryPage } from './consent-page.js';
import { graphError, unknownPath } from './error-bodies.js';
import { pathOf, registerBodyParsers, send } from './http-input.js';
import { registerGraphRoutes } from './graph-routes.js';
import { registerProfilePictureRoutes } from './profile-pictures.js';
import { interceptFor } from './intercept.js';
import { FakeState } from './state.js';
import { registerTokenRoutes } from './token-routes.js';
import type { FakeInstagram, StartFakeInstagramOptions } from './types.js';

export type {
  FakeApp,
  FakeEndpoint,
  FakeFailure,
  FakeInstagram,
  FakeRequestRecord,
  FakeUser,
  StartFakeInstagramOptions,
} from './types.js';
export { demoUsers } from './fixtures.js';

export async function startFakeInstagram(options: StartFakeInstagramOptions = {}): Promise<FakeInstagram> {
  const state = new FakeState(options.now ?? Date.now);
  for (const app of options.apps ?? []) state.addApp(app);
  for (const user of options.users ?? []) state.addUser(user);

  // No logger: main.ts owns stdout for its one JSON line. No automatic HEAD
  // routes: Graph serves GET only, and HEAD falls to the not-found answer.
  const server = Fastify({ logger: false, exposeHeadRoutes: false });
  registerBodyParsers(server);
  registerAuthorizeRoutes(server, state);
  registerTokenRoutes(server, state);
  registerGraphRoutes(server, state);
  registerProfilePictureRoutes(server, state);
  // Unknown paths answer like the host they fall under.
  server.setNotFoundHandler({ preHandler: interceptFor(state, null) }, async (request, reply) => {
    const path = pathOf(request);
    const onGraph = path.startsWith('/graph/') || path === '/graph';
    return send(reply, onGraph ? graphError(unknownPath(path.slice('/graph'.length))) : sorryPage());
  });

  await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const { address, port } = server.server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  return {
    url,
    wwwUrl: `${url}/www`,
    apiUrl: `${url}/api`,
    graphUrl: `${url}/graph`,
    cdnUrl: `${url}/cdn`,
    addApp: (app) => state.addApp(app),
    addUser: (user) => state.addUser(user),
    failNext: (endpoint, failure) => state.failNext(endpoint, failure),
    invalidateTokens: (username, reason) => state.invalidateTokens(username, reason),
    deauthorize: (callback) => sendComplianceCallback('deauthorize', callback, Math.floor(state.now() / 1000)),
    requestDataDeletion: (callback) =>
      sendComplianceCallback('data_deletion', callback, Math.floor(state.now() / 1000)),
    requests: state.requests,
    close: async () => {
      await server.close();
    },
  };
}
