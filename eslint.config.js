// Lint rules, run by `npm test`. Besides the usual checks this enforces the
// layer rules of DESIGN §2 on import paths; the per-layer tsconfigs enforce
// the same rules on globals. Together they make a wrong import a build error.
// Folders are named after where their code runs (as VS Code's are):
//   shared/        anywhere            src-renderer/  the browser
//   src-node/      plain Node          src-main/      the desktop (Electron, browser host)
//   src-server/    the sync server (plain Node)
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
            forbid(['**/src-main/**', '**/src-renderer/**', '**/src-node/**', '**/src-server/**'], 'shared/ is pure: it may not import the other layers.'),
            forbid(['node:*', 'electron', 'electron/**', 'react', 'react-dom', 'react-dom/**', 'ws'], 'shared/ is pure: no Node, Electron, DOM or React.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-(main|renderer|node|server)\\//', 'shared/ is pure: it may not import the other layers.'),
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
            forbid(['**/src-main/**', '**/src-node/**', '**/src-server/**'], 'The renderer reaches Node code only through HostApi, and the sync server over the network.'),
            forbid(['node:*', 'electron', 'electron/**', 'ws'], 'The renderer runs in a browser: no Node or Electron.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-(main|node|server)\\//', 'The renderer reaches Node code only through HostApi, and the sync server over the network.'),
        forbidDynamic('/^(node:|electron|ws$)/', 'The renderer runs in a browser: no Node or Electron.'),
      ],
    },
  },
  {
    // The desktop: Electron main, the preload, the browser host, the desktop's
    // side of joining a sync server. It uses src-node/ but never runs the server.
    files: ['src-main/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/src-renderer/**'], 'Main reaches the renderer only through HostApi.'),
            forbid(['**/src-server/**'], 'The desktop talks to the sync server over the network (shared/sync-protocol), never by importing it.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-renderer\\//', 'Main reaches the renderer only through HostApi.'),
        forbidDynamic('/src-server\\//', 'The desktop talks to the sync server over the network (shared/sync-protocol), never by importing it.'),
      ],
    },
  },
  {
    // Node-only code that both the desktop and the sync server run: plain Node,
    // so it may import neither of them, nor Electron, nor the browser side.
    files: ['src-node/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/src-main/**', '**/src-server/**', '**/src-renderer/**'], 'src-node/ serves the desktop and the server: it may import only shared/.'),
            forbid(['electron', 'electron/**', 'react', 'react-dom', 'react-dom/**'], 'src-node/ runs on plain Node: no Electron, DOM or React.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-(main|server|renderer)\\//', 'src-node/ serves the desktop and the server: it may import only shared/.'),
        forbidDynamic('/^(electron|react)/', 'src-node/ runs on plain Node: no Electron, DOM or React.'),
      ],
    },
  },
  {
    // The headless sync server: plain Node 24 (`npm run server`), no Electron.
    files: ['src-server/**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            forbid(['**/src-main/**', '**/src-renderer/**'], 'The sync server may import only shared/ and src-node/.'),
            forbid(['electron', 'electron/**', 'react', 'react-dom', 'react-dom/**'], 'The sync server runs on plain Node: no Electron, DOM or React.'),
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        forbidDynamic('/src-(main|renderer)\\//', 'The sync server may import only shared/ and src-node/.'),
        forbidDynamic('/^(electron|react)/', 'The sync server runs on plain Node: no Electron, DOM or React.'),
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts', '*.config.{ts,js}', '.ci/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
