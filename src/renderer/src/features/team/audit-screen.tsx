/**
 * The audit trail: who did what, when, on which entity, with what outcome. Filters by user,
 * action (shared/audit-actions.ts: the same list the desk records), entity and day range
 * (business time), newest first, more on demand, CSV export of everything that matches. Typing a
 * user name queries once the typing pauses.
 */
import { useMemo, useState, type ReactNode } from 'react'
import { AUDIT_ACTION_IDS, AUDIT_ACTIONS } from '../../../../shared/audit-actions'
import type { AuditQuery } from '../../../../shared/team-model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'
import { downloadText } from '../../lib/download-file'
import { ProblemBox } from '../../lib/ui'
import { useDebounced } from '../../lib/use-debounced'
import { useEntitiesStore } from '../entities/entities-store'
import { AuditResults } from './audit-results'

/** How long the user-name filter waits after the last keystroke before it queries. */
export const AUDIT_TEXT_DEBOUNCE_MS = 300

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
  const [problem, setProblem] = useState<Problem | null>(null)
  const [note, setNote] = useState('')
  const typedActor = useDebounced(actor.trim(), AUDIT_TEXT_DEBOUNCE_MS)

  const query = useMemo((): AuditQuery => {
    const fromMs = dayStartMs(from)
    const toMs = dayStartMs(to, 1)
    return {
      ...(typedActor ? { actor: typedActor } : {}),
      ...(action ? { action } : {}),
      ...(entityId ? { entityId } : {}),
      ...(fromMs !== undefined ? { fromMs } : {}),
      ...(toMs !== undefined ? { toMs } : {}),
    }
  }, [typedActor, action, entityId, from, to])
  const queryKey = JSON.stringify(query)

  async function exportCsv(): Promise<void> {
    setNote('Exporting…')
    const r = await getDeskApi().call('audit:export-csv', query)
    if (!r.ok) {
      setNote('')
      return setProblem(r.problem)
    }
    setProblem(null)
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
            {AUDIT_ACTION_IDS.map((a) => (
              <option key={a} value={a}>
                {AUDIT_ACTIONS[a]} ({a})
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
      {problem ? <ProblemBox problem={problem} title="Could not export the audit trail" /> : null}
      <AuditResults query={query} queryKey={queryKey} />
    </section>
  )
}
