import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkBuiltOutput,
  isShippedSource,
  judgeFindings,
  parseAllowlist,
  type Finding,
} from '../../../../scripts/electronegativity-gate.mjs'

const ROOT = resolve(__dirname, '../../../..')

const finding = (id: string, file: string, confidence = 'FIRM'): Finding => ({
  id,
  file,
  line: 1,
  severity: 'LOW',
  confidence,
  description: '',
  sample: '',
})

describe('electronegativity gate', () => {
  it('refuses findings that are not allowlisted and reports unused allowlist entries', () => {
    const allowlist = [
      { id: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/a.ts', reason: 'validated by parseExternalUrl first' },
      { id: 'PRELOAD_JS_CHECK', file: 'src/gone.ts', reason: 'a file that no longer exists at all' },
    ]
    const { allowed, refused, stale } = judgeFindings(
      [finding('OPEN_EXTERNAL_JS_CHECK', 'src/a.ts'), finding('SANDBOX_JS_CHECK', 'src/a.ts')],
      allowlist,
    )
    expect(allowed.map((f) => f.id)).toEqual(['OPEN_EXTERNAL_JS_CHECK'])
    expect(refused.map((f) => f.id)).toEqual(['SANDBOX_JS_CHECK'])
    expect(stale.map((e) => e.file)).toEqual(['src/gone.ts'])
  })

  it('lets an entry pinned to a confidence level cover only that level', () => {
    const allowlist = [
      { id: 'CSP_GLOBAL_CHECK', file: 'x.ts', confidence: 'FIRM', reason: 'maybe-weak note on self' },
    ]
    expect(judgeFindings([finding('CSP_GLOBAL_CHECK', 'x.ts', 'CERTAIN')], allowlist).refused).toHaveLength(1)
    expect(judgeFindings([finding('CSP_GLOBAL_CHECK', 'x.ts', 'FIRM')], allowlist).refused).toHaveLength(0)
  })

  it('insists on a reason for every allowlist entry', () => {
    expect(() => parseAllowlist(JSON.stringify([{ id: 'X', file: 'y' }]))).toThrow(/reason/)
    expect(() => parseAllowlist(JSON.stringify([{ id: 'X', file: 'y', reason: 'ok' }]))).toThrow(/reason/)
    expect(() => parseAllowlist('{}')).toThrow(/array/)
  })

  it('keeps the committed allowlist valid', () => {
    const entries = parseAllowlist(readFileSync(join(ROOT, 'build/electronegativity-allowlist.json'), 'utf8'))
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.length).toBeLessThanOrEqual(6)
  })

  it('scans shipped sources only', () => {
    expect(isShippedSource('src/main/adapters/electron/desk-ipc.ts')).toBe(true)
    expect(isShippedSource('src/main/adapters/electron/desk-ipc.test.ts')).toBe(false)
    expect(isShippedSource('src/main/core/concur/fixtures.test-helper.ts')).toBe(false)
    expect(isShippedSource('src/main/adapters/electron/fake-electron.ts')).toBe(false)
  })

  it('fails a built preload that requires more than electron, or a service bundle that loads electron', () => {
    const out = mkdtempSync(join(tmpdir(), 'gate-out-'))
    mkdirSync(join(out, 'preload'))
    mkdirSync(join(out, 'main', 'chunks'), { recursive: true })
    writeFileSync(join(out, 'preload', 'index.js'), 'const e = require("electron"); const z = require("zod")')
    writeFileSync(join(out, 'main', 'service.js'), 'require("./chunks/a.js")')
    writeFileSync(join(out, 'main', 'chunks', 'a.js'), 'const s = require("electron-store")')
    const { checked, problems } = checkBuiltOutput(out)
    expect(checked).toBe(true)
    expect(problems).toEqual([
      'out/preload/index.js requires "zod"',
      expect.stringContaining('a.js loads electron') as unknown as string,
    ])
    writeFileSync(join(out, 'preload', 'index.js'), 'let electron = require("electron");')
    writeFileSync(join(out, 'main', 'chunks', 'a.js'), 'module.exports = 1')
    expect(checkBuiltOutput(out).problems).toEqual([])
  })
})
