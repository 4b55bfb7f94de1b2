/**
 * The credential history of one entity: exchanges, hand-offs, refreshes, rotations, write-throughs
 * to Faces, failures and expiry, newest first (sync-log records of kind 'credential'). Reloaded
 * whenever the entity's credential view changes (a new generation, an acknowledgement, a death).
 */
import type { ReactNode } from 'react'
import type { CredentialEvent, EntityView } from '../../../../shared/model'
import { BUSINESS_TIME_ZONE, formatClockSeconds, formatDate } from '../../lib/time-format'
import { Empty, Loading, ProblemBox } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { OUTCOME_WORDS } from '../log/log-row'

/** Short names of the credential events. */
export const CREDENTIAL_EVENT_LABELS: Record<CredentialEvent, string> = {
  exchange: 'Exchange',
  'hand-off': 'Hand-off to Faces',
  refresh: 'Refresh',
  rotation: 'Rotation',
  'write-through-attempt': 'Write-through sent',
  'write-through-ack': 'Faces acknowledged',
  'write-through-failure': 'Write-through failed',
  failure: 'Failure',
  expiry: 'Expired',
  dead: 'Credential dead',
  reconcile: 'Reconciled',
}

/** What in the entity view changes when the credential history grows. */
export function credentialSignature(e: EntityView): string {
  const c = e.credential
  if (c.state === 'refresh-token')
    return `r:${c.sinceMs}:${c.faces.generation}:${c.faces.facesGeneration ?? '-'}:${c.faces.pendingSinceMs ?? '-'}`
  if (c.state === 'refresh-token-invalid') return `d:${c.sinceMs}`
  if (c.state === 'request-token') return `t:${c.token.id}:${c.token.state}`
  return 'none'
}

/** The credential history panel. */
export function CredentialHistoryPanel(props: { entity: EntityView }): ReactNode {
  const [load, reload] = useRequest(
    'log:query',
    { entityId: props.entity.id, kind: 'credential', limit: 30 },
    `${props.entity.id}#${credentialSignature(props.entity)}`,
  )
  let body: ReactNode
  if (load.status === 'failed')
    body = (
      <ProblemBox problem={load.problem} title="Could not load the credential history" onRetry={reload} />
    )
  else if (load.status !== 'ready') body = <Loading label="Loading the credential history…" />
  else if (load.value.records.length === 0) body = <Empty>No credential events yet.</Empty>
  else
    body = (
      <table className="compact-table">
        <caption className="sr-only">Credential events of this entity, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When (CET/CEST)</th>
            <th scope="col">Event</th>
            <th scope="col">Generation</th>
            <th scope="col">Faces holds</th>
            <th scope="col">Outcome</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {load.value.records.map((r) => (
            <tr key={r.seq}>
              <td className="mono">
                {formatDate(r.atMs, BUSINESS_TIME_ZONE)} {formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}
              </td>
              <td>{r.credential ? CREDENTIAL_EVENT_LABELS[r.credential.event] : '—'}</td>
              <td>{r.credential?.generation ?? '—'}</td>
              <td>{r.credential?.facesGeneration ?? '—'}</td>
              <td>
                <span className={`badge ${OUTCOME_WORDS[r.outcome].badge}`}>
                  {OUTCOME_WORDS[r.outcome].text}
                </span>
              </td>
              <td>
                {r.message}
                {r.error ? <span className="muted"> {r.error}</span> : null}
                {r.correlationId ? <span className="mono muted"> ({r.correlationId})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )
  return (
    <section className="panel wide" aria-labelledby="credential-history-title">
      <h2 id="credential-history-title">Credential history</h2>
      {body}
    </section>
  )
}
