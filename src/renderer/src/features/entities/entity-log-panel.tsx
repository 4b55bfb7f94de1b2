/**
 * The latest sync-log lines of one entity, refreshed when one of its runs changes state and when
 * its credential changes (an exchange, a failure, a rotation), so a failed exchange is never
 * shown above "Nothing logged".
 */
import { useState, type ReactNode } from 'react'
import { BUSINESS_TIME_ZONE, formatClockSeconds, formatDate } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { spansDays } from '../log/log-dates'
import { LogRecordDetails, OUTCOME_WORDS } from '../log/log-row'
import { useRunsStore } from '../sync/runs-store'
import { credentialSignature } from './credential-history-panel'
import { useEntitiesStore } from './entities-store'

/** Entity log panel. */
export function EntityLogPanel(props: { entityId: string }): ReactNode {
  const runSignature = useRunsStore((s) =>
    Object.values(s.byId)
      .filter((r) => r.entityId === props.entityId)
      .map((r) => `${r.runId}:${r.state}:${r.profilesDone}`)
      .join('|'),
  )
  const credential = useEntitiesStore((s) => {
    const e = s.byId[props.entityId]
    return e ? credentialSignature(e) : ''
  })
  const [load, reload] = useRequest(
    'log:query',
    { entityId: props.entityId, limit: 50 },
    `${props.entityId}#${runSignature}#${credential}`,
  )
  const [openSeq, setOpenSeq] = useState<number | null>(null)
  const go = useNavStore((s) => s.go)
  let body: ReactNode
  if (load.status === 'failed')
    body = <ProblemBox problem={load.problem} title="Could not load the log" onRetry={reload} />
  else if (load.status !== 'ready') body = <Loading label="Loading the log…" />
  else if (load.value.records.length === 0)
    body = (
      <Empty>
        Nothing logged for this entity yet: token exchanges, polls, manual syncs and traveller syncs appear
        here.
      </Empty>
    )
  else {
    const isDated = spansDays(load.value.records, BUSINESS_TIME_ZONE)
    body = (
      <ul className="log-lines">
        {load.value.records.map((r) => (
          <li key={r.seq}>
            <button
              type="button"
              className="log-line"
              aria-expanded={openSeq === r.seq}
              onClick={() => setOpenSeq(openSeq === r.seq ? null : r.seq)}
            >
              <span className="mono muted">
                {isDated ? `${formatDate(r.atMs, BUSINESS_TIME_ZONE).slice(0, -5)} ` : ''}
                {formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}
              </span>{' '}
              <span className={`badge ${OUTCOME_WORDS[r.outcome].badge}`}>
                {OUTCOME_WORDS[r.outcome].text}
              </span>{' '}
              {r.traveller ? <span className="mono">{r.traveller}: </span> : null}
              {r.message}
            </button>
            {openSeq === r.seq ? <LogRecordDetails record={r} /> : null}
          </li>
        ))}
      </ul>
    )
  }
  return (
    <section className="panel wide" aria-labelledby="entity-log-title">
      <div className="row spread">
        <h2 id="entity-log-title">Log</h2>
        <button
          type="button"
          className="small"
          onClick={() => go({ screen: 'log', entityId: props.entityId })}
        >
          Open in sync log
        </button>
      </div>
      {body}
    </section>
  )
}
