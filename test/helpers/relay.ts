import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openRepository } from '../../src/storage/open-repository.js';
import type { Repository } from '../../src/storage/repository.js';
import type { FakeInstagram } from '../../src/dev/fake-instagram/server.js';
import { freeLoopbackPort } from '../../src/dev/free-port.js';
import { testClock, type TestClock } from './clock.js';
import { captureLog } from './log-capture.js';

/**
 * The relay under test: the real app, listening on a loopback port, with an
 * in-memory SQLite database, a hand-moved clock and its log lines captured.
 */
export interface TestRelay {
  /** Where the relay listens (PUBLIC_URL may name a proxy in front of it). */
  url: string;
  config: Config;
  app: FastifyInstance;
  repo: Repository;
  clock: TestClock;
  adminToken: string;
  /** Every log line the relay wrote, as text. */
  logs: string[];
  close(): Promise<void>;
}

export interface RelayOptions {
  fake?: FakeInstagram;
  env?: Record<string, string>;
  clock?: TestClock;
  repo?: Repository;
  /** Runs the workers and pruning as the process does (AppDeps.background). */
  background?: boolean;
}

export async function startRelay(t: Test, options: RelayOptions = {}): Promise<TestRelay> {
  const port = await freeLoopbackPort();
  const adminToken = randomBytes(24).toString('base64url');
  const fake = options.fake;
  const config = loadConfig({
    PORT: String(port),
    COOKIE_SECRET: randomBytes(32).toString('hex'),
    MASTER_KEY: randomBytes(32).toString('base64'),
    ADMIN_TOKEN: adminToken,
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'info',
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_TIMEOUT_MS: '2000',
    IG_TIMEOUT_MS: '2000',
    // High enough that tests making many bad requests on purpose are not cut short (failure-limit.test.ts tests it).
    FAILURE_LIMIT: '1000',
    ...(fake ? { IG_WWW_URL: fake.wwwUrl, IG_API_URL: fake.apiUrl, IG_GRAPH_URL: fake.graphUrl } : {}),
    ...options.env,
  });
  const log = captureLog();
  const clock = options.clock ?? testClock();
  const repo = options.repo ?? (await openRepository(config.database));
  const app = await buildApp({
    config,
    repo,
    clock,
    logger: createLogger(config.logLevel, log.stream),
    background: options.background,
  });
  await app.listen({ host: '127.0.0.1', port });
  let closed = false;
  const relay: TestRelay = {
    url: `http://127.0.0.1:${port}`,
    config,
    app,
    repo,
    clock,
    adminToken,
    logs: log.lines,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await repo.close();
    },
  };
  t.teardown(() => relay.close());
  return relay;
}
