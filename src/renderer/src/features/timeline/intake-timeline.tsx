/**
 * The intake timeline: today and tomorrow on a CET/CEST axis, the window shaded (soft close, then
 * the hard close), a "now" line, and each pending token from receipt to expiry, coloured by its
 * window verdict: red only when nobody can exchange it before it expires, amber when it must be
 * exchanged before the window closes or waits for the next opening. Hovering or focusing a token
 * shows its entity, exact times and the verdict below the picture.
 */
import { useMemo, useState, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TokenView } from '../../../../shared/model'
import { DEFAULT_INTAKE_WINDOW } from '../../../../shared/intake/intake-defaults'
import { verdictText } from '../../../../shared/intake/verdict-text'
import { useNowBucket } from '../../lib/now-store'
import { formatBusinessDateTime, formatClock, formatDateTime, formatRemaining } from '../../lib/time-format'
import { useNavStore } from '../app/nav-store'
import { useEntitiesStore } from '../entities/entities-store'
import { useSettingsStore } from '../settings/settings-store'
import { isPendingToken, useTokensStore } from '../tokens/tokens-store'
import { buildTimeline, TIMELINE_WIDTH } from './timeline-model'

const AXIS_H = 44
const LANE_H = 22

/** The timeline picture plus the focused token's details. */
export function IntakeTimeline(): ReactNode {
  const nowMs = useNowBucket(60_000)
  const settings = useSettingsStore((s) => s.settings?.intakeWindow ?? DEFAULT_INTAKE_WINDOW)
  const tokens = useTokensStore(useShallow((s) => Object.values(s.byId).filter(isPendingToken)))
  const entities = useEntitiesStore((s) => s.byId)
  const go = useNavStore((s) => s.go)
  const [activeId, setActiveId] = useState<string | null>(null)
  const model = useMemo(() => buildTimeline(nowMs, tokens, settings), [nowMs, tokens, settings])
  const tz = settings.timeZone
  const lanes = Math.max(1, model.bars.length)
  const height = AXIS_H + lanes * LANE_H + 10
  const active: TokenView | undefined = model.bars.find((b) => b.token.id === activeId)?.token
  const activeBar = model.bars.find((b) => b.token.id === activeId)

  const ticks = model.ticks

  return (
    <figure className="timeline">
      <svg
        viewBox={`0 0 ${TIMELINE_WIDTH} ${height}`}
        role="group"
        aria-label={`Intake timeline for today and tomorrow (${tz}); ${model.bars.length} pending tokens`}
      >
        {model.days.map((day, i) => (
          <g key={day.date}>
            <text x={model.x(day.startMs) + 4} y={12} className="axis-label strong">
              {i === 0 ? 'Today' : 'Tomorrow'} {formatDateTime(day.startMs + 43_200_000, tz).split(',')[0]}
            </text>
            {day.window ? (
              <>
                <rect
                  x={model.x(day.window.opensAtMs)}
                  width={model.x(day.window.softCloseAtMs) - model.x(day.window.opensAtMs)}
                  y={AXIS_H - 6}
                  height={height - AXIS_H}
                  className="win-soft"
                >
                  <title>{`Intake window ${formatClock(day.window.opensAtMs, tz)}–${formatClock(day.window.softCloseAtMs, tz)}`}</title>
                </rect>
                <rect
                  x={model.x(day.window.softCloseAtMs)}
                  width={model.x(day.window.hardCloseAtMs) - model.x(day.window.softCloseAtMs)}
                  y={AXIS_H - 6}
                  height={height - AXIS_H}
                  className="win-hard"
                >
                  <title>{`Soft close ${formatClock(day.window.softCloseAtMs, tz)}, hard close ${formatClock(day.window.hardCloseAtMs, tz)}`}</title>
                </rect>
              </>
            ) : (
              <text
                x={model.x(day.startMs + 43_200_000)}
                y={AXIS_H + 14}
                className="axis-label"
                textAnchor="middle"
              >
                window closed all day
              </text>
            )}
            {i > 0 ? (
              <line
                x1={model.x(day.startMs)}
                x2={model.x(day.startMs)}
                y1={0}
                y2={height}
                className="day-line"
              />
            ) : null}
          </g>
        ))}
        {ticks.map((t, i) => (
          <g key={t}>
            <line x1={model.x(t)} x2={model.x(t)} y1={AXIS_H - 14} y2={AXIS_H - 8} className="axis" />
            <text
              x={model.x(t)}
              y={AXIS_H - 17}
              className="axis-label"
              textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
            >
              {formatClock(t, tz)}
            </text>
          </g>
        ))}
        <line x1={0} x2={TIMELINE_WIDTH} y1={AXIS_H - 8} y2={AXIS_H - 8} className="axis" />
        {model.bars.length === 0 ? (
          <text x={TIMELINE_WIDTH / 2} y={AXIS_H + 15} className="axis-label" textAnchor="middle">
            No pending request tokens
          </text>
        ) : null}
        {model.bars.map((b, i) => {
          const name = entities[b.token.entityId]?.name ?? b.token.outtaskId
          const y = AXIS_H + i * LANE_H
          return (
            <g
              key={b.token.id}
              tabIndex={0}
              role="button"
              aria-label={`${name}: received ${formatBusinessDateTime(b.token.receivedAtMs, tz)}, expires ${formatBusinessDateTime(b.token.expiresAtMs, tz)}. ${verdictText(b.verdict, b.token, nowMs, tz).detail}`}
              className={`token-bar risk-${b.verdict.severity}`}
              onMouseEnter={() => setActiveId(b.token.id)}
              onFocus={() => setActiveId(b.token.id)}
              onClick={() => go({ screen: 'entity', entityId: b.token.entityId })}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') go({ screen: 'entity', entityId: b.token.entityId })
              }}
            >
              <rect x={b.x1} y={y + 3} width={b.x2 - b.x1} height={LANE_H - 6} rx={4} />
              <text x={Math.min(b.x1 + 6, TIMELINE_WIDTH - 150)} y={y + LANE_H / 2 + 4} className="bar-label">
                {name}
              </text>
            </g>
          )
        })}
        <line x1={model.nowX} x2={model.nowX} y1={AXIS_H - 10} y2={height} className="now-line" />
        <text x={model.nowX + 3} y={AXIS_H - 26} className="now-label">
          now {formatClock(nowMs, tz)}
        </text>
      </svg>
      {model.hiddenCount > 0 ? (
        <p className="muted">
          Showing the {model.bars.length} tokens that expire first; {model.hiddenCount} more are listed below.
        </p>
      ) : null}
      <figcaption aria-live="polite" className="timeline-caption">
        {active && activeBar ? (
          <span>
            <strong>{entities[active.entityId]?.name ?? active.outtaskId}</strong> (
            <span className="mono">{active.outtaskId}</span>
            ): received {formatBusinessDateTime(active.receivedAtMs, tz)}, expires{' '}
            {formatBusinessDateTime(active.expiresAtMs, tz)} ({formatRemaining(active.expiresAtMs, nowMs)}{' '}
            left). {verdictText(activeBar.verdict, active, nowMs, tz).detail}
          </span>
        ) : (
          <span className="legend">
            <span className="swatch win" aria-hidden="true" /> intake window{' '}
            <span className="swatch hard" aria-hidden="true" /> soft → hard close{' '}
            <span className="swatch ok" aria-hidden="true" /> in time{' '}
            <span className="swatch warn" aria-hidden="true" /> exchange before the close, or wait for the
            opening <span className="swatch bad" aria-hidden="true" /> nobody can exchange it in time: new
            token needed · hover or focus a token for details
          </span>
        )}
      </figcaption>
    </figure>
  )
}
