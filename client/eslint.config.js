import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import reactRefresh from 'eslint-plugin-react-refresh';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import tseslint from 'typescript-eslint';

// Features use each other only through their public entry, features/<name>/index.ts: an import that
// climbs out of its feature may name another feature, never a file inside one. How many "../" leave
// a feature depends on how deep the importing file sits, hence one block per depth.
const featureBoundaries = [1, 2, 3, 4].map((depth) => ({
  files: [`src/features/*/${'*/'.repeat(depth - 1)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            regex: `^${'\\.\\./'.repeat(depth)}[^./][^/]*/`,
            message: 'Import another feature from its folder (its index.ts, the public entry), not from its internal files.',
          },
        ],
      },
    ],
  },
}));

// Shared code (the API client, shared UI, helpers) stays below the features and the app shell.
const sharedStaysShared = {
  files: ['src/api/**/*.{ts,tsx}', 'src/components/**/*.{ts,tsx}', 'src/lib/**/*.{ts,tsx}'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ regex: '^(\\.\\./)+(features|app)(/|$)', message: 'Shared code must not depend on features or the app shell.' }] },
    ],
  },
};

export default tseslint.config(
  { ignores: ['dist', 'test-results', 'src/api/schema.d.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended, jsxA11y.flatConfigs.recommended],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, 'react-refresh': reactRefresh },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-refresh/only-export-components': ['warn', { allowConstantExport: true }],
      // Labels here often wrap their control with the text a few elements deep (persona cards).
      'jsx-a11y/label-has-associated-control': ['error', { depth: 4 }],
      // Scrollable regions (wide tables on phones) must be focusable to scroll by keyboard.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { roles: ['tabpanel', 'region'], tags: [] }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...featureBoundaries,
  sharedStaysShared,
  {
    files: ['e2e/**/*.ts', 'scripts/**/*.mjs', '*.config.{js,ts}', 'src/test/**/*.ts', 'src/**/*.test.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node } },
    rules: { 'react-refresh/only-export-components': 'off' },
  },
  {
    files: ['scripts/**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },
);
