/** A small bar chart of profiles synced and failures per poll over the last 24 hours. */
import type { ReactNode } from 'react'
import type { PollStat } from '../../../../shared/model'
import { formatClock, BUSINESS_TIME_ZONE } from '../../lib/time-format'

const W = 480
const H = 150
const PAD_L = 32
const PAD_B = 20

/** Chart geometry from the stats; pure so that it can be tested without a DOM. */
export function pollChartBars(stats: readonly PollStat[], fromMs: number, toMs: number) {
  const max = Math.max(1, ...stats.map((s) => s.synced + s.failed))
  const span = Math.max(1, toMs - fromMs)
  const plotW = W - PAD_L - 4
  const plotH = H - PAD_B - 6
  const barW = Math.max(2, Math.min(10, plotW / Math.max(stats.length, 1) - 1))
  return {
    max,
    bars: stats.map((s) => {
      const x = PAD_L + ((s.atMs - fromMs) / span) * plotW - barW / 2
      const hSynced = (s.synced / max) * plotH
      const hFailed = (s.failed / max) * plotH
      return { stat: s, x, barW, hSynced, hFailed, base: H - PAD_B }
    }),
  }
}

/** The chart, with a text summary for screen readers. */
export function PollChart(props: { stats: readonly PollStat[]; nowMs: number }): ReactNode {
  const fromMs = props.nowMs - 24 * 3_600_000
  const { max, bars } = pollChartBars(props.stats, fromMs, props.nowMs)
  const synced = props.stats.reduce((a, s) => a + s.synced, 0)
  const failed = props.stats.reduce((a, s) => a + s.failed, 0)
  const ticks = [0, 6, 12, 18, 24].map((h) => fromMs + h * 3_600_000)
  return (
    <svg
      viewBox={`0 0 ${W} ${H}`}
      className="chart"
      role="img"
      aria-label={`${props.stats.length} polls in the last 24 hours: ${synced} profiles synced, ${failed} failures`}
    >
      <line x1={PAD_L} x2={W - 4} y1={H - PAD_B} y2={H - PAD_B} className="axis" />
      <text x={PAD_L - 4} y={12} className="axis-label" textAnchor="end">
        {max}
      </text>
      <text x={PAD_L - 4} y={H - PAD_B} className="axis-label" textAnchor="end">
        0
      </text>
      {ticks.map((t, i) => {
        const x = PAD_L + ((t - fromMs) / (props.nowMs - fromMs)) * (W - PAD_L - 4)
        return (
          <text
            key={t}
            x={x}
            y={H - 4}
            className="axis-label"
            textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
          >
            {formatClock(t, BUSINESS_TIME_ZONE)}
          </text>
        )
      })}
      {bars.map((b) => (
        <g key={b.stat.atMs}>
          <title>{`${formatClock(b.stat.atMs, BUSINESS_TIME_ZONE)}: ${b.stat.synced} synced, ${b.stat.failed} failed`}</title>
          <rect x={b.x} y={b.base - b.hSynced} width={b.barW} height={b.hSynced} className="bar-ok" />
          <rect
            x={b.x}
            y={b.base - b.hSynced - b.hFailed}
            width={b.barW}
            height={b.hFailed}
            className="bar-bad"
          />
        </g>
      ))}
    </svg>
  )
}
