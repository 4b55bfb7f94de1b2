// The layering of the code base as ESLint zones: one `@typescript-eslint/no-restricted-imports`
// zone per layer, each message pointing to the layer table in ARCHITECTURE.md. The zones' files
// do not overlap (a later zone for the same file would replace an earlier one's options).
// test/unit/layering.test.ts feeds every zone a forbidden and an allowed import.
import { builtinModules } from 'node:module'

const SEE = 'See ARCHITECTURE.md, "Layers" (who may import whom).'

/**
 * Files in core/ allowed to do their own file I/O: none. Storage lives in adapters/storage behind
 * ports (issue 12 emptied this list); test/unit/layering.test.ts keeps it empty.
 */
export const TEMPORARY_STORAGE_EXCEPTIONS = []

/** Pure Node built-ins the core may use: hashing (node:crypto) and setMaxListeners (node:events). */
export const CORE_NODE_BUILTINS = ['crypto', 'events']

const escape = (name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const anyOf = (names) => names.map(escape).join('|')
/** Matches a folder anywhere in a relative import path: `../../app/desk` names `app`. */
const folder = (...names) => `(^|/)(${anyOf(names)})(/|$)`
const pkg = (...names) => `^(${anyOf(names)})(/|$)`

const NODE_BUILTINS = builtinModules.filter((m) => !m.startsWith('_') && !m.startsWith('node:'))

/** Built-ins without the `node:` prefix would slip past every `^node:` rule below. */
const bareBuiltins = {
  regex: `^(${anyOf(NODE_BUILTINS)})(/|$)`,
  message: `Import Node built-ins with the node: prefix (node:fs, not fs), so the layer rules can see them. ${SEE}`,
}
const electronPackages = (who) => [
  {
    regex: pkg('electron'),
    message: `${who} may not import electron: only src/main/index.ts and src/main/adapters/electron/ may. ${SEE}`,
  },
  {
    regex: pkg('electron-store', 'electron-updater'),
    message: `${who} may not import an Electron-only package (it loads electron at import time); only src/main/adapters/electron/ may. ${SEE}`,
  },
]
/** Packages that do I/O or need the machine; the core reaches them only through ports. */
const IO_PACKAGES = ['undici', 'node-cron', 'keytar', 'conf', 'better-sqlite3', 'pg']
const STORAGE_PACKAGES = ['write-file-atomic', 'kysely', 'proper-lockfile']

function zone(files, patterns, extra = {}) {
  return {
    files,
    ...extra,
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
  }
}

/** The core: core/, shared/, the logger and redaction, pure npm packages; the world through ports. */
function corePatterns() {
  const builtinsAllowed = CORE_NODE_BUILTINS
  return [
    bareBuiltins,
    ...electronPackages('The core'),
    {
      regex: `^node:(?!(${anyOf(builtinsAllowed)})$)`,
      message: `The core does no I/O itself: files, network, processes and timers come in through ports (core/ports.ts). Pure built-ins allowed: ${CORE_NODE_BUILTINS.map((m) => `node:${m}`).join(', ')}. ${SEE}`,
    },
    {
      regex: pkg(...IO_PACKAGES, ...STORAGE_PACKAGES),
      message: `The core reaches HTTP, cron, files, the keychain, settings and databases only through ports (core/ports.ts); this package belongs in an adapter (src/main/adapters/). ${SEE}`,
    },
    {
      regex: folder('app'),
      message: `The core may not import app/, not even types: declare what it needs as a port in core/ports.ts. ${SEE}`,
    },
    {
      regex: folder('adapters', 'sandbox'),
      message: `The core may not import adapters/ or sandbox/: they depend on the core, and the composition root (app/) wires them in. ${SEE}`,
    },
    {
      regex: folder('renderer', 'preload'),
      message: `main/ does not import the renderer or the preload. ${SEE}`,
    },
    {
      regex: '(^|/)logging/(?!(logger|redact)$)',
      message: `The core may use the logger and redaction only (logging/logger, logging/redact); sinks are wired by the entry points. ${SEE}`,
    },
  ]
}

/** Layer zones for the flat config; `testFiles` are exempt from the production zones. */
export function layeringZones(testFiles) {
  const notTests = { ignores: testFiles }
  const noUi = {
    regex: folder('renderer', 'preload'),
    message: `main/ does not import the renderer or the preload. ${SEE}`,
  }
  // A sibling adapter names it as `../electron/…`, without the adapters/ segment.
  const noElectronAdapters = (who) => ({
    regex: `${folder('adapters/electron')}|^\\.\\.?/(.*/)?electron(/|$)`,
    message: `${who} must run without Electron (service mode is built from it): only src/main/index.ts may import adapters/electron. ${SEE}`,
  })
  return [
    zone(
      ['src/shared/**/*.ts'],
      [
        bareBuiltins,
        ...electronPackages('shared/'),
        {
          regex: '^node:',
          message: `shared/ runs anywhere, including the renderer: no node:* imports. ${SEE}`,
        },
        {
          regex: pkg(...IO_PACKAGES, ...STORAGE_PACKAGES),
          message: `shared/ is plain data and pure helpers: no I/O packages. ${SEE}`,
        },
        { regex: folder('main', 'renderer', 'preload'), message: `shared/ imports shared/ only. ${SEE}` },
      ],
      notTests,
    ),

    zone(['src/main/core/**/*.ts'], corePatterns(), notTests),
    // Core tests prove the core runs under plain Node: no Electron, not even mocked. A test may
    // wire the simulators and adapters (usually through test/support/).
    zone(
      ['src/main/core/**/*.test.ts'],
      [...electronPackages('A core test'), noElectronAdapters('A core test')],
    ),
    // A core test helper is not a test: it is shared core code for tests, so it keeps the core's
    // direction (no sandbox/, no adapters/). Helpers that wire simulators live in test/support/.
    zone(
      ['src/main/core/**/*.test-helper.ts'],
      [
        ...electronPackages('A core test helper'),
        {
          regex: folder('adapters', 'sandbox'),
          message: `A core test helper may not import adapters/ or sandbox/: helpers that wire the simulators or adapters live in test/support/. ${SEE}`,
        },
      ],
    ),
    // Shared test wiring (simulators, clients, harnesses) runs under plain Node like the core's tests.
    zone(
      ['test/support/**/*.ts'],
      [...electronPackages('A test helper'), noElectronAdapters('A test helper')],
    ),

    zone(
      ['src/main/sandbox/**/*.ts'],
      [
        bareBuiltins,
        ...electronPackages('The Sandbox'),
        {
          regex: folder('app', 'adapters'),
          message: `The Sandbox simulators stand in for Concur and Faces: they may use core/ (ports, formats), shared/ and logging/, never app/ or adapters/. ${SEE}`,
        },
        noUi,
      ],
      notTests,
    ),

    zone(
      ['src/main/adapters/**/*.ts'],
      [
        bareBuiltins,
        ...electronPackages('This adapter'),
        noElectronAdapters('This adapter'),
        {
          regex: folder('app', 'sandbox'),
          message: `Adapters implement core ports and take what they need from app/ as parameters (the entry points inject it); they never import app/ or sandbox/. ${SEE}`,
        },
        noUi,
      ],
      { ignores: [...testFiles, 'src/main/adapters/electron/**'] },
    ),
    zone(
      ['src/main/adapters/electron/**/*.ts'],
      [
        bareBuiltins,
        {
          regex: folder('app', 'sandbox'),
          message: `The Electron shell gets the desk from src/main/index.ts (createDesk is injected); it never imports app/ or sandbox/. ${SEE}`,
        },
        noUi,
      ],
      notTests,
    ),

    zone(
      ['src/main/logging/**/*.ts'],
      [
        bareBuiltins,
        ...electronPackages('logging/'),
        {
          regex: folder('app', 'core', 'adapters', 'sandbox'),
          message: `logging/ sits below every layer (the core logs through it): it imports logging/, shared/ and Node only. ${SEE}`,
        },
        noUi,
      ],
      notTests,
    ),

    zone(
      ['src/main/app/**/*.ts'],
      [bareBuiltins, ...electronPackages('app/'), noElectronAdapters('app/'), noUi],
      notTests,
    ),

    // The Electron entry is the composition root under Electron: anything under main/.
    zone(['src/main/index.ts'], [bareBuiltins, noUi]),
    // The service-mode entry is its plain-Node twin.
    zone(
      ['src/main/service.ts'],
      [bareBuiltins, ...electronPackages('Service mode'), noElectronAdapters('Service mode'), noUi],
    ),

    // A sandboxed preload cannot require npm packages, and electron-vite leaves them external:
    // at runtime it may import only electron and shared/channels (type-only imports are erased).
    zone(
      ['src/preload/**/*.ts'],
      [
        {
          regex: '^(?!electron$|\\.\\./shared/channels$)',
          allowTypeImports: true,
          message: `The preload may import only electron and ../shared/channels at runtime. ${SEE}`,
        },
      ],
      notTests,
    ),

    zone(
      ['src/renderer/**/*.{ts,tsx}'],
      [
        bareBuiltins,
        ...electronPackages('The renderer'),
        {
          regex: '^node:',
          message: `The renderer runs in a sandboxed page: no node:* imports. ${SEE}`,
        },
        {
          regex: pkg(...IO_PACKAGES, ...STORAGE_PACKAGES),
          message: `The renderer runs in a sandboxed page and reaches main only through window.desk or HTTP+SSE (src/renderer/src/api/); no Node I/O packages. ${SEE}`,
        },
        {
          regex: folder('main', 'preload'),
          message: `The renderer talks to main only through shared/ types and window.desk. ${SEE}`,
        },
      ],
      notTests,
    ),
  ]
}
