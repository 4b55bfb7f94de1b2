import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDeskSettings } from '../../core/settings/desk-settings'
import { createConfSettingsStore } from './conf-settings-store'

describe('conf settings store (service mode)', () => {
  it('starts with the Sandbox and the desk defaults on first run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    const store = createConfSettingsStore(dir)
    expect(store.read()).toEqual(defaultDeskSettings())
    expect(store.recovery).toBeNull()
  })

  it('persists a change across reopen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    const a = createConfSettingsStore(dir)
    a.write({ ...a.read(), requestTokenLifetimeHours: 24 })
    expect(createConfSettingsStore(dir).read().requestTokenLifetimeHours).toBe(24)
  })

  it('opens a file from an older version that lacks newer keys, filling them from the defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ desk: { environment: 'production' } }))
    const store = createConfSettingsStore(dir)
    expect(store.recovery).toBeNull()
    expect(store.read().environment).toBe('production')
    expect(store.read().intakeWindow.opensAt).toBe('06:00')
  })

  it('moves an unreadable file aside instead of wiping it, and starts with defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    writeFileSync(join(dir, 'settings.json'), '{"desk": {"environment": "production", ')
    const store = createConfSettingsStore(dir)
    expect(store.recovery?.movedTo).toMatch(/settings\.broken-.*\.json$/)
    expect(store.read().environment).toBe('sandbox')
    const kept = readdirSync(dir).find((f) => f.startsWith('settings.broken-'))!
    expect(readFileSync(join(dir, kept), 'utf8')).toContain('"production"')
  })

  it('refuses to write a document that breaks the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    const store = createConfSettingsStore(dir)
    expect(() => store.write({ ...store.read(), environment: 'staging' as never })).toThrow()
    expect(store.read().environment).toBe('sandbox')
  })
})
