import type { Repository } from './repository.js';
import { openSqliteRepository, type SqliteLog } from './sqlite/sqlite-repository.js';

/** Where DATABASE_URL says the data lives: `path` for SQLite (`:memory:` or absolute), `url` as given. */
export interface DatabaseLocation {
  readonly kind: 'sqlite' | 'postgres';
  readonly path: string;
  readonly url: string;
}

/** The storage DATABASE_URL names, migrated and ready. */
export async function openRepository(location: DatabaseLocation, log?: SqliteLog): Promise<Repository> {
  if (location.kind === 'sqlite') return openSqliteRepository(location.path, { log });
  // Loaded only here: a relay on SQLite never holds the PostgreSQL driver in memory.
  const { openPostgresRepository } = await import('./postgres/postgres-repository.js');
  return openPostgresRepository(location.url);
}
