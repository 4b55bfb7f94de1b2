/**
 * A live countdown. Each instance subscribes to the shared clock with a selector that returns the
 * formatted text, so it re-renders only when its own text changes (once a second under an hour,
 * once a minute otherwise) and never re-renders its parent table.
 */
import type { ReactNode } from 'react'
import { useNowStore } from './now-store'
import { formatBusinessDateTime, formatRemaining } from './time-format'

/** `5 h 07 min` counting down to `targetMs`, with the exact instant as a tooltip. */
export function Countdown(props: { targetMs: number; warnBelowMs?: number; label?: string }): ReactNode {
  const { targetMs, warnBelowMs } = props
  const text = useNowStore((s) => formatRemaining(targetMs, s.nowMs))
  const isWarn = useNowStore((s) => warnBelowMs !== undefined && targetMs - s.nowMs < warnBelowMs)
  return (
    <time
      className={text === 'expired' ? 'countdown bad' : isWarn ? 'countdown warn' : 'countdown'}
      dateTime={new Date(targetMs).toISOString()}
      title={formatBusinessDateTime(targetMs)}
    >
      {props.label ? `${props.label} ` : ''}
      {text}
    </time>
  )
}

/** `5 min ago` for a past instant, updated once a minute. */
export function Relative(props: { ms: number }): ReactNode {
  const minute = useNowStore((s) => Math.floor(s.nowMs / 60_000))
  return (
    <time dateTime={new Date(props.ms).toISOString()} title={formatBusinessDateTime(props.ms)}>
      {formatRelativeMinute(props.ms, minute * 60_000)}
    </time>
  )
}

function formatRelativeMinute(ms: number, nowMs: number): string {
  const diffMin = Math.round((nowMs - ms) / 60_000)
  const abs = Math.abs(diffMin)
  // The minute bucket lags the real clock by up to a minute, so "in 1 min" can mean "just now".
  if (abs < 1 || (diffMin < 0 && diffMin > -2)) return 'just now'
  const text =
    abs < 60 ? `${abs} min` : abs < 2880 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`
  return diffMin >= 0 ? `${text} ago` : `in ${text}`
}
