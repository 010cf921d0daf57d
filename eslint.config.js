import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/playwright-report/**',
      '**/test-results/**',
      'data/**',
      '.e2e-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Server layers: routers → services → repositories, and the store never reaches back into HTTP.
    files: ['server/**/*.ts'],
    ignores: ['server/**/*.test.ts', 'server/src/test-support/**'],
    plugins: { 'import-x': importX },
    // The server imports its TypeScript modules by their emitted .js names (NodeNext).
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './server/src/store',
              from: './server/src/http',
              message: 'The store is below HTTP: pass what it needs as plain values.',
            },
            {
              target: './server/src/store',
              from: ['./server/src/**/router.ts', './server/src/**/endpoints.ts', './server/src/app*.ts'],
              message: 'The store is below the routers.',
            },
            {
              target: ['./server/src/**/router.ts', './server/src/**/endpoints.ts'],
              from: './server/src/store',
              message: 'Routers call services; only services (and verifiers) speak to the store.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
