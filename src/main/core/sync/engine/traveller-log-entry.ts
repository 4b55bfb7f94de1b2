/** The one builder of sync-log records about a traveller (both directions, every outcome). */
import type { Direction, SyncLogRecord } from '../../../../shared/model'
import type { SyncLogInput } from '../../sync-log/sync-log'

/** What a traveller record says. */
export type TravellerLogFacts = {
  entity: { id: string; name: string }
  runId: string | null
  direction: Direction
  /** The Concur login, when known. */
  traveller: string | null
  outcome: Exclude<SyncLogRecord['outcome'], 'info'>
  message: string
  durationMs?: number
  /** The failure behind a 'failed', 'rejected' or 'warning' record: its text and correlation id are recorded. */
  err?: unknown
  /** The correlation id of the call, when there was no failure to take it from. */
  correlationId?: string | null
}

/** The sync-log input for one traveller record. */
export function travellerLogEntry(f: TravellerLogFacts): SyncLogInput {
  return {
    entityId: f.entity.id,
    entityName: f.entity.name,
    runId: f.runId,
    direction: f.direction,
    traveller: f.traveller,
    kind: 'traveller',
    outcome: f.outcome,
    message: f.message,
    ...(f.durationMs === undefined ? {} : { durationMs: f.durationMs }),
    error: f.err === undefined ? null : errorText(f.err),
    correlationId: f.correlationId ?? (f.err === undefined ? null : correlationOf(f.err)),
  }
}

/** `Name: message` of a failure, for the sync log and the retry list (the log redacts known secrets). */
export function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

/** The correlation id a failure carries, if any. */
export function correlationOf(err: unknown): string | null {
  const id = (err as { correlationId?: unknown } | null)?.correlationId
  return typeof id === 'string' && id ? id : null
}
