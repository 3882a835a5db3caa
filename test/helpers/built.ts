import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The compiled entry point for a source file, for tests that run the relay's
 * programs as real processes (fast to start; `npm test` builds first).
 */
export function builtEntry(sourcePath: string): string {
  const path = fileURLToPath(new URL(`../../${sourcePath.replace(/\.ts$/, '.js')}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build (npm test does)`);
  return path;
}
