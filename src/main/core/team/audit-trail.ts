/**
 * The audit trail: who did what, when, on which entity, with what outcome. Details pass the log
 * redaction before they are stored, so a secret that slipped into one is masked. Queries page
 * back by sequence number; the CSV export reads a page at a time and escapes cells like the sync
 * log's export (formula-safe).
 */
import Papa from 'papaparse'
import type { AuditAction } from '../../../shared/audit-actions'
import type { AuditOutcome, AuditPage, AuditQuery, AuditRecordView } from '../../../shared/team-model'
import { redact } from '../../logging/redact'
import type { Clock } from '../ports'
import { safeCsvCell } from '../sync-log/csv-cells'
import type { AuditRecord, AuditStore } from './team-stores'

/** Who an audit record names. */
export type AuditActor = { id: string; name: string }

/** What one audit record says besides actor and action. */
export type AuditFacts = {
  entityId?: string | null
  entityName?: string | null
  outcome: AuditOutcome
  detail: string
}

/** The audit trail service. */
export interface AuditTrail {
  /** Appends a record; never throws (a failing store is logged by the caller's store). */
  record(actor: AuditActor, action: AuditAction, facts: AuditFacts): Promise<void>
  query(q: AuditQuery & { limit?: number }): Promise<AuditPage>
  exportCsv(q: AuditQuery): Promise<{ filename: string; csv: string; rows: number }>
}

const PAGE = 100
const EXPORT_PAGE = 2_000
const MAX_EXPORT_ROWS = 200_000
const CSV_COLUMNS = ['time', 'user', 'action', 'entityId', 'entityName', 'outcome', 'detail']

const view = (r: AuditRecord): AuditRecordView => ({
  seq: r.seq,
  atMs: r.atMs,
  actor: r.actorName,
  action: r.action,
  entityId: r.entityId,
  entityName: r.entityName,
  outcome: r.outcome,
  detail: r.detail,
})

/** Creates the trail over its store. */
export function createAuditTrail(deps: {
  store: AuditStore
  clock: Clock
  onError: (err: unknown) => void
}): AuditTrail {
  return {
    async record(actor, action, facts) {
      try {
        await deps.store.append({
          atMs: deps.clock.nowMs(),
          actorId: actor.id,
          actorName: actor.name.slice(0, 100),
          action,
          entityId: facts.entityId ?? null,
          entityName: facts.entityName ?? null,
          outcome: facts.outcome,
          detail: redact(facts.detail).slice(0, 500),
        })
      } catch (err) {
        deps.onError(err)
      }
    },
    async query(q) {
      const limit = q.limit ?? PAGE
      const { records, total } = await deps.store.query({ ...q, limit })
      return {
        records: records.map(view),
        total,
        nextBeforeSeq: records.length === limit ? records.at(-1)!.seq : null,
      }
    },
    async exportCsv(q) {
      const chunks = [Papa.unparse([CSV_COLUMNS])]
      let rows = 0
      let beforeSeq = q.beforeSeq
      for (;;) {
        const { records } = await deps.store.query({
          ...q,
          ...(beforeSeq ? { beforeSeq } : {}),
          limit: EXPORT_PAGE,
        })
        if (records.length === 0) break
        const cells = records.map((r) =>
          [
            new Date(r.atMs).toISOString(),
            r.actorName,
            r.action,
            r.entityId ?? '',
            r.entityName ?? '',
            r.outcome,
            r.detail,
          ].map(safeCsvCell),
        )
        chunks.push(Papa.unparse(cells, { escapeFormulae: false }))
        rows += records.length
        beforeSeq = records.at(-1)!.seq
        if (records.length < EXPORT_PAGE || rows >= MAX_EXPORT_ROWS) break
      }
      const stamp = new Date(deps.clock.nowMs()).toISOString().slice(0, 19).replace(/[:T]/g, '-')
      return { filename: `audit-${stamp}.csv`, csv: chunks.join('\r\n'), rows }
    },
  }
}
