/** Shared presentation of one sync-log record (log screen and entity panel). */
import type { ReactNode } from 'react'
import type { SyncLogRecord } from '../../../../shared/model'
import {
  BUSINESS_TIME_ZONE,
  formatClockSeconds,
  formatDate,
  formatDuration,
  zoneAbbreviation,
} from '../../lib/time-format'

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

/** Words and badge class per outcome (the screen never shows the raw value). */
export const OUTCOME_WORDS: Record<SyncLogRecord['outcome'], { text: string; badge: string }> = {
  success: { text: 'Success', badge: 'ok' },
  skipped: { text: 'Skipped', badge: 'muted' },
  warning: { text: 'Warning', badge: 'warn' },
  rejected: { text: 'Rejected', badge: 'bad' },
  failed: { text: 'Failed', badge: 'bad' },
  cancelled: { text: 'Cancelled', badge: 'muted' },
  info: { text: 'Info', badge: 'info' },
}

/** Words per record kind. */
export const KIND_WORDS: Record<SyncLogRecord['kind'], string> = {
  'run-started': 'Run started',
  'run-finished': 'Run finished',
  traveller: 'Traveller',
  token: 'Token',
  credential: 'Credential',
  info: 'Info',
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
      <dt>Kind</dt>
      <dd>{KIND_WORDS[r.kind]}</dd>
      <dt>Outcome</dt>
      <dd>{OUTCOME_WORDS[r.outcome].text}</dd>
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
          <dd>{formatDuration(r.durationMs)}</dd>
        </>
      ) : null}
      {r.runId ? (
        <>
          <dt>Run id</dt>
          <dd className="mono">{r.runId}</dd>
        </>
      ) : null}
      <dt>Record no.</dt>
      <dd>{r.seq}</dd>
    </dl>
  )
}
