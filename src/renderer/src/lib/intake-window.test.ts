import { describe, expect, it } from 'vitest'
import { DEFAULT_INTAKE_WINDOW } from '../../../shared/intake/intake-defaults'
import { nextOpeningAfter, tokenVerdictAt, windowDays, windowStateAt } from './intake-window'

// Zurich is UTC+1 in November (CET), UTC+2 in summer (CEST).
const zurichWinter = (day: number, h: number, m = 0) => Date.UTC(2026, 10, day, h - 1, m)
const HOUR = 3_600_000

describe('windowStateAt', () => {
  it('is open in the morning of a weekday with the soft close ahead', () => {
    const s = windowStateAt(zurichWinter(27, 9), DEFAULT_INTAKE_WINDOW) // Friday 09:00 CET
    expect(s).toEqual({
      state: 'open',
      softCloseAtMs: zurichWinter(27, 14, 30),
      hardCloseAtMs: zurichWinter(27, 15),
    })
  })

  it('is closing soon within the configured minutes before the soft close and until the hard close', () => {
    expect(windowStateAt(zurichWinter(27, 13, 45), DEFAULT_INTAKE_WINDOW).state).toBe('closing-soon')
    expect(windowStateAt(zurichWinter(27, 14, 45), DEFAULT_INTAKE_WINDOW).state).toBe('closing-soon')
  })

  it('is closed after the hard close on Friday and reopens on Monday at 06:00', () => {
    const s = windowStateAt(zurichWinter(27, 15, 1), DEFAULT_INTAKE_WINDOW)
    expect(s).toEqual({ state: 'closed', opensAtMs: zurichWinter(30, 6) })
  })

  it('is closed before opening on a weekday', () => {
    expect(windowStateAt(zurichWinter(26, 5, 59), DEFAULT_INTAKE_WINDOW)).toEqual({
      state: 'closed',
      opensAtMs: zurichWinter(26, 6),
    })
  })
})

describe('windowDays', () => {
  it('makes the spring DST day 23 hours long and still opens at 06:00 local time', () => {
    const sunday = Date.UTC(2026, 2, 28, 12) // Sat 28 Mar; DST starts Sun 29 Mar
    const days = windowDays(sunday, { ...DEFAULT_INTAKE_WINDOW, weekdays: [1, 2, 3, 4, 5, 6, 7] }, 2)
    expect(days[1]?.endMs! - days[1]?.startMs!).toBe(23 * HOUR)
    expect(days[1]?.window?.opensAtMs).toBe(Date.UTC(2026, 2, 29, 4)) // 06:00 CEST
  })

  it('has no window on days that are not configured', () => {
    const saturday = zurichWinter(28, 12)
    expect(windowDays(saturday, DEFAULT_INTAKE_WINDOW, 1)[0]?.window).toBeNull()
  })
})

describe('tokenVerdictAt', () => {
  it('is red only when the window is closed and the token expires before it reopens', () => {
    const now = zurichWinter(27, 16) // Friday after the close
    const token = { receivedAtMs: zurichWinter(27, 10), expiresAtMs: zurichWinter(28, 10) }
    expect(tokenVerdictAt(token, now, DEFAULT_INTAKE_WINDOW)).toMatchObject({
      kind: 'unreachable',
      severity: 'bad',
    })
  })

  it('is amber, not red, for a 12-hour token received in the morning while the desk is staffed', () => {
    const token = { receivedAtMs: zurichWinter(26, 8), expiresAtMs: zurichWinter(26, 20) }
    expect(tokenVerdictAt(token, zurichWinter(26, 9), DEFAULT_INTAKE_WINDOW)).toMatchObject({
      kind: 'exchange-before-close',
      severity: 'warn',
      windowClosesAtMs: zurichWinter(26, 15),
    })
  })

  it('is fine for a token that is still valid at the next opening', () => {
    const now = zurichWinter(26, 9)
    const token = { receivedAtMs: zurichWinter(26, 8), expiresAtMs: zurichWinter(27, 8) }
    expect(tokenVerdictAt(token, now, DEFAULT_INTAKE_WINDOW).severity).toBe('ok')
  })
})

describe('nextOpeningAfter', () => {
  it('finds the next morning opening', () => {
    expect(nextOpeningAfter(zurichWinter(26, 7), DEFAULT_INTAKE_WINDOW)).toBe(zurichWinter(27, 6))
  })
})
