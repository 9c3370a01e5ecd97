// Lint rules: typescript-eslint's recommended set, plus the layering rules that keep the engine a
// headless library, the view model free of the UI toolkit, and the UI's own layers one-way
// (see docs/architecture.md and src/ui/README.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiModules = ['ink', 'ink-*', 'react', 'react/*', 'react-dom', 'zustand', 'zustand/*'];

/** An import of another top-level module of src (`../engine/…`, `../../bridge/…`) from below it. */
const srcModule = (...names) => `^(\\.\\./)+(${names.join('|')})(/|$)`;

/** What src/ui may never import: it reads the store and sends intents, nothing else. */
const uiBans = [
  {
    regex: srcModule('engine', 'bridge', 'cli'),
    message:
      'src/ui must not import the engine, the bridge or the CLI: it reads src/state and sends intents.',
  },
];

/**
 * The layers of src/ui, lowest first: a file may import its own layer and the layers below it,
 * never one above. Folders are relative to src/ui; root files are named without extension.
 */
const uiLayers = [
  { folders: ['themes'], files: ['glyphs', 'format', 'config-paths', 'terminal', 'attention'] },
  { folders: ['render'] },
  { folders: ['keys'] },
  { folders: ['commands'] },
  { folders: ['hooks'], files: ['context'] },
  { folders: ['components'] },
  { folders: ['panes'] },
  { folders: ['layouts'] },
  { files: ['App', 'run'] },
];

/** One no-restricted-imports block per layer and place (sub-folder files reach others by `../`). */
function uiLayerBlocks() {
  return uiLayers.flatMap((layer, rank) => {
    const above = uiLayers.slice(rank + 1);
    const folders = above.flatMap((l) => l.folders ?? []);
    const files = above.flatMap((l) => l.files ?? []);
    const message = `src/ui imports only downwards (layer order in src/ui/README.md): ${describe(layer)} must not import ${[...folders.map((f) => `${f}/`), ...files.map((f) => `${f}.tsx?`)].join(', ')}.`;
    const bans = (prefix) =>
      [
        folders.length > 0 && { regex: `^${prefix}(${folders.join('|')})/`, message },
        files.length > 0 && { regex: `^${prefix}(${files.join('|')})\\.js$`, message },
      ].filter(Boolean);
    const rule = (prefix) => ({
      'no-restricted-imports': ['error', { patterns: [...uiBans, ...bans(prefix)] }],
    });
    return [
      layer.folders && {
        files: layer.folders.map((f) => `src/ui/${f}/**/*.{ts,tsx}`),
        rules: rule('(\\.\\./)+'),
      },
      layer.files && { files: layer.files.map((f) => `src/ui/${f}.{ts,tsx}`), rules: rule('\\./') },
    ].filter(Boolean);
  });
}

function describe(layer) {
  return [...(layer.folders ?? []).map((f) => `${f}/`), ...(layer.files ?? [])].join(' and ');
}

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
  {
    files: ['src/state/**/*.ts', 'src/state/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              // zustand/vanilla builds the store; zustand's React bindings belong to src/ui.
              regex: '^(ink|ink-.+|react|react-dom|zustand(?!/vanilla(/|$)))(/.*)?$',
              message:
                'src/state is the view model, free of the UI toolkit: no ink, react or zustand React hooks.',
            },
            {
              regex: srcModule('engine', 'ui', 'bridge', 'cli'),
              message:
                'src/state must not import the engine, the UI, the bridge or the CLI; the bridge feeds it.',
            },
          ],
        },
      ],
    },
  },
  ...uiLayerBlocks(),
);
