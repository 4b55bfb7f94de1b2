import { describe, expect, it } from 'vitest'
import {
  formatInZone,
  formatRemaining,
  fromZonedInputValue,
  localTimeZone,
  toZonedInputValue,
} from './format-time'

const utc = (iso: string): number => Date.parse(iso)

describe('formatRemaining', () => {
  it('shows hours and minutes while more than an hour is left', () => {
    expect(formatRemaining(12 * 3_600_000, 55 * 60_000)).toBe('11 h 05 min')
  })

  it('shows minutes and seconds in the last hour', () => {
    expect(formatRemaining(10 * 60_000, 10 * 60_000 - 249_000)).toBe('4 min 09 s')
  })

  it('says expired at and after the expiry', () => {
    expect(formatRemaining(1000, 1000)).toBe('expired')
    expect(formatRemaining(1000, 5000)).toBe('expired')
  })

  it('subtracts instants, so the fall-back night counts its extra hour', () => {
    // 00:00 CEST → 12:00 CET on 2026-10-25 is 13 real hours.
    expect(formatRemaining(utc('2026-10-25T11:00:00Z'), utc('2026-10-24T22:00:00Z'))).toBe('13 h 00 min')
  })
})

describe('formatInZone', () => {
  it('shows CET in winter and CEST in summer for Europe/Zurich', () => {
    expect(formatInZone(utc('2026-01-14T13:30:00Z'), 'Europe/Zurich')).toBe('Wed 2026-01-14 14:30 CET')
    expect(formatInZone(utc('2026-07-01T12:30:00Z'), 'Europe/Zurich')).toBe('Wed 2026-07-01 14:30 CEST')
  })

  it('switches abbreviation exactly at the spring-forward instant', () => {
    expect(formatInZone(utc('2026-03-29T00:59:00Z'), 'Europe/Zurich')).toBe('Sun 2026-03-29 01:59 CET')
    expect(formatInZone(utc('2026-03-29T01:00:00Z'), 'Europe/Zurich')).toBe('Sun 2026-03-29 03:00 CEST')
  })

  it('falls back to a numeric offset for zones without a short name', () => {
    expect(formatInZone(utc('2026-01-14T13:30:00Z'), 'Asia/Kolkata')).toBe('Wed 2026-01-14 19:00 UTC+05:30')
  })
})

describe('localTimeZone', () => {
  it('names a zone that formatInZone accepts', () => {
    expect(formatInZone(0, localTimeZone())).toMatch(/^\w{3} 19(69|70)-\d{2}-\d{2} \d{2}:\d{2} \S+$/)
  })
})

describe('datetime-local values in the business zone', () => {
  const zone = 'Europe/Zurich'
  it('shows and reads wall times in the business zone, whatever the machine zone', () => {
    const ms = Date.UTC(2026, 10, 28, 13, 45) // 14:45 CET
    expect(toZonedInputValue(ms, zone)).toBe('2026-11-28T14:45')
    expect(fromZonedInputValue('2026-11-28T14:45', zone)).toBe(ms)
    expect(fromZonedInputValue('2026-07-01T14:45', zone)).toBe(Date.UTC(2026, 6, 1, 12, 45)) // CEST
  })
  it('moves a wall time skipped by spring-forward forward and takes the earlier of a repeated one', () => {
    expect(fromZonedInputValue('2026-03-29T02:30', zone)).toBe(Date.UTC(2026, 2, 29, 1, 30)) // 03:30 CEST
    expect(fromZonedInputValue('2026-10-25T02:30', zone)).toBe(Date.UTC(2026, 9, 25, 0, 30)) // 02:30 CEST
  })
  it('returns nothing for an empty or unreadable value', () => {
    expect(fromZonedInputValue('', zone)).toBeUndefined()
    expect(fromZonedInputValue('28.11.2026 14:45', zone)).toBeUndefined()
    expect(toZonedInputValue(undefined, zone)).toBe('')
  })
})
