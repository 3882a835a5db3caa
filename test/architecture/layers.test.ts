import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import ts from 'typescript';

/**
 * The layers of src/, lowest first: a folder, or a file directly in src/
 * (named without `.ts`). A module imports from its own layer and from layers
 * below it, never from one above; as the order is total, no two layers can
 * import each other either. A new folder gets its place here.
 */
const LAYERS = [
  'crypto', // sealing secrets at rest, constant-time comparisons, random tokens
  'clock', // time, injected so tests move it
  'errors', // the error catalogue
  'logger', // pino, with redaction
  'outbound', // one HTTP exchange with a bounded answer
  'instagram', // the Instagram client: knows nothing of Fastify or storage
  'storage', // the repository interface, SQLite and PostgreSQL, outages
  'background', // the poll loop the workers run in
  'metrics', // the Prometheus registry
  'http', // what every route shares: error handling, pages, headers, health, /metrics
  'webhooks', // signatures, events, the outbox, the sender, the delivery worker
  'tokens', // connected accounts and their refresh
  'tenants', // the stores the relay serves: their records and rules, the admin API and the store API
  'config', // the environment; checks the bootstrap store with the tenants' rules
  'flow', // /authorize and /callback
  'compliance', // Meta's deauthorize and data deletion callbacks
  'services', // the services, built once from the config
  'app', // the Fastify app and its background work
  'server', // the process
  'cli', // the ig-login-relay command
  'dev', // the fake Instagram, the demo store and the demo
];

const SRC = fileURLToPath(new URL('../../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The layer a path in src/ belongs to: its top folder, or its own name for a file in src/. */
function layerOf(path: string): string {
  const [first = '', ...rest] = relative(SRC, path).split(sep);
  return rest.length === 0 ? first.replace(/\.(ts|js)$/, '') : first;
}

/** Every module specifier a file imports or re-exports, `import()` and `import type` included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((entry) => entry.fileName);
}

const files = sourceFiles(SRC);
const name = (file: string) => `src/${relative(SRC, file).split(sep).join('/')}`;

t.test('every module of src/ is in a layer, and every layer exists', async (t) => {
  const layers = new Set(files.map(layerOf));
  t.same(
    files.filter((file) => !LAYERS.includes(layerOf(file))).map(name),
    [],
    'modules in no layer (give their folder a place in LAYERS)',
  );
  t.same(
    LAYERS.filter((layer) => !layers.has(layer)),
    [],
    'layers with no module',
  );
  t.equal(new Set(LAYERS).size, LAYERS.length, 'each layer listed once');
});

t.test('no module imports from a layer above its own', async (t) => {
  const refused: string[] = [];
  let checked = 0;
  for (const file of files) {
    const from = layerOf(file);
    for (const specifier of importsOf(file)) {
      if (!specifier.startsWith('.')) continue;
      checked += 1;
      const target = resolve(dirname(file), specifier);
      if (relative(SRC, target).startsWith('..')) {
        refused.push(`${name(file)} imports ${specifier}, outside src/`);
        continue;
      }
      const to = layerOf(target);
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from))
        refused.push(`${name(file)} imports ${specifier}: ${to} is above ${from}`);
    }
  }
  t.ok(checked > 100, `${checked} imports between modules of src/ checked`);
  t.same(refused, [], 'imports that point up, or out of src/');
});
