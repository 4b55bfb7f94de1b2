/**
 * The Manual sync card: start an incremental sync or a full resync, and the latest run only (its
 * progress while it works, then its status and labelled counts). Earlier runs are in the run
 * history below it.
 */
import { useRef, useState, type ReactNode, type Ref } from 'react'
import type { RunHistoryEntry, SyncRunView } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import { formatBusinessDateTime, formatDuration } from '../../lib/time-format'
import { notifyFailure, notifyInfo } from '../notifications/notify'
import { countsWords, directionWords, progressWords, RUN_KIND_LABEL, runStatus } from './run-words'
import { isActiveRun, runProgress, useRunsStore } from './runs-store'

/** Cancels a run; the outcome comes back as the run's own end toast. */
async function cancelRun(runId: string, what: string): Promise<void> {
  const r = await getDeskApi().call('sync:cancel', { runId })
  if (r.ok) {
    useRunsStore.getState().upsert(r.value)
    notifyInfo(
      `Cancelling: ${what}`,
      'Profiles already written stay written; the rest wait for the next run.',
    )
  } else notifyFailure(`Could not cancel: ${what}`, r.problem)
}

/** The latest run: progress while it works, then its outcome. */
export function LatestRun(props: {
  row: RunHistoryEntry
  live: SyncRunView | null
  containerRef?: Ref<HTMLDivElement>
}): ReactNode {
  const { row, live } = props
  const status = runStatus(row.state, row.counts?.failed ?? 0)
  const label = `${RUN_KIND_LABEL[row.kind]} (${directionWords(row.direction)})`
  const active = live !== null && isActiveRun(live)
  const p = live ? runProgress(live) : null
  return (
    <div className="latest-run" aria-live="polite" tabIndex={-1} ref={props.containerRef}>
      <div className="row spread">
        <span>
          <strong>{label}</strong>{' '}
          <span className="muted">started {formatBusinessDateTime(row.startedAtMs)}</span>{' '}
          <span className={`badge ${status.badge}`}>{status.text}</span>
        </span>
        {active ? (
          <button type="button" className="small" onClick={() => void cancelRun(row.runId, label)}>
            Cancel
          </button>
        ) : row.durationMs !== null ? (
          <span className="muted">took {formatDuration(row.durationMs)}</span>
        ) : null}
      </div>
      {live ? (
        <>
          <progress
            max={1}
            value={p ?? undefined}
            aria-label={`${label} progress`}
            aria-valuetext={active ? progressWords(live) : status.text}
          />
          {active ? <span className="muted">{progressWords(live)}</span> : null}
        </>
      ) : null}
      <p className="run-counts">{countsWords(row)}</p>
      {row.problem ? <p className="inline-error">{row.problem}</p> : null}
    </div>
  )
}

/** The Manual sync card of an entity. */
export function RunsPanel(props: {
  entityId: string
  entityName: string
  /** Why the entity cannot sync now, or null when it can. */
  cannotSyncReason: string | null
  latest: RunHistoryEntry | null
}): ReactNode {
  const live = useRunsStore((s) => (props.latest ? (s.byId[props.latest.runId] ?? null) : null))
  const hasActive = useRunsStore((s) =>
    Object.values(s.byId).some(
      (r) => r.entityId === props.entityId && r.kind !== 'traveller' && isActiveRun(r),
    ),
  )
  const [isStarting, setIsStarting] = useState(false)
  // The buttons disable themselves while the run works: focus moves to the run, not the page.
  const latestRef = useRef<HTMLDivElement>(null)
  const reason =
    props.cannotSyncReason ??
    (hasActive ? 'A run of this entity is under way; wait for it or cancel it.' : null)

  async function start(full: boolean): Promise<void> {
    setIsStarting(true)
    const r = await getDeskApi().call('sync:run-entity', { entityId: props.entityId, full })
    setIsStarting(false)
    if (r.ok) {
      useRunsStore.getState().watch(r.value, props.entityName)
      requestAnimationFrame(() => latestRef.current?.focus())
    } else
      notifyFailure(
        `Could not start the ${full ? 'full resync' : 'sync'} of ${props.entityName}`,
        r.problem,
        { entityId: props.entityId },
      )
  }

  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Manual sync</h2>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={reason !== null || isStarting}
          title={reason ?? 'Reads the profiles changed in Concur since the last poll'}
          onClick={() => void start(false)}
        >
          {isStarting ? 'Starting…' : 'Sync now'}
        </button>
        <button
          type="button"
          disabled={reason !== null || isStarting}
          title={reason ?? 'Reads every profile again, from 1900-01-01'}
          onClick={() => void start(true)}
        >
          Full resync
        </button>
      </div>
      {reason ? <p className="muted disabled-reason">{reason}</p> : null}
      {props.latest ? (
        <LatestRun row={props.latest} live={live} containerRef={latestRef} />
      ) : (
        <p className="muted">No run yet. The first one starts when polling is on, or with Sync now.</p>
      )}
    </section>
  )
}
