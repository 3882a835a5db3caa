import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import t from 'tap';

/**
 * Lint where the compiler does not look (eslint.config.js: typescript-eslint's
 * type-checked rules over src, test and bench): any finding fails `npm test`.
 * `npm run lint` runs the same lint on its own.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: ROOT });

t.test('src, test and bench have no lint finding', async (t) => {
  const results = await eslint.lintFiles(['src', 'test', 'bench']);
  const linted = new Set(results.map((result) => result.filePath));
  for (const file of ['src/app.ts', 'test/lint.test.ts', 'bench/run.ts']) t.ok(linted.has(join(ROOT, file)), file);
  const report = await (await eslint.loadFormatter('stylish')).format(results);
  t.equal(report, '', `${results.length} files, no finding`);
});

t.test('the lint catches what it is for: a promise nobody waits for', async (t) => {
  const [result] = await eslint.lintText('export async function later(): Promise<void> {}\nlater();\n', {
    filePath: join(ROOT, 'src/clock.ts'),
  });
  t.same(
    result?.messages.map((message) => message.ruleId),
    ['@typescript-eslint/no-floating-promises'],
  );
});
