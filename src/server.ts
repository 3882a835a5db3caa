import { buildApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { warnAboutPublicUrl } from './http/public-url-check.js';
import { openRepository } from './storage/open-repository.js';

const SHUTDOWN_GRACE_MS = 10_000;

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`ig-login-relay: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * The relay process: configuration, logger, database, the app with its
 * background work, listen, and a graceful shutdown that lets requests in
 * flight finish.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel, undefined, config.logFormat);
  const repo = await openRepository(config.database, logger);
  const app = await buildApp({ config, repo, logger, background: true });
  warnAboutPublicUrl(config.publicUrl, logger);
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { publicUrl: config.publicUrl, redirectUri: config.redirectUri, storage: repo.kind, instance: config.instanceId },
    'relay ready',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error('requests did not finish in time; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    deadline.unref();
    await app.close();
    await repo.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`ig-login-relay: could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
