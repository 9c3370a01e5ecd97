// Lint rules: typescript-eslint's recommended set, plus the layering rule that keeps the
// engine a headless library (see docs/architecture.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiModules = ['ink', 'ink-*', 'react', 'react/*', 'react-dom', 'zustand', 'zustand/*'];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/engine/**/*.ts', 'src/engine/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiModules, message: 'src/engine must run headless: no ink, react or zustand.' },
            {
              group: ['**/ui', '**/ui/**', '**/state', '**/state/**'],
              message: 'src/engine must not import src/ui or src/state.',
            },
          ],
        },
      ],
    },
  },
);
