/**
 * The audit trail's matching records: the newest page, then older pages on demand, each loaded
 * through `useRequest`, so an answer for filters the user has since changed is dropped (a slow
 * answer can never overwrite a newer one).
 */
import { useState, type ReactNode } from 'react'
import { auditActionLabel } from '../../../../shared/audit-actions'
import type { AuditQuery, AuditRecordView } from '../../../../shared/team-model'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, InlineProblem, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'

/** Records per page. */
export const AUDIT_PAGE_SIZE = 100

const OUTCOME_CLASS: Record<AuditRecordView['outcome'], string> = { ok: 'ok', failed: 'bad', denied: 'warn' }

/** The records matching `query`; `queryKey` identifies the filters (a new key: a new first page). */
export function AuditResults(props: { query: AuditQuery; queryKey: string }): ReactNode {
  const [first, reload] = useRequest(
    'audit:query',
    { ...props.query, limit: AUDIT_PAGE_SIZE },
    props.queryKey,
  )
  if (first.status === 'failed')
    return <ProblemBox problem={first.problem} title="Could not load the audit trail" onRetry={reload} />
  if (first.status !== 'ready') return <Loading label="Loading the audit trail…" />
  const page = first.value
  if (page.records.length === 0) return <Empty>No recorded actions match these filters.</Empty>
  return (
    <>
      <p className="muted">
        {page.total} record{page.total === 1 ? '' : 's'}
      </p>
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">User</th>
            <th scope="col">Action</th>
            <th scope="col">Entity</th>
            <th scope="col">Outcome</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <AuditRows key={props.queryKey} {...props} records={page.records} next={page.nextBeforeSeq} />
      </table>
    </>
  )
}

/** One page's rows; the last page shown ends the table with "Show older" or the next page. */
function AuditRows(props: {
  query: AuditQuery
  queryKey: string
  records: AuditRecordView[]
  next: number | null
}): ReactNode {
  const [older, setOlder] = useState(false)
  return (
    <>
      <tbody>
        {props.records.map((r) => (
          <tr key={r.seq}>
            <td className="mono">{formatBusinessDateTime(r.atMs)}</td>
            <td>{r.actor}</td>
            <td className="mono" title={auditActionLabel(r.action)}>
              {r.action}
            </td>
            <td>{r.entityName ?? r.entityId ?? ''}</td>
            <td>
              <span className={`badge ${OUTCOME_CLASS[r.outcome]}`}>{r.outcome}</span>
            </td>
            <td>{r.detail}</td>
          </tr>
        ))}
      </tbody>
      {props.next === null ? null : older ? (
        <OlderPage query={props.query} queryKey={props.queryKey} beforeSeq={props.next} />
      ) : (
        <Foot>
          <button type="button" onClick={() => setOlder(true)}>
            Show older
          </button>
        </Foot>
      )}
    </>
  )
}

function OlderPage(props: { query: AuditQuery; queryKey: string; beforeSeq: number }): ReactNode {
  const [page, reload] = useRequest(
    'audit:query',
    { ...props.query, beforeSeq: props.beforeSeq, limit: AUDIT_PAGE_SIZE },
    `${props.queryKey}:${props.beforeSeq}`,
  )
  if (page.status === 'failed')
    return (
      <Foot>
        <InlineProblem problem={page.problem} />
        <button type="button" onClick={reload}>
          Try again
        </button>
      </Foot>
    )
  if (page.status !== 'ready')
    return (
      <Foot>
        <Loading label="Loading older records…" />
      </Foot>
    )
  return (
    <AuditRows
      query={props.query}
      queryKey={props.queryKey}
      records={page.value.records}
      next={page.value.nextBeforeSeq}
    />
  )
}

function Foot(props: { children: ReactNode }): ReactNode {
  return (
    <tfoot>
      <tr>
        <td colSpan={6}>{props.children}</td>
      </tr>
    </tfoot>
  )
}
