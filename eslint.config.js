import fs from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import pluginQuery from '@tanstack/eslint-plugin-query';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

// The console's layout, app → features → components/lib: each feature is closed to the others.
const webFeatures = fs.readdirSync('web/src/features', { withFileTypes: true }).filter((d) => d.isDirectory());
const webZones = [
  ...webFeatures.map((f) => ({
    target: `./web/src/features/${f.name}`,
    from: './web/src/features',
    except: [`./${f.name}`],
    message:
      'A feature does not import another feature: move what they share to lib/ or components/, or wire it in app/.',
  })),
  { target: './web/src/features', from: './web/src/app', message: 'Features do not import the app.' },
  {
    target: ['./web/src/components', './web/src/lib'],
    from: ['./web/src/features', './web/src/app'],
    message: 'components/ and lib/ are shared by every feature: they import neither features nor the app.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/playwright-report/**',
      '**/test-results/**',
      'data/**',
      '.e2e-data/**',
      'web/src/lib/api-types.ts',
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
  // The console: accessibility, TanStack Query's own rules, and the import boundaries above.
  { ...jsxA11y.flatConfigs.recommended, files: ['web/**/*.tsx'] },
  ...pluginQuery.configs['flat/recommended'].map((c) => ({ ...c, files: ['web/**/*.ts', 'web/**/*.tsx'] })),
  {
    files: ['web/**'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })] },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: webZones }] },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setInterval: 'readonly',
      },
    },
  },
);
