import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { authorizeUrl, MAX_LINK_LIFETIME_SECONDS } from '../flow/authorize-link.js';
import type { ApiGeneration } from '../instagram/api-generations.js';
import type { Services } from '../services.js';
import type { Repository } from '../storage/repository.js';
import { deliveryDetail, deliveryView } from '../tenants/delivery-view.js';
import type { StoreSettings } from '../tenants/schemas.js';
import type { Store } from '../tenants/store-service.js';
import { storeSecretKey } from '../tenants/store-secret.js';

/** The CLI's commands; each gets its arguments (after the command words) and the shared context. */
export interface CommandContext {
  config: Config;
  services: Services;
  repo: Repository;
  clock: Clock;
  io: {
    env: Readonly<Record<string, string | undefined>>;
    out(text: string): void;
    err(text: string): void;
    readStdin(): Promise<string>;
  };
}

/** The command line itself is wrong: the usage text follows the message (exit 2). */
export class UsageError extends Error {}

/** The command cannot be done as asked (exit 1). */
export class CommandError extends Error {}

export const USAGE = `Usage: ig-login-relay <command>

Stores (reads DATABASE_URL and MASTER_KEY, like the relay):
  stores list
  stores show <id>
  stores create <id> --webhook-url <url> --return-origin <origin> [--return-origin …]
                [--app-id <id> --app-secret-stdin] [--api instagram-login|basic-display] [--scope <scope> …]
  stores update <id> [any option of create]
  stores rotate-secret <id>       new secret; the old one stays valid for 24 hours
  stores delete <id>

Webhook deliveries (the running relay sends what is requeued within a second):
  deliveries list <store-id> [--status pending|delivered|dead] [--limit <n>]
  deliveries show <store-id> <event-id>     the event and every attempt (time, status, latency, error)
  deliveries redeliver <store-id> <event-id>
  deliveries redeliver <store-id> --failed  every dead event, and every pending one that has failed

Keys:
  rekey                           re-seals every stored secret and token with the first MASTER_KEY
                                  (MASTER_KEY=new,old; see "Rotating keys" in the README)

Testing:
  authorize-url <store-id> --return-to <url> [--purpose login|connect] [--state <state>] [--ttl <seconds>]
                prints a signed /authorize link (PUBLIC_URL) to open in a browser

The Instagram app secret is read from standard input (--app-secret-stdin), never from
an argument, so it stays out of shell history and the process list.`;

type Command = (args: string[], context: CommandContext) => Promise<void>;

const storeOptions = {
  'webhook-url': { type: 'string' },
  'return-origin': { type: 'string', multiple: true },
  'app-id': { type: 'string' },
  'app-secret-stdin': { type: 'boolean' },
  api: { type: 'string' },
  scope: { type: 'string', multiple: true },
} as const;

