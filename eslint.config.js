// Lint rules, run by `npm test`. Besides the usual checks this enforces the
// layer rules of DESIGN §2 on import paths; the per-layer tsconfigs enforce
// the same rules on globals. Together they make a wrong import a build error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const forbid = (groups, message) => ({ group: groups, message });

// no-restricted-imports does not look at import(); this catches the dynamic
// form of the same crossings.
const forbidDynamic = (pattern, message) => ({ selector: `ImportExpression[source.value=${pattern}]`, message });

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'tests/fixtures/**', '.tmp/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.es2024 } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/src-main/**', '**/src-renderer/**'], 'shared/ is pure: it may not import the other layers.'),
            forbid(['node:*', 'electron', 'electron/**', 'react', 'react-dom', 'react-dom/**', 'ws'], 'shared/ is pure: no Node, Electron, DOM or React.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-(main|renderer)\\//', 'shared/ is pure: it may not import the other layers.'),
        forbidDynamic('/^(node:|electron|react|ws$)/', 'shared/ is pure: no Node, Electron, DOM or React.'),
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/src-main/**'], 'The renderer reaches main only through HostApi.'),
            forbid(['node:*', 'electron', 'electron/**', 'ws'], 'The renderer runs in a browser: no Node or Electron.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-main\\//', 'The renderer reaches main only through HostApi.'),
        forbidDynamic('/^(node:|electron|ws$)/', 'The renderer runs in a browser: no Node or Electron.'),
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [forbid(['**/src-renderer/**'], 'Main reaches the renderer only through HostApi.')] },
      ],
      'no-restricted-syntax': ['error', forbidDynamic('/src-renderer\\//', 'Main reaches the renderer only through HostApi.')],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', '*.config.{ts,js}', '.ci/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
