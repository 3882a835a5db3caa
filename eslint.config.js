// Lint where the compiler does not look: typescript-eslint's type-checked
// recommended rules over src, test and bench, typed by tsconfig.json. `npm run lint`
// runs it, and test/lint.test.ts makes it part of `npm test`.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'node_modules/', 'wp-plugin-stub/'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // tap queues a subtest and waits for it before its parent ends: `t.test(…)` needs no await.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: '@tapjs/test', name: 'test' }] },
      ],
      // Off: async without await is on purpose here. Fastify waits for a plugin or hook without a
      // `done` callback only when it is async; tap ends a subtest with an async callback when its
      // promise settles (a plain one must call t.end()); the SQLite repository and test stand-ins
      // fulfil Promise-returning interfaces with synchronous work.
      '@typescript-eslint/require-await': 'off',
      // The rule's default allows the DOM's URLSearchParams; this project's is Node's (no DOM lib).
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        {
          allow: [
            { from: 'lib', name: ['Error', 'URL', 'URLSearchParams'] },
            { from: 'package', package: '@types/node', name: 'URLSearchParams' },
          ],
        },
      ],
      // `const { omitted: _omitted, ...rest } = value` drops a property; tsc's noUnusedLocals allows it too.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
);
