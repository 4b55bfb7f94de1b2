/**
 * Credential history: every exchange, hand-off, refresh, rotation, write-through (attempt, ack,
 * failure), failure and expiry of an entity's credential is one record with time, entity,
 * generation, outcome and correlation id, never a secret. Stored in the sync log as kind
 * 'credential' (filter `kind: 'credential'`), so it is queried, exported and pushed like the rest.
 */
import type { CredentialEvent, SyncLogRecord } from '../../../shared/model'
import type { SyncLogInput } from '../sync-log/sync-log'

/** One history entry as the credential owner writes it. */
export type CredentialHistoryEntry = {
  entityId: string
  event: CredentialEvent
  outcome: Extract<SyncLogRecord['outcome'], 'success' | 'warning' | 'failed' | 'info'>
  generation: number | null
  facesGeneration?: number | null
  message: string
  correlationId?: string | null
  /** The failure, in words safe to show. */
  error?: string | null
}

/** The sync-log record of a history entry; `entityName` resolves the name for the log screen. */
export function toSyncLogInput(entry: CredentialHistoryEntry, entityName: string | null): SyncLogInput {
  return {
    entityId: entry.entityId,
    entityName,
    kind: 'credential',
    outcome: entry.outcome,
    message: entry.message,
    error: entry.error ?? null,
    correlationId: entry.correlationId ?? null,
    credential: {
      event: entry.event,
      generation: entry.generation,
      facesGeneration: entry.facesGeneration ?? null,
    },
  }
}
