import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { SealedValueError } from '../crypto/secret-box.js';
import { createLogger } from '../logger.js';
import { InvalidField } from '../tenants/store-fields.js';
import { createServices } from '../services.js';
import { openRepository } from '../storage/open-repository.js';
import { COMMANDS, CommandError, USAGE, UsageError, type CommandContext } from './commands.js';

/**
 * `ig-login-relay`: manage stores and print signed sign-in links, against
 * the same database and MASTER_KEY as the relay (DATABASE_URL, MASTER_KEY).
 */
export async function runCli(argv: readonly string[], io: CommandContext['io']): Promise<number> {
  const [group, ...rest] = argv;
  const name = group === 'stores' || group === 'deliveries' ? `${group} ${rest.shift() ?? ''}` : (group ?? '');
  const command = COMMANDS[name.trim()];
  if (command === undefined || argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return command === undefined && argv.length > 0 && !argv.includes('--help') && !argv.includes('-h') ? 2 : 0;
  }
  let config;
  try {
    config = loadConfig(io.env, { for: 'cli' });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(`ig-login-relay: ${error.message}`);
    return 1;
  }
  const repo = await openRepository(config.database);
  try {
    // The CLI speaks through its own output; the services' logs (warnings of a redelivery, say) go to stderr.
    const services = createServices(config, repo, systemClock, createLogger(config.logLevel, process.stderr));
    await command(rest, { config, services, repo, clock: systemClock, io });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ig-login-relay: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InvalidField || error instanceof CommandError || error instanceof SealedValueError) {
      io.err(`ig-login-relay: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await repo.close();
  }
}
