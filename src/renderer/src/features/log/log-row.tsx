/** Shared presentation of one sync-log record (log screen and entity panel). */
import type { ReactNode } from 'react'
import type { SyncLogRecord } from '../../../../shared/model'
import { BUSINESS_TIME_ZONE, formatClockSeconds, formatDate, zoneAbbreviation } from '../../lib/time-format'

/** Badge class per outcome. */
export const OUTCOME_BADGE: Record<SyncLogRecord['outcome'], string> = {
  success: 'ok',
  skipped: 'muted',
  warning: 'warn',
  rejected: 'bad',
  failed: 'bad',
  cancelled: 'muted',
  info: 'info',
}

/** `Concur → Faces` etc. */
export function directionLabel(d: SyncLogRecord['direction']): string {
  return d === 'concur-to-faces' ? 'Concur → Faces' : d === 'faces-to-concur' ? 'Faces → Concur' : '—'
}

/** The details of one record, as a definition list. */
export function LogRecordDetails(props: { record: SyncLogRecord }): ReactNode {
  const r = props.record
  return (
    <dl className="details">
      <dt>When</dt>
      <dd>
        {formatDate(r.atMs, BUSINESS_TIME_ZONE)} {formatClockSeconds(r.atMs, BUSINESS_TIME_ZONE)}{' '}
        {zoneAbbreviation(r.atMs, BUSINESS_TIME_ZONE)}
      </dd>
      <dt>Entity</dt>
      <dd>{r.entityName ?? '—'}</dd>
      <dt>Direction</dt>
      <dd>{directionLabel(r.direction)}</dd>
      <dt>Traveller</dt>
      <dd className="mono">{r.traveller ?? '—'}</dd>
      <dt>Run</dt>
      <dd className="mono">{r.runId ?? '—'}</dd>
      <dt>Outcome</dt>
      <dd>{r.outcome}</dd>
      <dt>Message</dt>
      <dd>{r.message}</dd>
      {r.error ? (
        <>
          <dt>Error</dt>
          <dd className="mono">{r.error}</dd>
        </>
      ) : null}
      {r.correlationId ? (
        <>
          <dt>Correlation id</dt>
          <dd className="mono">{r.correlationId}</dd>
        </>
      ) : null}
      {r.durationMs !== null ? (
        <>
          <dt>Duration</dt>
          <dd>{r.durationMs} ms</dd>
        </>
      ) : null}
      <dt>Sequence</dt>
      <dd>{r.seq}</dd>
    </dl>
  )
}
