import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeLoopbackPort } from '../src/dev/free-port.js';
import type { FakeApp } from '../src/dev/fake-instagram/types.js';
import { generateStoreSecret, storeSecretKey } from '../src/tenants/store-secret.js';
import { firstJsonLine, startProcess, waitForOk, type Child } from './processes.js';

/**
 * The processes around the relay (the fake Instagram and the store's webhook
 * receiver) and the relay's own environment. The relay is started fresh for
 * each measure, always on the same port, because the fake's registered
 * redirect URI names that port.
 */
const DIST = fileURLToPath(new URL('..', import.meta.url)); // dist/, where bench/ and src/ were compiled to
export const SCRIPTS = {
  relay: join(DIST, 'src/server.js'),
  fake: join(DIST, 'src/dev/fake-instagram/main.js'),
  receiver: join(DIST, 'bench/receiver.js'),
};

/** The other ways to answer `/authorize`, measured beside the relay (bench/peers/). */
export const PEERS = {
  'bare Fastify': join(DIST, 'bench/peers/bare-fastify.js'),
  '@fastify/oauth2': join(DIST, 'bench/peers/fastify-oauth2.js'),
} as const;
export type PeerName = keyof typeof PEERS;

/** The node flags `npm start` runs the relay with (its heap cap), so the relay is measured as deployed. */
export const START_FLAGS: string[] = (() => {
  const scripts = (JSON.parse(readFileSync(join(DIST, '../package.json'), 'utf8')) as { scripts: { start: string } })
    .scripts;
  return scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
})();

export const STORE_ID = 'bench-store';
export const RETURN_ORIGIN = 'https://shop.example';
export const USERNAME = 'lumen.coffee'; // one of demoUsers, which the fake loads by default

export interface Stack {
  relayUrl: string;
  relayPort: number;
  fakeUrl: string;
  receiverUrl: string;
  /** The processes around the relay, by name, for CPU accounting. */
  pids: { fake: number; receiver: number };
  /** The HMAC key the store signs /authorize links with. */
  storeKey: Buffer;
  cookieSecret: string;
  /**
   * Starts a relay on `relayPort` with a database at `dbPath`, logging to `<name>.log`
   * in the temp dir; resolves once /readyz answers 200.
   */
  startRelay(
    name: string,
    dbPath: string,
    options?: { nodeArgs?: string[]; logLevel?: string },
  ): Promise<{ child: Child; startedInMs: number }>;
}

/** Every child gets only what it needs; PATH alone is passed through. */
export const baseEnv = (): Record<string, string> => ({ PATH: process.env['PATH'] ?? '/usr/bin:/bin' });

/** stdout of a server goes to a file in the temp dir: the kind of sink production logs go to, and nothing to drain. */
export function logFile(dir: string, name: string): number {
  return openSync(join(dir, `${name}.log`), 'a');
}

export async function startStack(dir: string): Promise<Stack> {
  const relayPort = await freeLoopbackPort();
  const relayUrl = `http://127.0.0.1:${relayPort}`;
  const app = { appId: '100200300400500', appSecret: randomBytes(16).toString('hex') };
  const fakeApp: FakeApp = { ...app, redirectUris: [`${relayUrl}/callback`], mode: 'business' };
  const fakeConfig = join(dir, 'fake-ig.json');
  writeFileSync(fakeConfig, JSON.stringify({ apps: [fakeApp] }));

  const fake = startProcess('fake-instagram', SCRIPTS.fake, {
    env: { ...baseEnv(), FAKE_IG_PORT: '0', FAKE_IG_CONFIG: fakeConfig },
    stdout: 'pipe',
  });
  const receiver = startProcess('receiver', SCRIPTS.receiver, { env: baseEnv(), stdout: 'pipe' });
  const [ig, store] = await Promise.all([
    firstJsonLine<{ url: string; wwwUrl: string; apiUrl: string; graphUrl: string }>(fake),
    firstJsonLine<{ url: string }>(receiver),
  ]);

  const storeSecret = generateStoreSecret();
  const storeKey = storeSecretKey(storeSecret);
  if (storeKey === undefined) throw new Error('generateStoreSecret made a secret storeSecretKey refuses');
  const cookieSecret = randomBytes(32).toString('hex');
  // One master key for every relay: a restart must open what the last start sealed in the same database.
  const masterKey = randomBytes(32).toString('base64');
  const relayEnv = (dbPath: string, logLevel = 'info'): Record<string, string> => ({
    ...baseEnv(),
    PORT: String(relayPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: relayUrl,
    DATABASE_URL: `sqlite:${dbPath}`,
    COOKIE_SECRET: cookieSecret,
    MASTER_KEY: masterKey,
    LOG_LEVEL: logLevel,
    IG_WWW_URL: ig.wwwUrl,
    IG_API_URL: ig.apiUrl,
    IG_GRAPH_URL: ig.graphUrl,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    STORE_ID: STORE_ID,
    STORE_SECRET: storeSecret,
    STORE_WEBHOOK_URL: `${store.url}/webhooks/instagram`,
    STORE_RETURN_ORIGINS: RETURN_ORIGIN,
    STORE_IG_APP_ID: app.appId,
    STORE_IG_APP_SECRET: app.appSecret,
  });

  return {
    relayUrl,
    relayPort,
    fakeUrl: ig.url,
    receiverUrl: store.url,
    pids: { fake: fake.pid, receiver: receiver.pid },
    storeKey,
    cookieSecret,
    async startRelay(name, dbPath, options = {}) {
      const log = logFile(dir, name);
      // The clock starts before spawn: start-up includes loading node and the relay's modules.
      const begin = performance.now();
      const nodeArgs = [...START_FLAGS, ...(options.nodeArgs ?? [])];
      const child = startProcess('relay', SCRIPTS.relay, {
        env: relayEnv(dbPath, options.logLevel),
        nodeArgs,
        stdout: log,
      });
      closeSync(log);
      await waitForOk(child, `${relayUrl}/readyz`);
      return { child, startedInMs: performance.now() - begin };
    },
  };
}

/** Starts one peer (its own process, Fastify's defaults) and resolves once it answers. */
export async function startPeer(
  dir: string,
  peer: PeerName,
  cookieSecret: string,
): Promise<{ child: Child; url: string }> {
  const port = await freeLoopbackPort();
  const log = logFile(dir, peer.replace(/\W+/g, '-'));
  const child = startProcess(peer, PEERS[peer], {
    env: { ...baseEnv(), PORT: String(port), COOKIE_SECRET: cookieSecret },
    stdout: log,
  });
  closeSync(log);
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(child, `${url}/readyz`);
  return { child, url };
}
