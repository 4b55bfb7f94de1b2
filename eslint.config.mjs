// Project-wide ESLint flat config. `npm run lint` runs it with --max-warnings=0, so every rule
// here is either an error or off: a warning that nobody has to fix is noise.
//
// Three jobs:
//  1. Type-aware TypeScript checks (typescript-eslint recommendedTypeChecked) everywhere.
//  2. Electron security (eslint-plugin-electron-security, strict preset) on src/main + src/preload,
//     told about our own guards (isTrustedSender, parseExternalUrl) and single doors (require-factory).
//  3. Layering (STYLE.md §2) as no-restricted-imports zones, with messages that point back there.
import js from '@eslint/js'
import electronSecurity from 'eslint-plugin-electron-security'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const SEE_STYLE = 'See STYLE.md §2 (layering: who may import whom).'

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

/** Import restrictions shared by several zones. */
const ELECTRON_ONLY_PACKAGES = [
  {
    name: 'electron',
    message: `Only src/main/index.ts and src/main/adapters/electron/ may import electron. ${SEE_STYLE}`,
  },
  {
    name: 'electron-store',
    message: `electron-store loads electron at import time; only src/main/adapters/electron/ may use it. ${SEE_STYLE}`,
  },
  {
    name: 'electron-updater',
    message: `electron-updater requires electron; only src/main/adapters/electron/ may use it. ${SEE_STYLE}`,
  },
]

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
      // Named exports only (STYLE.md §4) is a review habit; the rules below are the ones that find bugs.
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
    files: ['**/*.{js,mjs,cjs}', 'scripts/**/*.d.mts', 'build/**/*.d.mts'],
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

  // ---- Layering (STYLE.md §2) ----
  {
    files: ['src/shared/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_ONLY_PACKAGES,
          patterns: [
            {
              regex: '^node:',
              message: `shared/ runs anywhere, including the renderer: no node:* imports. ${SEE_STYLE}`,
            },
            {
              regex: '(^|/)(main|renderer|preload)(/|$)',
              message: `shared/ imports shared/ only. ${SEE_STYLE}`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...ELECTRON_ONLY_PACKAGES,
            {
              name: 'keytar',
              message: `The core asks for a SecretStore port; keytar lives in adapters/keychain. ${SEE_STYLE}`,
            },
            {
              name: 'conf',
              message: `The core asks for a SettingsStore port; conf lives in adapters/storage. ${SEE_STYLE}`,
            },
          ],
          patterns: [
            {
              regex: '(^|/)(adapters|renderer|preload)(/|$)',
              message: `The core may import core/ and shared/ only; the world comes in through ports. ${SEE_STYLE}`,
            },
            {
              // Type-only imports of app/ interfaces (PushBus) vanish at runtime, so the core still
              // runs under plain Node; a runtime import would tie it to the composition root.
              regex: '(^|/)app(/|$)',
              allowTypeImports: true,
              message: `The core may not import app/ at runtime (type-only imports are tolerated). ${SEE_STYLE}`,
            },
          ],
        },
      ],
    },
  },
  {
    // Everything under main/ except the Electron entry and the Electron adapters must run under
    // plain Node (service mode is built from it).
    files: ['src/main/**/*.ts'],
    ignores: [...TEST_FILES, 'src/main/index.ts', 'src/main/adapters/electron/**', 'src/main/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_ONLY_PACKAGES,
          patterns: [
            {
              regex: '(^|/)adapters/electron(/|$)',
              message: `Service mode must run without Electron: only src/main/index.ts may import adapters/electron. ${SEE_STYLE}`,
            },
            {
              regex: '(^|/)(renderer|preload)(/|$)',
              message: `main/ does not import the renderer or the preload. ${SEE_STYLE}`,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    ignores: TEST_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ELECTRON_ONLY_PACKAGES,
          patterns: [
            {
              regex: '^node:',
              message: `The renderer runs in a sandboxed page: no node:* imports. ${SEE_STYLE}`,
            },
            {
              regex: '(^|/)(main|preload)(/|$)',
              message: `The renderer talks to main only through shared/ types and window.desk. ${SEE_STYLE}`,
            },
          ],
        },
      ],
    },
  },
  {
    // A sandboxed preload cannot require npm packages, and electron-vite leaves them external:
    // at runtime it may import only electron and shared/channels (type-only imports are erased).
    files: ['src/preload/**/*.ts'],
    ignores: TEST_FILES,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!electron$|\\.\\./shared/channels$)',
              allowTypeImports: true,
              message: `The preload may import only electron and ../shared/channels at runtime. ${SEE_STYLE}`,
            },
          ],
        },
      ],
    },
  },
)
