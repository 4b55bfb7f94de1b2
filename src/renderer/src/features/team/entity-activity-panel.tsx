/**
 * Who did what on one entity: who is working on it right now (presence), and its audit trail in
 * words ("token pasted by Anna at 10:24", "exchanged by Anna at 10:25"), refreshed when the
 * entity changes.
 */
import type { ReactNode } from 'react'
import { auditActionLabel } from '../../../../shared/audit-actions'
import type { AuditRecordView } from '../../../../shared/team-model'
import { formatClock, formatDate, BUSINESS_TIME_ZONE } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useNavStore } from '../app/nav-store'
import { useTokensStore } from '../tokens/tokens-store'
import { activityText } from './presence-bar'
import { useTeamStore } from './team-store'

/** "token pasted by Anna at 10:24 (2 Mar)" */
export function auditSentence(r: AuditRecordView): string {
  const label = auditActionLabel(r.action)
  const verb = label.charAt(0).toLowerCase() + label.slice(1)
  const outcome = r.outcome === 'ok' ? '' : r.outcome === 'denied' ? ' (refused: role)' : ' (failed)'
  return `${verb} by ${r.actor} at ${formatClock(r.atMs, BUSINESS_TIME_ZONE)} (${formatDate(r.atMs, BUSINESS_TIME_ZONE)})${outcome}`
}

/** The entity's activity panel. */
export function EntityActivityPanel(props: { entityId: string }): ReactNode {
  // Reloads when one of the entity's tokens changes state (pasted, exchanged, discarded).
  const tokenStates = useTokensStore((s) =>
    Object.values(s.byId)
      .filter((t) => t.entityId === props.entityId)
      .map((t) => `${t.id}:${t.state}`)
      .join('|'),
  )
  // One string, not a fresh array per render (the store selector must return a stable value).
  const working = useTeamStore((s) =>
    s.presence.users
      .flatMap((u) =>
        u.activities
          .filter((a) => a.entityId === props.entityId)
          .map((a) => `${u.name} is ${activityText(a)}`),
      )
      .join('; '),
  )
  const [load, reload] = useRequest(
    'audit:query',
    { entityId: props.entityId, limit: 20 },
    `${props.entityId}#${tokenStates}#${working}`,
  )
  const go = useNavStore((s) => s.go)
  return (
    <section className="panel" aria-labelledby="entity-activity-title">
      <div className="row spread">
        <h2 id="entity-activity-title">Who did what</h2>
        <button
          type="button"
          className="small"
          onClick={() => go({ screen: 'audit', entityId: props.entityId })}
        >
          Open in audit trail
        </button>
      </div>
      {working ? (
        <p className="notice" role="status">
          {working} now.
        </p>
      ) : null}
      {load.status === 'failed' ? (
        <ProblemBox problem={load.problem} title="Could not load the activity" onRetry={reload} />
      ) : load.status !== 'ready' ? (
        <Loading label="Loading the activity…" />
      ) : load.value.records.length === 0 ? (
        <Empty>Nobody has worked on this entity yet.</Empty>
      ) : (
        <ul className="activity-lines">
          {load.value.records.map((r) => (
            <li key={r.seq}>
              {auditSentence(r)}
              {r.detail ? <span className="muted">: {r.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
