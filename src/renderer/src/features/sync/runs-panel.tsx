/** Manual syncs of one entity: start (incremental or full resync), watch progress, cancel. */
import { useShallow } from 'zustand/react/shallow'
import { useState, type ReactNode } from 'react'
import type { SyncRunView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { problemText } from '../../lib/problem-text'
import { BUSINESS_TIME_ZONE, formatClock, formatDuration } from '../../lib/time-format'
import { isActiveRun, runProgress, useRunsStore } from './runs-store'

const KIND_LABEL: Record<SyncRunView['kind'], string> = {
  scheduled: 'Scheduled poll',
  manual: 'Manual sync',
  'full-resync': 'Full resync',
  traveller: 'Traveller sync',
  'catch-up': 'Catch-up',
}

/** One run with a progress bar and a cancel button while it runs. */
export function RunRow(props: { run: SyncRunView }): ReactNode {
  const run = props.run
  const [problem, setProblem] = useState<Problem | null>(null)
  const p = runProgress(run)
  const label = `${KIND_LABEL[run.kind]} (${run.direction === 'concur-to-faces' ? 'Concur → Faces' : 'Faces → Concur'})`
  async function cancel(): Promise<void> {
    const r = await getDeskApi().call('sync:cancel', { runId: run.runId })
    if (r.ok) useRunsStore.getState().upsert(r.value)
    else setProblem(r.problem)
  }
  return (
    <li className="run">
      <div className="row spread">
        <span>
          <strong>{label}</strong>{' '}
          <span className="muted">started {formatClock(run.startedAtMs, BUSINESS_TIME_ZONE)}</span>{' '}
          <span className={`badge ${run.state === 'failed' ? 'bad' : run.state === 'done' ? 'ok' : 'info'}`}>
            {run.state}
          </span>
        </span>
        {isActiveRun(run) ? (
          <button type="button" className="small" onClick={() => void cancel()}>
            Cancel
          </button>
        ) : run.finishedAtMs ? (
          <span className="muted">took {formatDuration(run.finishedAtMs - run.startedAtMs)}</span>
        ) : null}
      </div>
      <progress
        max={1}
        value={p ?? undefined}
        aria-label={`${label} progress`}
        aria-valuetext={p === null ? 'working' : `${Math.round(p * 100)} %`}
      />
      <span className="muted">
        {run.profilesDone}
        {run.profilesTotal !== null ? ` of ${run.profilesTotal}` : ''} profiles, {run.pagesDone}
        {run.pagesTotal !== null ? ` of ${run.pagesTotal}` : ''} pages
        {run.failed ? `, ${run.failed} failed` : ''}
      </span>
      {problem ? (
        <span className="inline-error" role="alert">
          {' '}
          {problemText(problem)}
        </span>
      ) : null}
    </li>
  )
}

/** The manual-sync panel of an entity. */
export function RunsPanel(props: { entityId: string; canSync: boolean }): ReactNode {
  const runs = useRunsStore(
    useShallow((s) =>
      Object.values(s.byId)
        .filter((r) => r.entityId === props.entityId)
        .sort((a, b) => b.startedAtMs - a.startedAtMs)
        .slice(0, 5),
    ),
  )
  const [problem, setProblem] = useState<Problem | null>(null)
  const [isStarting, setIsStarting] = useState(false)
  const hasActive = runs.some(isActiveRun)

  async function start(full: boolean): Promise<void> {
    setIsStarting(true)
    setProblem(null)
    const r = await getDeskApi().call('sync:run-entity', { entityId: props.entityId, full })
    setIsStarting(false)
    if (r.ok) useRunsStore.getState().upsert(r.value)
    else setProblem(r.problem)
  }

  return (
    <section className="panel" aria-labelledby="runs-title">
      <h2 id="runs-title">Manual sync</h2>
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!props.canSync || isStarting || hasActive}
          onClick={() => void start(false)}
        >
          Sync now
        </button>
        <button
          type="button"
          disabled={!props.canSync || isStarting || hasActive}
          onClick={() => void start(true)}
        >
          Full resync
        </button>
        {!props.canSync ? <span className="muted">Needs a working refresh token first.</span> : null}
      </div>
      {problem ? (
        <p className="inline-error" role="alert">
          {problemText(problem)}
        </p>
      ) : null}
      {runs.length === 0 ? <p className="muted">No sync has run in this session.</p> : null}
      <ul className="runs">
        {runs.map((r) => (
          <RunRow key={r.runId} run={r} />
        ))}
      </ul>
    </section>
  )
}
