import { describe, expect, it } from 'vitest'
import { checkTimeZone, timeZoneNames } from './time-zones'

describe('time-zone names', () => {
  it.each(['Europe/Zurich', 'America/New_York', 'UTC', 'Asia/Kolkata', 'Etc/UTC'])('accepts %s', (zone) => {
    expect(checkTimeZone(zone)).toEqual({ ok: true })
  })

  it('refuses abbreviations and says which zone to use', () => {
    expect(checkTimeZone('CET')).toMatchObject({ ok: false, suggestion: 'Europe/Zurich' })
    expect(checkTimeZone('cest')).toMatchObject({ ok: false, suggestion: 'Europe/Zurich' })
    expect(checkTimeZone('EST5EDT')).toMatchObject({ ok: false, suggestion: 'America/New_York' })
    const gmt = checkTimeZone('GMT')
    expect(gmt.ok).toBe(false)
    if (!gmt.ok) expect(gmt.message).toContain('abbreviation')
  })

  it('asks for the exact spelling when only the case differs', () => {
    expect(checkTimeZone('europe/zurich')).toEqual({
      ok: false,
      message: 'Write it as Europe/Zurich.',
      suggestion: 'Europe/Zurich',
    })
  })

  it('refuses names that are no zone at all, empty input and padded input', () => {
    expect(checkTimeZone('Europe/Atlantis')).toMatchObject({ ok: false, suggestion: null })
    expect(checkTimeZone('+01:00').ok).toBe(false)
    expect(checkTimeZone('')).toMatchObject({ ok: false, suggestion: 'Europe/Zurich' })
    expect(checkTimeZone(' Europe/Zurich ')).toMatchObject({ ok: false, suggestion: 'Europe/Zurich' })
  })

  it('lists UTC first and then the runtime zones, Europe/Zurich among them', () => {
    const names = timeZoneNames()
    expect(names[0]).toBe('UTC')
    expect(names).toContain('Europe/Zurich')
    expect(new Set(names).size).toBe(names.length)
  })
})
