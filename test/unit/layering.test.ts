/**
 * Every layer's import rule, exercised through ESLint's Node API against the real
 * eslint.config.mjs: each zone must reject a forbidden import with its layering message and accept
 * an allowed one, so a rule cannot silently stop working (a typo in a glob, a zone overridden by a
 * later one). Only the layering rule runs and type information is off, which keeps this fast.
 */
import { join, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'
import { TEMPORARY_STORAGE_EXCEPTIONS } from '../../eslint.layers.mjs'

const ROOT = resolve(import.meta.dirname, '../..')
const RULE = '@typescript-eslint/no-restricted-imports'

let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({
    cwd: ROOT,
    overrideConfigFile: join(ROOT, 'eslint.config.mjs'),
    overrideConfig: {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parserOptions: { projectService: false, project: null, program: null } },
    },
    ruleFilter: ({ ruleId }) => ruleId === RULE,
  })
})

/** The layering messages ESLint reports for `code` as if it were the file at `filePath`. */
async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) })
  const fatal = result!.messages.filter((m) => m.fatal)
  expect(fatal, `${filePath} must parse`).toEqual([])
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => m.message)
}

type Probe = { file: string; forbidden: Array<[code: string, says: string]>; allowed: string }

const LAYERS: Record<string, Probe> = {
  'shared/': {
    file: 'src/shared/probe.ts',
    forbidden: [
      ["import { readFile } from 'node:fs'", 'no node:* imports'],
      ["import { createDesk } from '../main/app/desk'", 'shared/ imports shared/ only'],
      ["import type { DeskApi } from '../renderer/src/api/desk-api-client'", 'shared/ imports shared/ only'],
      ["import { request } from 'undici'", 'no I/O packages'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed: "import { z } from 'zod'\nimport type { Result } from './result'",
  },
  'core/': {
    file: 'src/main/core/sync/probe.ts',
    forbidden: [
      ["import { startSandbox } from '../../sandbox/sandbox'", 'may not import adapters/ or sandbox/'],
      ["import { createHttpClient } from '../../adapters/http/undici-http'", 'may not import adapters/'],
      ["import type { PushBus } from '../../app/push-bus'", 'may not import app/, not even types'],
      ["import { createDesk } from '../../app/desk'", 'may not import app/'],
      ["import { readFile } from 'node:fs/promises'", 'does no I/O itself'],
      ["import { join } from 'node:path'", 'does no I/O itself'],
      ["import { readFile } from 'fs'", 'with the node: prefix'],
      ["import { request } from 'undici'", 'only through ports'],
      ["import { createTask } from 'node-cron'", 'only through ports'],
      ["import writeFileAtomic from 'write-file-atomic'", 'only through ports'],
      ["import keytar from 'keytar'", 'only through ports'],
      ["import { app } from 'electron'", 'may not import electron'],
      ["import { createFileLogSink } from '../../logging/file-sink'", 'logger and redaction only'],
    ],
    allowed: [
      "import { createHash } from 'node:crypto'",
      "import { setMaxListeners } from 'node:events'",
      "import pLimit from 'p-limit'",
      "import type { Logger } from '../../logging/logger'",
      "import { secretRegistry } from '../../logging/redact'",
      "import type { PushBus, Clock } from '../ports'",
      "import type { Result } from '../../../shared/result'",
    ].join('\n'),
  },
  'core/ storage ports (no exception left)': {
    file: 'src/main/core/sync/outbox.ts',
    forbidden: [
      ["import { readFile } from 'node:fs/promises'", 'does no I/O itself'],
      ["import { join } from 'node:path'", 'does no I/O itself'],
      ["import Database from 'better-sqlite3'", 'only through ports'],
      ["import { Kysely } from 'kysely'", 'only through ports'],
      ["import pg from 'pg'", 'only through ports'],
      ["import lockfile from 'proper-lockfile'", 'only through ports'],
      ["import writeFileAtomic from 'write-file-atomic'", 'only through ports'],
    ],
    allowed: "import type { DeskStorage } from '../desk-storage'\nimport { createHash } from 'node:crypto'",
  },
  'adapters/storage': {
    file: 'src/main/adapters/storage/probe.ts',
    forbidden: [
      ["import { createDesk } from '../../app/desk'", 'never import app/ or sandbox/'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed:
      "import Database from 'better-sqlite3'\nimport { Kysely } from 'kysely'\nimport pg from 'pg'\nimport { readFileSync } from 'node:fs'\nimport type { DeskStorage } from '../../core/desk-storage'",
  },
  'core/ tests': {
    file: 'src/main/core/sync/probe.test.ts',
    forbidden: [
      ["import { BrowserWindow } from 'electron'", 'may not import electron'],
      ["import { createDeskWindow } from '../../adapters/electron/desk-window'", 'must run without Electron'],
    ],
    allowed: [
      "import { startSims } from '../../../../test/support/sync-harness'",
      "import { createConcurSimulator } from '../../sandbox/concur-sim/concur-simulator'",
      "import { createHttpClient } from '../../adapters/http/undici-http'",
      "import { mkdtemp } from 'node:fs/promises'",
    ].join('\n'),
  },
  'core/ test helpers (not tests)': {
    file: 'src/main/core/sync/probe.test-helper.ts',
    forbidden: [
      [
        "import { createConcurSimulator } from '../../sandbox/concur-sim/concur-simulator'",
        'live in test/support/',
      ],
      ["import { createHttpClient } from '../../adapters/http/undici-http'", 'live in test/support/'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed: "import { createManualClock } from '../clock'\nimport { readFileSync } from 'node:fs'",
  },
  'test/support/': {
    file: 'test/support/probe.ts',
    forbidden: [
      ["import { app } from 'electron'", 'may not import electron'],
      [
        "import { createDeskWindow } from '../../src/main/adapters/electron/desk-window'",
        'must run without Electron',
      ],
    ],
    allowed:
      "import { createConcurSimulator } from '../../src/main/sandbox/concur-sim/concur-simulator'\nimport { createHttpClient } from '../../src/main/adapters/http/undici-http'",
  },
  'sandbox/': {
    file: 'src/main/sandbox/concur-sim/probe.ts',
    forbidden: [
      ["import { createDesk } from '../../app/desk'", 'never app/ or adapters/'],
      ["import { createHttpClient } from '../../adapters/http/undici-http'", 'never app/ or adapters/'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed:
      "import { createServer } from 'node:http'\nimport type { Clock } from '../../core/ports'\nimport type { Logger } from '../../logging/logger'",
  },
  'adapters/': {
    file: 'src/main/adapters/http-service/probe.ts',
    forbidden: [
      ["import type { Desk } from '../../app/desk'", 'never import app/ or sandbox/'],
      ["import type { Dispatch } from '../../app/dispatcher'", 'never import app/ or sandbox/'],
      ["import { startSandbox } from '../../sandbox/sandbox'", 'never import app/ or sandbox/'],
      ["import { createDeskWindow } from '../electron/desk-window'", 'must run without Electron'],
      ["import { app } from 'electron'", 'may not import electron'],
      ["import Store from 'electron-store'", 'Electron-only package'],
    ],
    allowed:
      "import { createServer } from 'node:http'\nimport { request } from 'undici'\nimport type { Dispatch, PushBus } from '../../core/ports'\nimport type { Logger } from '../../logging/logger'",
  },
  'adapters/cron': {
    file: 'src/main/adapters/cron/probe.ts',
    forbidden: [["import { buildSession } from '../../app/session'", 'never import app/ or sandbox/']],
    allowed:
      "import { createTask } from 'node-cron'\nimport type { CronPort } from '../../core/scheduler/poll-scheduler'",
  },
  'adapters/electron': {
    file: 'src/main/adapters/electron/probe.ts',
    forbidden: [
      ["import { createDesk } from '../../app/desk'", 'createDesk is injected'],
      ["import { startSandbox } from '../../sandbox/sandbox'", 'never imports app/ or sandbox/'],
      ["import { DeskApi } from '../../../renderer/src/api/desk-api-client'", 'does not import the renderer'],
    ],
    allowed:
      "import { app } from 'electron'\nimport Store from 'electron-store'\nimport { autoUpdater } from 'electron-updater'\nimport type { SettingsRecovery } from '../storage/settings-recovery'\nimport type { DeskUpdater } from '../../core/updates/desk-updater'",
  },
  'logging/': {
    file: 'src/main/logging/probe.ts',
    forbidden: [
      ["import type { Desk } from '../app/desk'", 'sits below every layer'],
      ["import type { Clock } from '../core/ports'", 'sits below every layer'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed: "import { appendFileSync } from 'node:fs'\nimport { redact } from './redact'",
  },
  'app/': {
    file: 'src/main/app/probe.ts',
    forbidden: [
      [
        "import { startElectronShell } from '../adapters/electron/electron-shell'",
        'must run without Electron',
      ],
      ["import { app } from 'electron'", 'may not import electron'],
      ["import { App } from '../../renderer/src/app'", 'does not import the renderer'],
    ],
    allowed:
      "import { createNodeCronPort } from '../adapters/cron/node-cron-port'\nimport { startSandbox } from '../sandbox/sandbox'\nimport { createTokenDesk } from '../core/tokens/token-desk'",
  },
  'the Electron entry': {
    file: 'src/main/index.ts',
    forbidden: [
      ["import { exposeDeskApi } from '../preload/index'", 'does not import the renderer or the preload'],
    ],
    allowed:
      "import { app } from 'electron'\nimport { createDesk } from './app/desk'\nimport { startElectronShell } from './adapters/electron/electron-shell'",
  },
  'the service entry': {
    file: 'src/main/service.ts',
    forbidden: [
      ["import { registerAppScheme } from './adapters/electron/app-protocol'", 'must run without Electron'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed:
      "import { createDesk } from './app/desk'\nimport { startServiceServer } from './adapters/http-service/service-server'",
  },
  'preload/': {
    file: 'src/preload/probe.ts',
    forbidden: [
      ["import { z } from 'zod'", 'only electron and ../shared/channels'],
      ["import { requestSchemas } from '../shared/contract'", 'only electron and ../shared/channels'],
    ],
    allowed:
      "import { contextBridge } from 'electron'\nimport { isRequestChannel } from '../shared/channels'\nimport type { DeskApi } from '../shared/desk-api'",
  },
  'renderer/': {
    file: 'src/renderer/src/features/probe/probe.tsx',
    forbidden: [
      ["import { request } from 'undici'", 'no Node I/O packages'],
      ["import { readFile } from 'node:fs'", 'no node:* imports'],
      ["import { join } from 'path'", 'with the node: prefix'],
      ["import type { Desk } from '../../../../main/app/desk'", 'only through shared/ types and window.desk'],
      ["import { app } from 'electron'", 'may not import electron'],
    ],
    allowed:
      "import { create } from 'zustand'\nimport type { Result } from '../../../../shared/result'\nimport { getDeskApi } from '../../api/desk-api-client'",
  },
}

describe('layering rules', () => {
  describe.each(Object.entries(LAYERS))('%s', (_layer, probe) => {
    it.each(probe.forbidden)('rejects %s', async (code, says) => {
      const errors = await layeringErrors(probe.file, `${code}\n`)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toContain(says)
      expect(errors[0]).toContain('See ARCHITECTURE.md, "Layers"')
    })

    it('accepts what the layer may import', async () => {
      expect(await layeringErrors(probe.file, `${probe.allowed}\n`)).toEqual([])
    })
  })

  it('has no storage exception left: no core file may do its own file I/O', () => {
    expect(TEMPORARY_STORAGE_EXCEPTIONS).toEqual([])
  })
})
