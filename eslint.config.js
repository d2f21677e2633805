// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Imports point inward: http and cli use runs; runs uses the engine and the adapters; the engine
 * imports nothing of ours but itself and nothing from node:. These rules keep it so.
 */
const adapters = ['spreadsheet', 'store', 'mail', 'runs', 'http', 'cli'];

/** @param {string[]} folders */
const forbidFolders = (folders) =>
  folders.map((folder) => ({
    group: [`**/${folder}/*`, `**/${folder}`],
    message: `This layer may not import from src/${folder}: imports point inward (see STYLE.md).`,
  }));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'coverage/**',
      'test-results/**',
      'node_modules/**',
      'web/dist/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/*'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md).' },
      ],
    },
  },
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidFolders(adapters),
            { group: ['node:*'], message: 'The engine does no I/O: no node: imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/spreadsheet/**/*.ts', 'src/store/**/*.ts', 'src/mail/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: forbidFolders(['runs', 'http', 'cli']) }],
    },
  },
  {
    files: ['src/runs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidFolders(['http', 'cli']) }] },
  },
  {
    // The admin UI runs in the browser (web/tsconfig.json gives it the DOM types; TypeScript
    // itself checks undefined names). It talks to the server over HTTP only, never by import.
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        XMLHttpRequest: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
        DOMException: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidFolders(adapters),
            { group: ['node:*'], message: 'The web UI runs in the browser: no node: imports.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/vite.config.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The HTTP server and the CLI are entry points: neither imports the other.
    files: ['src/http/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidFolders(['cli']) }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: forbidFolders(['http']) }] },
  },
  {
    // Tool configuration files must default-export their configuration.
    files: ['eslint.config.js', '*.config.ts', 'web/*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['eslint.config.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
