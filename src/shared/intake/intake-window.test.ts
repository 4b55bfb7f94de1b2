import { describe, expect, it } from 'vitest'
import type { IntakeWindowSettings } from '../model'
import { defaultIntakeWindow } from './intake-defaults'
import { lastOpenInstantBefore, windowsBetween, windowState } from './intake-window'

// The desk's default: 06:00 / 14:30 / 15:00 Europe/Zurich, Monday to Friday, closing soon 60 min before.
const settings: IntakeWindowSettings = defaultIntakeWindow()
const everyDay: IntakeWindowSettings = { ...settings, weekdays: [1, 2, 3, 4, 5, 6, 7] }
const utc = (iso: string): number => Date.parse(iso)
const HOUR = 3_600_000

describe('windowState', () => {
  it('is open on a winter weekday morning in CET (UTC+1)', () => {
    const s = windowState(utc('2026-01-14T06:00:00Z'), settings) // 07:00 CET Wednesday
    expect(s.state).toBe('open')
    expect(s.softCloseAtMs).toBe(utc('2026-01-14T13:30:00Z'))
    expect(s.hardCloseAtMs).toBe(utc('2026-01-14T14:00:00Z'))
    expect(s.msToClose).toBe(7.5 * HOUR)
    expect(s.msToOpen).toBeNull()
    expect(s.opensAtMs).toBe(utc('2026-01-15T05:00:00Z'))
  })

  it('uses CEST (UTC+2) in summer', () => {
    const s = windowState(utc('2026-07-01T12:45:00Z'), settings) // 14:45 CEST
    expect(s.state).toBe('soft-closed')
    expect(s.hardCloseAtMs).toBe(utc('2026-07-01T13:00:00Z'))
    expect(s.msToClose).toBe(15 * 60_000)
  })

  it('is closing soon in the last hour before the soft close', () => {
    expect(windowState(utc('2026-07-01T11:31:00Z'), settings).state).toBe('closing-soon')
    expect(windowState(utc('2026-07-01T11:29:00Z'), settings).state).toBe('open')
  })

  it('is closed at the hard close and points at the next working day', () => {
    const s = windowState(utc('2026-11-27T14:00:00Z'), settings) // Friday 15:00 CET
    expect(s.state).toBe('closed')
    expect(s.opensAtMs).toBe(utc('2026-11-30T05:00:00Z')) // Monday 06:00 CET
    expect(s.msToOpen).toBe(utc('2026-11-30T05:00:00Z') - utc('2026-11-27T14:00:00Z'))
    expect(s.msToClose).toBeNull()
  })

  it('takes "today" from the business zone, not from the UTC date', () => {
    // 23:30 UTC on Sunday is already 00:30 Monday in Zurich: the next opening is Monday 06:00, 5.5 h away.
    const s = windowState(utc('2026-11-29T23:30:00Z'), settings)
    expect(s.opensAtMs).toBe(utc('2026-11-30T05:00:00Z'))
    expect(s.msToOpen).toBe(5.5 * HOUR)
  })

  it('opens at 06:00 CEST on the spring-forward day 2026-03-29', () => {
    const s = windowState(utc('2026-03-28T23:00:00Z'), everyDay) // 00:00 CET Sunday
    expect(s.opensAtMs).toBe(utc('2026-03-29T04:00:00Z'))
    // The night is one hour shorter: 00:00 → 06:00 wall time is only 5 real hours.
    expect(s.msToOpen).toBe(5 * HOUR)
  })

  it('opens at 06:00 CET on the fall-back day 2026-10-25', () => {
    const s = windowState(utc('2026-10-24T22:00:00Z'), everyDay) // 00:00 CEST Sunday
    expect(s.opensAtMs).toBe(utc('2026-10-25T05:00:00Z'))
    expect(s.msToOpen).toBe(7 * HOUR)
    expect(windowState(utc('2026-10-25T13:30:00Z'), everyDay).state).toBe('soft-closed') // 14:30 CET
  })

  it('moves a window time that falls into the spring-forward gap forward', () => {
    const s = windowState(utc('2026-03-28T23:00:00Z'), { ...everyDay, opensAt: '02:30' })
    expect(s.opensAtMs).toBe(utc('2026-03-29T01:30:00Z')) // 03:30 CEST
  })
})

describe('windowsBetween', () => {
  it('lists today and tomorrow for a timeline across the fall-back night', () => {
    const ws = windowsBetween(utc('2026-10-24T22:00:00Z'), utc('2026-10-26T22:00:00Z'), everyDay)
    expect(ws.map((w) => w.date)).toEqual(['2026-10-25', '2026-10-26'])
    expect(ws[0]?.opensAtMs).toBe(utc('2026-10-25T05:00:00Z'))
    expect(ws[1]?.hardCloseAtMs).toBe(utc('2026-10-26T14:00:00Z'))
  })

  it('skips weekdays without a window', () => {
    const ws = windowsBetween(utc('2026-11-27T00:00:00Z'), utc('2026-12-01T00:00:00Z'), settings)
    expect(ws.map((w) => w.date)).toEqual(['2026-11-27', '2026-11-30'])
  })
})

describe('lastOpenInstantBefore', () => {
  it('is the instant itself inside a window, the last hard close otherwise', () => {
    expect(lastOpenInstantBefore(utc('2026-11-25T10:00:00Z'), settings)).toBe(utc('2026-11-25T10:00:00Z'))
    // Wednesday 18:00 CET: the window closed at 15:00 CET (14:00Z).
    expect(lastOpenInstantBefore(utc('2026-11-25T17:00:00Z'), settings)).toBe(utc('2026-11-25T14:00:00Z'))
    // Monday 05:00 CET: the last window was Friday's.
    expect(lastOpenInstantBefore(utc('2026-11-30T04:00:00Z'), settings)).toBe(utc('2026-11-27T14:00:00Z'))
  })

  it('does not count the opening minute itself (a token expiring at 06:00 sharp is gone)', () => {
    expect(lastOpenInstantBefore(utc('2026-11-25T05:00:00Z'), settings)).toBe(utc('2026-11-24T14:00:00Z'))
  })

  it('is null when no weekday has a window', () => {
    expect(lastOpenInstantBefore(utc('2026-11-25T10:00:00Z'), { ...settings, weekdays: [] })).toBeNull()
  })
})
