/**
 * The header: business time (CET/CEST) and local time, the intake window's state with the time to
 * close or open, and counts of pending tokens and entities in error. Each piece subscribes on its
 * own so the clock ticking does not re-render the counts.
 */
import { useMemo, type ReactNode } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { DEFAULT_INTAKE_WINDOW } from '../../../../shared/intake/intake-defaults'
import { windowStateAt } from '../../lib/intake-window'
import { Countdown } from '../../lib/countdown'
import { useNowBucket, useNowStore } from '../../lib/now-store'
import { formatClock, formatDate, formatDateTime, zoneAbbreviation } from '../../lib/time-format'
import { useKeyboardStore } from '../app/keyboard'
import { useNavStore } from '../app/nav-store'
import { NotificationsButton } from '../notifications/notification-history'
import { useEntitiesStore } from '../entities/entities-store'
import { errorChipRoute, isEntityInError } from '../entities/entity-list-model'
import { useSettingsStore } from '../settings/settings-store'
import { TeamChip } from '../team/team-chip'
import { isPendingToken, useTokensStore } from '../tokens/tokens-store'

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone

function Clocks(): ReactNode {
  const tz = useSettingsStore((s) => s.settings?.intakeWindow.timeZone ?? DEFAULT_INTAKE_WINDOW.timeZone)
  const business = useNowStore((s) => `${formatClock(s.nowMs, tz)} ${zoneAbbreviation(s.nowMs, tz)}`)
  const local = useNowStore((s) => formatClock(s.nowMs))
  return (
    <div className="clocks">
      <span title={tz}>
        <span className="muted">Zurich</span> <strong className="clock">{business}</strong>
      </span>
      {LOCAL_ZONE !== tz ? (
        <span title={LOCAL_ZONE}>
          <span className="muted">Local</span> <strong className="clock">{local}</strong>
        </span>
      ) : null}
    </div>
  )
}

/** `06:00` when the opening is today, `Mon 06:00` otherwise. */
function formatOpening(opensAtMs: number, nowMs: number, tz: string): string {
  const isToday = formatDate(opensAtMs, tz) === formatDate(nowMs, tz)
  return isToday ? formatClock(opensAtMs, tz) : formatDateTime(opensAtMs, tz).replace(/ \d+ \w+,/, '')
}

/** Window state chip with a countdown; state is recomputed once a minute (the window changes on whole minutes). */
export function WindowChip(): ReactNode {
  const minuteMs = useNowBucket(60_000)
  const settings = useSettingsStore((s) => s.settings?.intakeWindow ?? DEFAULT_INTAKE_WINDOW)
  const state = useMemo(() => windowStateAt(minuteMs, settings), [minuteMs, settings])
  const tz = settings.timeZone
  if (state.state === 'closed')
    return (
      <span className="chip closed" role="status">
        Window closed{' '}
        {state.opensAtMs !== null ? (
          <>
            · opens {formatOpening(state.opensAtMs, minuteMs, tz)}{' '}
            <Countdown targetMs={state.opensAtMs} label="in" />
          </>
        ) : null}
      </span>
    )
  // Between the soft and the hard close the desk is still staffed: count down to the hard close.
  if (minuteMs >= state.softCloseAtMs)
    return (
      <span className="chip soon" role="status">
        Window closing soon · soft close {formatClock(state.softCloseAtMs, tz)} passed · hard close{' '}
        {formatClock(state.hardCloseAtMs, tz)} <Countdown targetMs={state.hardCloseAtMs} label="in" />
      </span>
    )
  return (
    <span className={state.state === 'open' ? 'chip open' : 'chip soon'} role="status">
      {state.state === 'open' ? 'Window open' : 'Window closing soon'} · closes{' '}
      {formatClock(state.softCloseAtMs, tz)} <Countdown targetMs={state.softCloseAtMs} label="in" />
      <span className="muted"> (hard {formatClock(state.hardCloseAtMs, tz)})</span>
    </span>
  )
}

function Counts(): ReactNode {
  const pending = useTokensStore((s) => Object.values(s.byId).filter(isPendingToken).length)
  const inErrorIds = useEntitiesStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter((e) => !e.archived && isEntityInError(e))
        .map((e) => e.id),
    ),
  )
  const inError = inErrorIds.length
  const go = useNavStore((s) => s.go)
  return (
    <div className="counts">
      <button
        type="button"
        className={pending ? 'chip warn' : 'chip'}
        onClick={() => go({ screen: 'overview' })}
      >
        {pending} pending token{pending === 1 ? '' : 's'}
      </button>
      <button
        type="button"
        className={inError ? 'chip bad' : 'chip'}
        onClick={() => go(errorChipRoute(inErrorIds))}
        title={
          inError === 1 ? 'Open the entity in error' : inError ? 'List the entities in error' : 'All entities'
        }
      >
        {inError} entit{inError === 1 ? 'y' : 'ies'} in error
      </button>
    </div>
  )
}

/** The app header. */
export function DeskHeader(props: { environment: string | null }): ReactNode {
  return (
    <header className="desk-header">
      <div className="brand">
        Faces Concur Desk{' '}
        {props.environment ? (
          <span className={`chip env-${props.environment}`}>{props.environment}</span>
        ) : null}{' '}
        <TeamChip />
      </div>
      <Clocks />
      <WindowChip />
      <Counts />
      <div className="header-tools">
        <NotificationsButton />
        <button
          type="button"
          className="chip"
          aria-keyshortcuts="?"
          aria-haspopup="dialog"
          onClick={() => useKeyboardStore.setState({ isHelpOpen: true })}
        >
          Shortcuts <kbd>?</kbd>
        </button>
      </div>
    </header>
  )
}
