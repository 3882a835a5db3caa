import { readFileSync } from 'node:fs';
import t from 'tap';
import { RelayError } from '../../src/errors.js';
import { ERROR_CODES } from './support.js';

/** The fuzz suite's list of stable codes is exactly the catalogue src/errors.ts declares. */
t.test('the fuzz suite knows every code of the error catalogue', async (t) => {
  const source = readFileSync(new URL('../../../src/errors.ts', import.meta.url), 'utf8');
  const block = /const catalogue = \{([\s\S]*?)\n\} as const/.exec(source)?.[1];
  t.ok(block, 'the catalogue is found in src/errors.ts');
  const declared = [...(block ?? '').matchAll(/^ {2}([a-z_]+):/gm)].map((match) => match[1]);
  t.same([...ERROR_CODES].sort(), declared.sort());
  for (const code of ERROR_CODES) {
    const error = new RelayError(code);
    t.ok(error.status >= 400 && error.status < 600 && error.message !== '', `${code} has a status and a message`);
  }
});
