import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
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

  it('a damaged file never switches a production desk to the Sandbox: the last good copy takes its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    const a = createConfSettingsStore(dir)
    a.write({
      ...a.read(),
      environment: 'production',
      production: {
        ...a.read().production,
        facesBaseUrl: 'https://faces.example.com',
        concurClientId: 'cid-1',
      },
    })
    expect((statSync(join(dir, 'settings.json')).mode & 0o777).toString(8)).toBe('600')
    expect((statSync(join(dir, 'settings.last-good.json')).mode & 0o777).toString(8)).toBe('600')
    writeFileSync(join(dir, 'settings.json'), '{"desk": {"environment": "sandb')
    const b = createConfSettingsStore(dir)
    expect(b.recovery).toMatchObject({ restoredFrom: join(dir, 'settings.last-good.json') })
    expect(b.read()).toMatchObject({
      environment: 'production',
      production: { facesBaseUrl: 'https://faces.example.com', concurClientId: 'cid-1' },
    })
    expect(readdirSync(dir).some((f) => f.startsWith('settings.broken-'))).toBe(true)
  })

  it('without a good copy, stays in production when the data folder holds a production store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    mkdirSync(join(dir, 'production'))
    writeFileSync(join(dir, 'production', 'desk.sqlite'), '')
    writeFileSync(join(dir, 'settings.json'), 'garbage')
    const store = createConfSettingsStore(dir)
    expect(store.recovery).toMatchObject({ restoredFrom: null, environment: 'production' })
    expect(store.read().environment).toBe('production')
  })

  it('refuses to write a document that breaks the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'settings-'))
    const store = createConfSettingsStore(dir)
    expect(() => store.write({ ...store.read(), environment: 'staging' as never })).toThrow()
    expect(store.read().environment).toBe('sandbox')
  })
})
