/**
 * The audit trail: who did what, when, on which entity, with what outcome. Filters by user,
 * action, entity and day range (business time), newest first, more on demand, CSV export of
 * everything that matches.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import type { AuditQuery, AuditRecordView } from '../../../../shared/team-model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { downloadText } from '../../lib/download-file'
import { formatBusinessDateTime } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useEntitiesStore } from '../entities/entities-store'

const ACTIONS = [
  'sign-in',
  'sign-out',
  'token.paste',
  'token.exchange',
  'token.discard',
  'sync.start',
  'entity.create',
  'entity.update',
  'settings.change',
  'secret.set',
  'user.add',
  'user.disable',
  'user.reset',
  'access-token.create',
  'access-token.revoke',
]

const OUTCOME_CLASS: Record<AuditRecordView['outcome'], string> = { ok: 'ok', failed: 'bad', denied: 'warn' }

/** Midnight of a `YYYY-MM-DD` day in the browser's zone, as epoch ms (undefined when empty). */
function dayStartMs(day: string, plusDays = 0): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined
  const d = new Date(`${day}T00:00:00`)
  d.setDate(d.getDate() + plusDays)
  return d.getTime()
}

/** The audit screen. */
export function AuditScreen(props: { entityId?: string }): ReactNode {
  const entities = useEntitiesStore((s) => s.byId)
  const [actor, setActor] = useState('')
  const [action, setAction] = useState('')
  const [entityId, setEntityId] = useState(props.entityId ?? '')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [records, setRecords] = useState<AuditRecordView[] | null>(null)
  const [total, setTotal] = useState(0)
  const [next, setNext] = useState<number | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [note, setNote] = useState('')

  const query = useCallback((): AuditQuery => {
    const fromMs = dayStartMs(from)
    const toMs = dayStartMs(to, 1)
    return {
      ...(actor.trim() ? { actor: actor.trim() } : {}),
      ...(action ? { action } : {}),
      ...(entityId ? { entityId } : {}),
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
    }
  }, [actor, action, entityId, from, to])

  const load = useCallback(
    async (beforeSeq?: number) => {
      const r = await getDeskApi().call('audit:query', {
        ...query(),
        ...(beforeSeq ? { beforeSeq } : {}),
        limit: 100,
      })
      if (!r.ok) return setProblem(r.problem)
      setProblem(null)
      setRecords((old) => (beforeSeq && old ? [...old, ...r.value.records] : r.value.records))
      setTotal(r.value.total)
      setNext(r.value.nextBeforeSeq)
    },
    [query],
  )
  useEffect(() => {
    void load()
  }, [load])

  async function exportCsv(): Promise<void> {
    setNote('Exporting…')
    const r = await getDeskApi().call('audit:export-csv', query())
    if (!r.ok) {
      setNote('')
      return setProblem(r.problem)
    }
    downloadText(r.value.csv, r.value.filename)
    setNote(`Exported ${r.value.rows} records to ${r.value.filename}.`)
  }

  return (
    <section className="screen" aria-labelledby="audit-title">
      <div className="screen-head">
        <h1 id="audit-title">Audit trail</h1>
        <button type="button" onClick={() => void exportCsv()}>
          Export CSV
        </button>
      </div>
      <div className="filters row" role="search" aria-label="Audit filters">
        <label>
          User
          <input value={actor} onChange={(e) => setActor(e.target.value)} placeholder="any" />
        </label>
        <label>
          Action
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">any</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Entity
          <select value={entityId} onChange={(e) => setEntityId(e.target.value)}>
            <option value="">any</option>
            {Object.values(entities).map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {note ? <p role="status">{note}</p> : null}
      {problem ? (
        <ProblemBox problem={problem} title="Could not load the audit trail" onRetry={() => void load()} />
      ) : null}
      {records === null ? (
        <Loading label="Loading the audit trail…" />
      ) : records.length === 0 ? (
        <Empty>No recorded actions match these filters.</Empty>
      ) : (
        <>
          <p className="muted">
            {total} record{total === 1 ? '' : 's'}
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
            <tbody>
              {records.map((r) => (
                <tr key={r.seq}>
                  <td className="mono">{formatBusinessDateTime(r.atMs)}</td>
                  <td>{r.actor}</td>
                  <td className="mono">{r.action}</td>
                  <td>{r.entityName ?? r.entityId ?? ''}</td>
                  <td>
                    <span className={`badge ${OUTCOME_CLASS[r.outcome]}`}>{r.outcome}</span>
                  </td>
                  <td>{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {next !== null ? (
            <button type="button" onClick={() => void load(next)}>
              Show older
            </button>
          ) : null}
        </>
      )}
    </section>
  )
}
