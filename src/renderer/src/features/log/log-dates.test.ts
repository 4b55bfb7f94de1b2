import { describe, expect, it } from 'vitest'
import { formatFilterInstant, parseFilterInstant, quickRanges, spansDays } from './log-dates'

const TZ = 'Europe/Zurich'

describe('log filter dates', () => {
  it('reads 24-hour wall times in CET and CEST, whole days, and says what is wrong', () => {
    expect(parseFilterInstant('2026-11-27 14:30', 'from', TZ)).toEqual({ ms: Date.UTC(2026, 10, 27, 13, 30) })
    expect(parseFilterInstant('2026-07-01 14:30', 'from', TZ)).toEqual({ ms: Date.UTC(2026, 6, 1, 12, 30) })
    expect(parseFilterInstant('2026-11-27', 'from', TZ)).toEqual({ ms: Date.UTC(2026, 10, 26, 23, 0) })
    expect(parseFilterInstant('2026-11-27', 'to', TZ)).toEqual({
      ms: Date.UTC(2026, 10, 27, 22, 59, 59, 999),
    })
    expect(parseFilterInstant('', 'to', TZ)).toEqual({ ms: undefined })
    expect(parseFilterInstant('27.11.2026 2:30 PM', 'from', TZ)).toEqual({
      error: expect.stringContaining('24-hour'),
    })
    expect(parseFilterInstant('2026-13-40 25:00', 'from', TZ)).toHaveProperty('error')
  })

  it('moves a time skipped by the spring DST switch forward', () => {
    expect(parseFilterInstant('2026-03-29 02:30', 'from', TZ)).toEqual({ ms: Date.UTC(2026, 2, 29, 1, 30) })
  })

  it('writes the field back in the same form', () => {
    expect(formatFilterInstant(Date.UTC(2026, 10, 27, 13, 30), TZ)).toBe('2026-11-27 14:30')
    expect(formatFilterInstant(undefined, TZ)).toBe('')
  })

  it('shows dates once records span more than one CET day', () => {
    const at = (h: number) => ({ atMs: Date.UTC(2026, 10, 27, h) })
    expect(spansDays([at(8), at(10)], TZ)).toBe(false)
    // 22:30 UTC is 23:30 CET, 23:30 UTC is already the next day in Zurich.
    expect(
      spansDays([{ atMs: Date.UTC(2026, 10, 27, 23, 30) }, { atMs: Date.UTC(2026, 10, 27, 22, 30) }], TZ),
    ).toBe(true)
    expect(spansDays([at(8)], TZ)).toBe(false)
  })

  it('offers quick ranges from the CET start of today', () => {
    const now = Date.UTC(2026, 10, 27, 13, 50)
    const ranges = quickRanges(now, TZ)
    expect(ranges.map((r) => r.label)).toEqual(['Last hour', 'Today', 'Since yesterday', 'Last 7 days'])
    expect(ranges[1]!.fromMs).toBe(Date.UTC(2026, 10, 26, 23, 0))
    expect(ranges[2]!.fromMs).toBe(Date.UTC(2026, 10, 25, 23, 0))
  })
})
