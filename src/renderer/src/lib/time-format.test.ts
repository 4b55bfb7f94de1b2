import { describe, expect, it } from 'vitest'
import { formatClock, formatRelative, formatRemaining, zoneAbbreviation } from './time-format'

const WINTER_NOON_UTC = Date.UTC(2026, 10, 27, 12, 0) // Fri 27 Nov 2026
const SUMMER_NOON_UTC = Date.UTC(2026, 6, 15, 12, 0)

describe('formatRemaining', () => {
  it('shows seconds under a minute, minutes and seconds under an hour, hours and minutes under a day', () => {
    expect(formatRemaining(45_000, 0)).toBe('45 s')
    expect(formatRemaining(12 * 60_000 + 30_000, 0)).toBe('12 min 30 s')
    expect(formatRemaining(5 * 3_600_000 + 7 * 60_000, 0)).toBe('5 h 07 min')
    expect(formatRemaining(23 * 3_600_000 + 59 * 60_000, 0)).toBe('23 h 59 min')
    expect(formatRemaining(50 * 3_600_000, 0)).toBe('2 d 2 h')
  })

  it('says expired once the instant has passed', () => {
    expect(formatRemaining(1000, 1000)).toBe('expired')
    expect(formatRemaining(0, 5000)).toBe('expired')
  })
})

describe('business time', () => {
  it('labels Zurich time CET in winter and CEST in summer', () => {
    expect(zoneAbbreviation(WINTER_NOON_UTC, 'Europe/Zurich')).toBe('CET')
    expect(zoneAbbreviation(SUMMER_NOON_UTC, 'Europe/Zurich')).toBe('CEST')
  })

  it('formats the wall clock in the given zone regardless of the machine zone', () => {
    expect(formatClock(WINTER_NOON_UTC, 'Europe/Zurich')).toBe('13:00')
    expect(formatClock(SUMMER_NOON_UTC, 'Europe/Zurich')).toBe('14:00')
  })
})

describe('formatRelative', () => {
  it('reads past and future instants in plain words', () => {
    expect(formatRelative(0, 10_000)).toBe('just now')
    expect(formatRelative(0, 5 * 60_000)).toBe('5 min ago')
    expect(formatRelative(10 * 60_000, 0)).toBe('in 10 min')
    expect(formatRelative(0, 3 * 86_400_000)).toBe('3 d ago')
  })
})
