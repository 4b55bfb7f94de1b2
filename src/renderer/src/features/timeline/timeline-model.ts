/** Pure geometry of the intake timeline, tested without a DOM. */
import { Temporal } from 'temporal-polyfill'
import type { IntakeWindowSettings, TokenView } from '../../../../shared/model'
import type { TokenVerdict } from '../../../../shared/intake/window-verdict'
import { tokenVerdictAt, windowDays, type WindowDay } from '../../lib/intake-window'

/** Drawing width in SVG units (the SVG scales to its box). */
export const TIMELINE_WIDTH = 1000

/** Most token lanes drawn; the rest (later expiries) are counted in `hiddenCount`. */
export const MAX_LANES = 14

/** Everything the timeline draws. */
export type TimelineModel = {
  startMs: number
  endMs: number
  days: WindowDay[]
  x: (ms: number) => number
  nowX: number
  bars: Array<{
    token: TokenView
    x1: number
    x2: number
    /** Will someone exchange it before it expires? Red (`bad`) only when nobody can. */
    verdict: TokenVerdict
    isClippedLeft: boolean
    isClippedRight: boolean
  }>
  /** Pending tokens not drawn because only the MAX_LANES most urgent fit. */
  hiddenCount: number
  /** Axis ticks at wall-clock 00:00, 03:00, … in the window's zone (right on DST days too), plus the end. */
  ticks: number[]
}

/** Today and tomorrow in the window's zone, the window shading, and one bar per pending token. */
export function buildTimeline(
  nowMs: number,
  tokens: readonly TokenView[],
  settings: IntakeWindowSettings,
): TimelineModel {
  const days = windowDays(nowMs, settings, 2)
  const startMs = days[0]?.startMs ?? nowMs
  const endMs = days[days.length - 1]?.endMs ?? nowMs + 86_400_000
  const span = endMs - startMs
  const x = (ms: number) => ((Math.min(Math.max(ms, startMs), endMs) - startMs) / span) * TIMELINE_WIDTH
  const visible = tokens
    .filter((t) => t.expiresAtMs > startMs && t.receivedAtMs < endMs)
    .sort((a, b) => a.expiresAtMs - b.expiresAtMs)
  const bars = visible.slice(0, MAX_LANES).map((t) => ({
    token: t,
    x1: x(t.receivedAtMs),
    x2: Math.max(x(t.expiresAtMs), x(t.receivedAtMs) + 2),
    verdict: tokenVerdictAt(t, nowMs, settings),
    isClippedLeft: t.receivedAtMs < startMs,
    isClippedRight: t.expiresAtMs > endMs,
  }))
  const ticks: number[] = []
  for (const day of days) {
    const date = Temporal.PlainDate.from(day.date)
    for (let h = 0; h < 24; h += 3)
      ticks.push(
        date.toZonedDateTime({ timeZone: settings.timeZone, plainTime: new Temporal.PlainTime(h) })
          .epochMilliseconds,
      )
  }
  ticks.push(endMs)
  return { startMs, endMs, days, x, nowX: x(nowMs), bars, hiddenCount: visible.length - bars.length, ticks }
}
