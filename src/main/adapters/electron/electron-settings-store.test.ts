import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { defaultDeskSettings } from '../../core/settings/desk-settings'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule())

const { createElectronSettingsStore } = await import('./electron-settings-store')

describe('electron-store settings adapter', () => {
  it('starts from the defaults in settings.json inside the data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'))
    const store = createElectronSettingsStore(dir)
    expect(store.path).toBe(join(dir, 'settings.json'))
    expect(store.read()).toEqual(defaultDeskSettings())
  })

  it('persists what is written, for the next start to read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'))
    const next = {
      ...defaultDeskSettings(),
      environment: 'production' as const,
      requestTokenLifetimeHours: 6,
    }
    createElectronSettingsStore(dir).write(next)
    expect(createElectronSettingsStore(dir).read()).toEqual(next)
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'))).toEqual({ desk: next })
  })

  it('refuses to write a document that breaks the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'))
    const store = createElectronSettingsStore(dir)
    expect(() => store.write({ ...defaultDeskSettings(), environment: 'staging' } as never)).toThrow()
    expect(store.read().environment).toBe('sandbox')
  })

  it('keeps a settings file that breaks the schema aside instead of wiping it, and starts with defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-settings-'))
    const broken = JSON.stringify({ desk: { ...defaultDeskSettings(), environment: 'staging' } })
    writeFileSync(join(dir, 'settings.json'), broken)
    const store = createElectronSettingsStore(dir)
    expect(store.recovery?.reason).toMatch(/schema|must be equal/)
    expect(store.read().environment).toBe('sandbox')
    expect(readFileSync(store.recovery!.movedTo, 'utf8')).toBe(broken)
  })
})
