/**
 * The run history of an entity, like a data-sync tool's job list: one row per run (scheduled,
 * manual, catch-up, full resync, traveller) with status, duration and labelled counts; a row opens
 * to that run's own log lines. Arrow keys move between rows.
 */
import { useState, type ReactNode } from 'react'
import type { RunHistoryEntry } from '../../../../shared/model'
import { moveRowFocus } from '../../lib/row-keys'
import {
  BUSINESS_TIME_ZONE,
  formatBusinessDateTime,
  formatClockSeconds,
  formatDuration,
} from '../../lib/time-format'
import { Empty, Loading, ProblemBox, type Load } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { OUTCOME_WORDS } from '../log/log-row'
import { countsWords, directionWords, RUN_KIND_LABEL, runStatus } from './run-words'

/** The log lines of one run, oldest first (as the run went). */
function RunLogLines(props: { entityId: string; runId: string; state: string }): ReactNode {
  const [load, reload] = useRequest(
    'log:query',
    { entityId: props.entityId, runId: props.runId, limit: 500 },
    `${props.runId}#${props.state}`,
  )
  if (load.status === 'failed')
    return <ProblemBox problem={load.problem} title="Could not load the run's log lines" onRetry={reload} />
  if (load.status !== 'ready') return <Loading label="Loading the run's log lines…" />
  const lines = [...load.value.records].reverse()
  if (lines.length === 0) return <p className="muted">This run logged nothing yet.</p>
  return (
    <>
      <ol className="run-lines" aria-label="Log lines of this run">
        {lines.map((r) => (
          <li key={r.seq}>
            <span className="mono muted">{formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}</span>{' '}
            <span className={`badge ${OUTCOME_WORDS[r.outcome].badge}`}>{OUTCOME_WORDS[r.outcome].text}</span>{' '}
            {r.traveller ? <span className="mono">{r.traveller}: </span> : null}
            {r.message}
            {r.error ? <span className="muted"> ({r.error})</span> : null}
          </li>
        ))}
      </ol>
      {load.value.hasMore ? (
        <p className="muted">The first 500 lines are shown; the sync log has all of them.</p>
      ) : null}
    </>
  )
}

function RunRow(props: { row: RunHistoryEntry; isOpen: boolean; onToggle: () => void }): ReactNode {
  const { row } = props
  const status = runStatus(row.state, row.counts?.failed ?? 0)
  const detailId = `run-lines-${row.runId}`
  return (
    <>
      <tr className={props.isOpen ? 'open' : undefined}>
        <td>
          <button
            type="button"
            className="link"
            aria-expanded={props.isOpen}
            aria-controls={props.isOpen ? detailId : undefined}
            onClick={props.onToggle}
          >
            {formatBusinessDateTime(row.startedAtMs)}
          </button>
        </td>
        <td>
          {RUN_KIND_LABEL[row.kind]}
          <br />
          <span className="muted">{directionWords(row.direction)}</span>
        </td>
        <td>
          <span className={`badge ${status.badge}`}>{status.text}</span>
        </td>
        <td>{row.durationMs !== null ? formatDuration(row.durationMs) : <span className="muted">—</span>}</td>
        <td>
          {countsWords(row)}
          {row.problem ? <div className="inline-error">{row.problem}</div> : null}
        </td>
      </tr>
      {props.isOpen ? (
        <tr className="run-detail" id={detailId}>
          <td colSpan={5}>
            <RunLogLines entityId={row.entityId} runId={row.runId} state={row.state} />
          </td>
        </tr>
      ) : null}
    </>
  )
}

/** The run history panel. */
export function RunHistoryPanel(props: { load: Load<RunHistoryEntry[]>; onRetry: () => void }): ReactNode {
  const [openId, setOpenId] = useState<string | null>(null)
  const { load } = props
  let body: ReactNode
  if (load.status === 'failed')
    body = (
      <ProblemBox problem={load.problem} title="Could not load the run history" onRetry={props.onRetry} />
    )
  else if (load.status !== 'ready') body = <Loading label="Loading the run history…" />
  else if (load.value.length === 0) body = <Empty>No run yet: polls and manual syncs appear here.</Empty>
  else
    body = (
      <div className="table-scroll">
        <table onKeyDown={moveRowFocus}>
          <caption className="sr-only">
            Runs of this entity, newest first; open a run to read its log lines
          </caption>
          <thead>
            <tr>
              <th scope="col">Started (CET/CEST)</th>
              <th scope="col">Run</th>
              <th scope="col">Status</th>
              <th scope="col">Duration</th>
              <th scope="col">What it did</th>
            </tr>
          </thead>
          <tbody>
            {load.value.map((row) => (
              <RunRow
                key={row.runId}
                row={row}
                isOpen={openId === row.runId}
                onToggle={() => setOpenId(openId === row.runId ? null : row.runId)}
              />
            ))}
          </tbody>
        </table>
      </div>
    )
  return (
    <section className="panel wide" aria-labelledby="run-history-title">
      <h2 id="run-history-title">Run history</h2>
      {body}
    </section>
  )
}
