/**
 * main.ts's settings from its environment: FAKE_IG_PORT (default 0) and
 * FAKE_IG_CONFIG, a JSON file `{ "apps": [...], "users": [...] }` whose
 * users default to the demo accounts. Every entry is checked before the
 * server listens, and errors name what is wrong.
 */
import { readFile } from 'node:fs/promises';
import { checkApp, checkUser } from './config-validation.js';
import { demoUsers } from './fixtures.js';
import type { FakeApp, FakeUser } from './types.js';

export interface MainSettings {
  port: number;
  apps: FakeApp[];
  users: FakeUser[];
}

function parsePort(raw: string | undefined): number {
  const port = Number(raw ?? '0');
  if (raw === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new TypeError(`fake-instagram: FAKE_IG_PORT must be a port number, got ${JSON.stringify(raw)}`);
  }
  return port;
}

export async function loadSettings(env: Record<string, string | undefined>): Promise<MainSettings> {
  const port = parsePort(env['FAKE_IG_PORT']);
  const path = env['FAKE_IG_CONFIG'];
  if (path === undefined || path === '') return { port, apps: [], users: demoUsers };
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new TypeError('fake-instagram: FAKE_IG_CONFIG must hold a JSON object { "apps": [...], "users": [...] }');
  }
  const { apps, users } = parsed as { apps?: unknown; users?: unknown };
  if (apps !== undefined && !Array.isArray(apps))
    throw new TypeError('fake-instagram: FAKE_IG_CONFIG apps must be an array');
  if (users !== undefined && !Array.isArray(users))
    throw new TypeError('fake-instagram: FAKE_IG_CONFIG users must be an array');
  return { port, apps: (apps ?? []).map(checkApp), users: users === undefined ? demoUsers : users.map(checkUser) };
}
