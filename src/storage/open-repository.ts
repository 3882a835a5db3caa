import type { DatabaseLocation } from '../config.js';
import type { Repository } from './repository.js';
import { openSqliteRepository } from './sqlite/sqlite-repository.js';

/** The storage DATABASE_URL names, migrated and ready. */
export async function openRepository(location: DatabaseLocation): Promise<Repository> {
  if (location.kind === 'sqlite') return openSqliteRepository(location.path);
  throw new Error('DATABASE_URL: PostgreSQL storage is not part of this release; use sqlite:<path>');
}
