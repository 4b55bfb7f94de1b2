import { describe, expect, it } from 'vitest'
import { DEFAULT_INTAKE_WINDOW } from '../../../../shared/intake/intake-defaults'
import { formatClock } from '../../lib/time-format'
import { makeToken } from '../../testing/demo-data'
import { buildTimeline, MAX_LANES, TIMELINE_WIDTH } from './timeline-model'

const HOUR = 3_600_000

describe('buildTimeline', () => {
  it('spans today and tomorrow in Zurich with the window shaded on working days only', () => {
    const fridayNoon = Date.UTC(2026, 10, 27, 11) // Fri 27 Nov 12:00 CET
    const m = buildTimeline(fridayNoon, [], DEFAULT_INTAKE_WINDOW)
    expect(m.days.map((d) => d.date)).toEqual(['2026-11-27', '2026-11-28'])
    expect(m.days[0]?.window?.opensAtMs).toBe(Date.UTC(2026, 10, 27, 5))
    expect(m.days[1]?.window).toBeNull()
    expect(m.nowX).toBeCloseTo(TIMELINE_WIDTH / 4, 5)
  })

  it('labels the axis at wall-clock hours even on the 23-hour DST day', () => {
    const sunday = Date.UTC(2026, 2, 29, 10)
    const m = buildTimeline(sunday, [], DEFAULT_INTAKE_WINDOW)
    expect(m.ticks.slice(0, 8).map((t) => formatClock(t, 'Europe/Zurich'))).toEqual([
      '00:00',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
      '15:00',
      '18:00',
      '21:00',
    ])
  })

  it('draws the most urgent tokens first and counts the rest', () => {
    const now = Date.UTC(2026, 10, 26, 9)
    const tokens = Array.from({ length: MAX_LANES + 3 }, (_, i) =>
      makeToken(i, now, { receivedAtMs: now - HOUR, expiresAtMs: now + (i + 1) * HOUR }),
    )
    const m = buildTimeline(now, tokens.reverse(), DEFAULT_INTAKE_WINDOW)
    expect(m.bars).toHaveLength(MAX_LANES)
    expect(m.hiddenCount).toBe(3)
    expect(m.bars[0]?.token.expiresAtMs).toBe(now + HOUR)
    expect(m.bars[0]!.x2).toBeGreaterThan(m.bars[0]!.x1)
  })
})
