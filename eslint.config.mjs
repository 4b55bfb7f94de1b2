// Project-wide ESLint flat config. `npm run lint` runs it with --max-warnings=0, so every rule
// here is either an error or off: a warning that nobody has to fix is noise.
//
// Three jobs:
//  1. Type-aware TypeScript checks (typescript-eslint recommendedTypeChecked) everywhere.
//  2. Electron security (eslint-plugin-electron-security, strict preset) on src/main + src/preload,
//     told about our own guards (isTrustedSender, parseExternalUrl) and single doors (require-factory).
//  3. Layering: one no-restricted-imports zone per layer (eslint.layers.mjs), with messages that
//     point to ARCHITECTURE.md; test/unit/layering.test.ts feeds each zone a forbidden import.
//  4. Regular expressions (eslint-plugin-regexp): no super-linear backtracking or moves anywhere in
//     src/ (a pasted text or a Concur reply must never freeze the desk), plus the recommended set.
import js from '@eslint/js'
import electronSecurity from 'eslint-plugin-electron-security'
import reactHooks from 'eslint-plugin-react-hooks'
import regexpPlugin from 'eslint-plugin-regexp'
import tseslint from 'typescript-eslint'
import { layeringZones } from './eslint.layers.mjs'

/** Node globals for plain .js/.mjs scripts (TypeScript files get theirs from @types/node). */
const NODE_GLOBALS = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'fetch',
    'AbortController',
    'AbortSignal',
    'TextEncoder',
    'TextDecoder',
    'Response',
    'Request',
    'Headers',
    '__dirname',
    '__filename',
    'require',
    'module',
    'globalThis',
  ].map((name) => [name, 'readonly']),
)

const TEST_FILES = [
  '**/*.test.ts',
  '**/*.test.tsx',
  '**/*.test-helper.ts',
  'src/renderer/src/testing/**',
  'test/**/*.ts',
  'bench/**/*.ts',
]

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.tmp/**',
      'test-results/**',
      'playwright-report/**',
      'coverage/**',
      'artifacts/**',
      '.desk-data/**',
      'desk/**',
    ],
  },

  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // Named exports only is a review habit (ARCHITECTURE.md); the rules below are the ones that find bugs.
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      // Async functions without await implement async ports (SecretStore, handlers) on purpose.
      '@typescript-eslint/require-await': 'off',
      // A redundant `as` is style, not a bug; tsc already checks the types.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },

  // Plain JavaScript (configs, scripts, the icon generator) and the hand-written declaration of a
  // script's exports: outside every tsconfig, so no type information; Node globals.
  {
    files: ['**/*.{js,mjs,cjs}', 'scripts/**/*.d.mts', 'build/**/*.d.mts', 'eslint.layers.d.mts'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: NODE_GLOBALS },
  },

  // Tests poke at fakes and mocks; the unsafe-any family is noise there, real bugs are not.
  {
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // `found?.x!` in a test fails the test anyway when `found` is missing.
      '@typescript-eslint/no-non-null-asserted-optional-chain': 'off',
      '@typescript-eslint/no-empty-function': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      // Playwright fixtures are declared as `async ({}, use) => …`.
      'no-empty-pattern': 'off',
    },
  },

  // Regular expressions: the recommended set (its warnings as errors, see above) everywhere, and
  // the two linear-time rules. `no-super-linear-move` also reports a pattern whose every match
  // attempt is linear but which is retried at each position (quadratic over a long input).
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { regexp: regexpPlugin },
    rules: {
      ...Object.fromEntries(
        Object.entries(regexpPlugin.configs['flat/recommended'].rules).map(([name, level]) => [
          name,
          level === 'warn' ? 'error' : level,
        ]),
      ),
      // Spelling preferences that find no bug (`\w` for `[A-Za-z0-9_]`, an `i` flag for
      // `[0-9a-fA-F]`): off, so that this block stays about correctness and linear time.
      'regexp/prefer-w': 'off',
      'regexp/use-ignore-case': 'off',
      'regexp/no-super-linear-backtracking': ['error', { report: 'potential' }],
      'regexp/no-super-linear-move': ['error', { report: 'potential', ignorePartial: false }],
    },
  },

  {
    // A regex built at run time escapes the linear-time rules above: src/ writes regexes as literals.
    files: ['src/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='RegExp'], CallExpression[callee.name='RegExp']",
          message:
            'Write the regular expression as a literal, so that eslint-plugin-regexp can prove it linear (a paste must never freeze the desk).',
        },
      ],
    },
  },

  // React: the rules of hooks for the renderer.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  // Electron security on the main process and the preload.
  {
    ...electronSecurity.configs.strict,
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
  },
  {
    ...electronSecurity.configs['recommended-type-checked'],
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    languageOptions: {},
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    rules: {
      'electron-security/require-ipc-sender-validation': ['error', { senderGuards: ['isTrustedSender'] }],
      'electron-security/no-open-external-with-dynamic-url': [
        'error',
        {
          allowedProtocols: ['https:', 'http:'],
          urlValidators: ['parseExternalUrl'],
          trustedUrlType: 'ValidatedUrl',
        },
      ],
      // One door per dangerous API (the plugin's "single-door pattern").
      'electron-security/require-factory': [
        'error',
        {
          factories: [
            {
              api: 'ipcMain.handle',
              use: 'registerDeskIpc',
              allowIn: ['src/main/adapters/electron/desk-ipc.ts'],
            },
            {
              api: 'ipcMain.on',
              use: 'registerDeskIpc',
              allowIn: ['src/main/adapters/electron/desk-ipc.ts'],
            },
            {
              api: 'BrowserWindow',
              use: 'createDeskWindow',
              allowIn: ['src/main/adapters/electron/desk-window.ts'],
            },
            {
              api: 'shell.openExternal',
              use: 'openExternalLink',
              allowIn: ['src/main/adapters/electron/desk-window.ts'],
            },
          ],
        },
      ],
    },
  },
  {
    // The fake electron module builds fake windows for tests; it never touches the real API.
    files: ['src/main/adapters/electron/fake-electron.ts', 'src/main/adapters/electron/*.test.ts'],
    rules: { 'electron-security/require-factory': 'off' },
  },

  // ---- Layering (ARCHITECTURE.md "Layers"): one zone per layer, built in eslint.layers.mjs ----
  ...layeringZones(TEST_FILES),
)