function parse<const O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true } as const);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function onePositional(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected exactly one ${what}`);
  return positionals[0] as string;
}

async function settingsFrom(
  args: string[],
  io: CommandContext['io'],
): Promise<{ id: string; settings: StoreSettings }> {
  const { values, positionals } = parse(args, storeOptions);
  const instagram: NonNullable<StoreSettings['instagram']> = {};
  if (values['app-id'] !== undefined) instagram.app_id = values['app-id'];
  if (values['app-secret-stdin']) instagram.app_secret = (await io.readStdin()).split('\n', 1)[0]?.trim() ?? '';
  if (values.api !== undefined) instagram.api = values.api as ApiGeneration;
  if (values.scope !== undefined) instagram.scopes = values.scope;
  return {
    id: onePositional(positionals, 'store id'),
    settings: {
      ...(values['webhook-url'] === undefined ? {} : { webhook_url: values['webhook-url'] }),
      ...(values['return-origin'] === undefined ? {} : { return_origins: values['return-origin'] }),
      ...(Object.keys(instagram).length === 0 ? {} : { instagram }),
    },
  };
}

async function existing(context: CommandContext, id: string): Promise<Store> {
  const store = await context.services.stores.get(id);
  if (store === undefined) throw new CommandError(`no store with id ${id}`);
  return store;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

export const COMMANDS: Readonly<Record<string, Command>> = {
  'stores list': async (args, { services, io }) => {
    parse(args, {});
    const stores = await services.stores.list();
    if (stores.length === 0) return io.out('No stores yet. Create one with: ig-login-relay stores create <id> …');
    for (const store of stores) {
      const app = store.instagram.appId ?? '(no Instagram app yet)';
      io.out(`${store.id}\t${store.instagram.api}\t${app}\t${store.webhookUrl}`);
    }
  },

  'stores show': async (args, context) => {
    const { positionals } = parse(args, {});
    const store = await existing(context, onePositional(positionals, 'store id'));
    context.io.out(json(context.services.stores.view(store)));
  },

  'stores create': async (args, { services, io }) => {
    const { id, settings } = await settingsFrom(args, io);
    if ((await services.stores.get(id)) !== undefined) throw new CommandError(`store ${id} exists; use stores update`);
    const { store } = await services.stores.put(id, settings);
    io.out(json(services.stores.view(store, { withSecret: true })));
    io.err("Keep the secret: it is shown only now. Enter it in the store plugin's settings.");
  },

  'stores update': async (args, context) => {
    const { id, settings } = await settingsFrom(args, context.io);
    await existing(context, id);
    const { store } = await context.services.stores.put(id, settings);
    context.io.out(json(context.services.stores.view(store)));
  },

  'stores rotate-secret': async (args, context) => {
    const { positionals } = parse(args, {});
    const id = onePositional(positionals, 'store id');
    await existing(context, id);
    const store = await context.services.stores.rotateSecret(id);
    context.io.out(json(context.services.stores.view(store as Store, { withSecret: true })));
    context.io.err('The previous secret keeps working for 24 hours; update the store plugin before then.');
  },

  'stores delete': async (args, context) => {
    const { positionals } = parse(args, {});
    const id = onePositional(positionals, 'store id');
    await existing(context, id);
    await context.services.stores.delete(id);
    context.io.out(`Deleted store ${id}.`);
  },

  'deliveries list': async (args, context) => {
    const { values, positionals } = parse(args, {
      status: { type: 'string' },
      limit: { type: 'string', default: '50' },
    });
    const store = await existing(context, onePositional(positionals, 'store id'));
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new UsageError('--limit is a number from 1 to 1000');
    const status = values.status;
    if (status !== undefined && status !== 'pending' && status !== 'delivered' && status !== 'dead') {
      throw new UsageError('--status is pending, delivered or dead');
    }
    const events = await context.repo.listEvents(store.id, { limit, status });
    if (events.length === 0) return context.io.out('No deliveries.');
    for (const event of events.map(deliveryView)) {
      const last = event.last_status ?? event.last_error ?? '-';
      const next = event.next_attempt_at === null ? '' : `\tnext ${event.next_attempt_at}`;
      // The store took the sign-in over the store API before its webhook got through.
      const status = event.delivered_via === 'claim' ? 'delivered by claim' : event.status;
      context.io.out(`${event.id}\t${event.type}\t${status}\t${event.attempts} attempts\t${last}${next}`);
    }
  },

  'deliveries show': async (args, context) => {
    const { positionals } = parse(args, {});
    if (positionals.length !== 2) throw new UsageError('expected a store id and an event id');
    const [storeId, eventId] = positionals as [string, string];
    const event = await context.repo.getEvent(eventId);
    if (event === undefined || event.storeId !== storeId)
      throw new CommandError(`store ${storeId} has no event ${eventId}`);
    context.io.out(json(deliveryDetail(event, await context.repo.listAttempts(eventId))));
  },

  'deliveries redeliver': async (args, context) => {
    const { values, positionals } = parse(args, { failed: { type: 'boolean' } });
    const { repo } = context;
    const now = context.clock.now();
    if (values.failed) {
      const store = await existing(context, onePositional(positionals, 'store id'));
      return context.io.out(`Requeued ${await repo.redeliverFailed(store.id, now)} events.`);
    }
    if (positionals.length !== 2)
      throw new UsageError('expected a store id and an event id, or a store id and --failed');
    const [storeId, eventId] = positionals as [string, string];
    const result = await repo.redeliverEvent(storeId, eventId, now);
    if (result === 'not_found') throw new CommandError(`store ${storeId} has no event ${eventId}`);
    if (result === 'delivered') throw new CommandError(`event ${eventId} was delivered; its body is no longer kept`);
    context.io.out(`Requeued ${eventId}.`);
  },

  rekey: async (args, { services, io }) => {
    parse(args, {});
    const count = await services.resealSecrets();
    io.out(`Re-sealed ${count} secrets with the first MASTER_KEY.`);
    io.err('Once every relay instance runs with the new key first, remove the old key from MASTER_KEY.');
  },

  'authorize-url': async (args, context) => {
    const { values, positionals } = parse(args, {
      'return-to': { type: 'string' },
      purpose: { type: 'string', default: 'login' },
      state: { type: 'string', default: `cli-${Date.now().toString(36)}` },
      ttl: { type: 'string', default: '300' },
    });
    const store = await existing(context, onePositional(positionals, 'store id'));
    const ttl = Number(values.ttl);
    if (values['return-to'] === undefined) throw new UsageError('--return-to is required');
    if (values.purpose !== 'login' && values.purpose !== 'connect')
      throw new UsageError('--purpose is login or connect');
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_LINK_LIFETIME_SECONDS) {
      throw new UsageError(`--ttl is a number of seconds from 1 to ${MAX_LINK_LIFETIME_SECONDS}`);
    }
    const url = authorizeUrl(context.config.publicUrl, storeSecretKey(store.secret) as Buffer, {
      store: store.id,
      purpose: values.purpose,
      return_to: values['return-to'],
      state: values.state,
      exp: Math.floor(context.clock.now() / 1000) + ttl,
    });
    context.io.out(url);
  },
};
