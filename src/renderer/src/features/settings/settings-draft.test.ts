import { describe, expect, it } from 'vitest'
import { SYNC_LOG_RETENTION, settingsPatchSchema } from '../../../../shared/contract'
import { keychainSentence, toSettingsPatch, validateSettingsDraft } from './settings-draft'

const good = {
  environment: 'sandbox' as const,
  concurTokenBaseUrl: 'https://us.api.concursolutions.com',
  concurClientId: '',
  facesBaseUrl: '',
  facesUser: '',
  cron: '5,20,35,50 * * * *',
  scheduleTimeZone: 'Europe/Zurich',
  windowTimeZone: 'Europe/Zurich',
  opensAt: '06:00',
  softCloseAt: '14:30',
  hardCloseAt: '15:00',
  weekdays: [1, 2, 3, 4, 5],
  closingSoonMinutes: '60',
  requestTokenLifetimeHours: '24',
  loginIdChangePolicy: 'update-existing' as const,
  exchangeLaterByDefault: false,
  logMaxAgeDays: '90',
  logMaxRecords: '',
}

describe('validateSettingsDraft', () => {
  it('accepts the defaults', () => {
    expect(validateSettingsDraft(good)).toEqual({})
  })

  it('checks the sync-log retention: whole days, a sensible record count, empty for no limit', () => {
    expect(validateSettingsDraft({ ...good, logMaxAgeDays: '', logMaxRecords: '' })).toEqual({})
    expect(validateSettingsDraft({ ...good, logMaxAgeDays: '0.5', logMaxRecords: '10' })).toEqual({
      'syncLogRetention.maxAgeDays': expect.stringContaining('whole days'),
      'syncLogRetention.maxRecords': expect.stringContaining('10,000'),
    })
  })

  it("refuses a sync-log retention exactly outside the contract's bounds, as the contract does", () => {
    const contractTakes = (retention: { maxAgeDays: number | null; maxRecords: number | null }) =>
      settingsPatchSchema.safeParse({ syncLogRetention: retention }).success
    const { maxAgeDays: days, maxRecords: count } = SYNC_LOG_RETENTION
    // Each bound and its neighbour just outside.
    const edges = (b: { min: number; max: number }) =>
      [
        [b.min - 1, false],
        [b.min, true],
        [b.max, true],
        [b.max + 1, false],
      ] as const
    const cases = [
      ...edges(days).map(([n, inBounds]) => ({
        field: 'syncLogRetention.maxAgeDays',
        draft: { logMaxAgeDays: String(n), logMaxRecords: '' },
        retention: { maxAgeDays: n, maxRecords: null },
        inBounds,
      })),
      ...edges(count).map(([n, inBounds]) => ({
        field: 'syncLogRetention.maxRecords',
        draft: { logMaxAgeDays: '', logMaxRecords: String(n) },
        retention: { maxAgeDays: null, maxRecords: n },
        inBounds,
      })),
    ]
    for (const c of cases) {
      // The schema itself is asked, so a bound changed on either side alone fails here.
      expect(contractTakes(c.retention), JSON.stringify(c.retention)).toBe(c.inBounds)
      const message = validateSettingsDraft({ ...good, ...c.draft })[c.field]
      if (c.inBounds) expect(message, JSON.stringify(c.draft)).toBeUndefined()
      else expect(message, JSON.stringify(c.draft)).toMatch(/^Enter .* between /)
    }
    const en = (n: number) => n.toLocaleString('en-GB')
    expect(validateSettingsDraft({ ...good, logMaxAgeDays: '0' })['syncLogRetention.maxAgeDays']).toBe(
      `Enter whole days between ${en(days.min)} and ${en(days.max)}, or leave it empty for no age limit`,
    )
    expect(validateSettingsDraft({ ...good, logMaxRecords: '1' })['syncLogRetention.maxRecords']).toBe(
      `Enter a number of records between ${en(count.min)} and ${en(count.max)}, or leave it empty for no size limit`,
    )
  })

  it('explains each wrong field in words, keyed like main does', () => {
    const errors = validateSettingsDraft({
      ...good,
      opensAt: '6am',
      softCloseAt: '16:00',
      hardCloseAt: '15:00',
      weekdays: [],
      requestTokenLifetimeHours: '72',
    })
    expect(errors).toEqual({
      'intakeWindow.opensAt': 'Use 24-hour HH:MM, e.g. 06:00',
      'intakeWindow.hardCloseAt': 'The hard close must not come before the soft close',
      'intakeWindow.weekdays': 'Pick at least one weekday',
      requestTokenLifetimeHours: 'Enter a number of hours between 1 and 48',
    })
  })

  it('requires https for the production Concur URL', () => {
    const errors = validateSettingsDraft({
      ...good,
      environment: 'production',
      concurTokenBaseUrl: 'http://x',
    })
    expect(errors['production.concurTokenBaseUrl']).toBe('Enter a full https:// URL')
  })
})

describe('toSettingsPatch', () => {
  it('sends numbers as numbers, an empty retention limit as none, and production only when chosen', () => {
    const patch = toSettingsPatch({ ...good, closingSoonMinutes: '45', logMaxRecords: ' ' })
    expect(patch.production).toBeUndefined()
    expect(patch.intakeWindow?.closingSoonMinutes).toBe(45)
    expect(patch.requestTokenLifetimeHours).toBe(24)
    expect(patch.syncLogRetention).toEqual({ maxAgeDays: 90, maxRecords: null })
    expect(settingsPatchSchema.safeParse(patch).success).toBe(true)
    expect(toSettingsPatch({ ...good, environment: 'production', facesUser: 'desk' }).production).toEqual({
      concurTokenBaseUrl: 'https://us.api.concursolutions.com',
      concurClientId: '',
      facesBaseUrl: '',
      facesUser: 'desk',
    })
  })
})

describe('time zones in the settings form', () => {
  it('accepts only real IANA zones, with the zone to use instead', () => {
    const errors = validateSettingsDraft({
      ...good,
      windowTimeZone: 'CET',
      scheduleTimeZone: 'europe/zurich',
    })
    expect(errors['intakeWindow.timeZone']).toMatch(/^"CET" is an abbreviation.*Europe\/Zurich\.$/)
    expect(errors['schedule.timeZone']).toBe('Write it as Europe/Zurich.')
    expect(validateSettingsDraft({ ...good, windowTimeZone: 'Mars/Olympus' })['intakeWindow.timeZone']).toBe(
      '"Mars/Olympus" is not a time zone name. Use an IANA name (Region/City) such as Europe/Zurich.',
    )
  })
})

describe('where secrets live, in one plain sentence', () => {
  it('says the Sandbox keeps them in memory, never the technical reason', () => {
    const text = keychainSentence({
      environment: 'sandbox',
      keychain: {
        backend: 'memory',
        detail: 'in memory only: no OS keychain here (Cannot autolaunch D-Bus without X11 $DISPLAY)',
      },
    })
    expect(text).toBe(
      'Sandbox secrets are kept in memory and forgotten when the desk stops; production needs the system keychain.',
    )
    expect(text).not.toMatch(/D-Bus|X11/)
  })

  it('names the system keychain when there is one, and what production needs when there is none', () => {
    expect(
      keychainSentence({ environment: 'production', keychain: { backend: 'keychain', detail: 'x' } }),
    ).toBe('Secrets are kept in the system keychain, never in files or logs.')
    expect(
      keychainSentence({
        environment: 'production',
        keychain: { backend: 'memory', detail: 'org.freedesktop' },
      }),
    ).toMatch(/^No system keychain is reachable/)
  })
})
