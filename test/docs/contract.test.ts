import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { ERROR_CODES, RelayError } from '../../src/errors.js';
import { startRelay } from '../helpers/relay.js';

/**
 * docs/contract.md agrees with the code where the code is the one source: the
 * environment variables src/config.ts reads (docs/contract.md §2), the error
 * catalogue of src/errors.ts (docs/contract.md §12.3), and the store and admin
 * API routes (docs/contract.md §9, docs/contract.md §10). A new setting, code or
 * route is documented there in the same change.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const contract = readFileSync(join(ROOT, 'docs/contract.md'), 'utf8');

/** The text of a numbered section, up to the next heading of its level or above. */
function section(number: string): string {
  const lines = contract.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^#+ ${number.replace(/\./g, '\\.')}\\.? `).test(line));
  if (start === -1) return '';
  const level = /^#+/.exec(lines[start] as string)?.[0].length ?? 0;
  const end = lines.findIndex(
    (line, index) => index > start && /^#+ /.test(line) && /^#+/.exec(line)![0].length <= level,
  );
  return lines.slice(start + 1, end === -1 ? undefined : end).join('\n');
}

/** The rows of the Markdown tables in `text`, as cells. */
function rows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
}

t.test('docs/contract.md §2 lists exactly the variables the relay reads', async (t) => {
  const source = readFileSync(join(ROOT, 'src/config.ts'), 'utf8');
  const read = [...new Set([...source.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)'/g)].map((match) => match[1]))];
  const documented = rows(section('2')).flatMap(([first]) =>
    [...(first ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]),
  );
  t.ok(read.length > 20, `${read.length} variables in src/config.ts`);
  t.same([...documented].sort(), [...read].sort());
});

t.test('docs/contract.md §12.3 is the error catalogue, code by code with its status', async (t) => {
  const documented = rows(section('12.3')).flatMap(([code, status]) => {
    const name = /^`([a-z_]+)`$/.exec(code ?? '')?.[1];
    return name === undefined ? [] : [[name, Number(status)] as const];
  });
  t.same(documented.map(([code]) => code).sort(), [...ERROR_CODES].sort());
  for (const [code, status] of documented) {
    if ((ERROR_CODES as readonly string[]).includes(code)) {
      t.equal(status, new RelayError(code as (typeof ERROR_CODES)[number]).status, code);
    }
  }
});

t.test(
  'docs/contract.md §9 and docs/contract.md §10 name every store and admin API route, and only those',
  async (t) => {
    const relay = await startRelay(t);
    const response = await fetch(`${relay.url}/docs/openapi.json`);
    const doc = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => ['get', 'put', 'post', 'delete'].includes(method))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    const documented = [
      ...`${section('9')}\n${section('10')}`.matchAll(/`(GET|PUT|POST|DELETE) (\/v1\/[^`?\s]*)/g),
    ].map((match) => `${match[1]} ${(match[2] as string).replace(/:(\w+)/g, '{$1}')}`);
    t.ok(served.length >= 13, `${served.length} routes served`);
    t.same([...new Set(documented)].sort(), served.sort());
  },
);
