/** Sync runs as rows of `sync_runs` (RunStore port); saves are batched, newest state wins. */
import { sql, type Kysely } from 'kysely'
import type { RunCounts, RunHistoryEntry, SyncRunView } from '../../../../shared/model'
import { emptyRunCounts } from '../../../../shared/run-counts'
import type { RunStore } from '../../../core/sync/run-store'
import type { DeskSchema, SyncRunsTable } from '../db/desk-schema'
import { createWriteQueue } from '../db/write-queue'
import { fromJson, toJson } from './row-codec'

const VIEW_COLUMNS = new Set<string>([
  'runId',
  'entityId',
  'kind',
  'direction',
  'state',
  'pagesDone',
  'pagesTotal',
  'profilesDone',
  'profilesTotal',
  'failed',
  'counts',
  'startedAtMs',
  'finishedAtMs',
])

/** The columns a save writes: never the outcome, which `finish` records once. */
type ViewRow = Omit<SyncRunsTable, 'problem' | 'correlation_id' | 'interrupted'>

function rowOf(v: SyncRunView): ViewRow {
  const extra: Record<string, unknown> = {}
  for (const [k, val] of Object.entries(v)) if (!VIEW_COLUMNS.has(k) && val !== undefined) extra[k] = val
  return {
    run_id: v.runId,
    entity_id: v.entityId,
    kind: v.kind,
    direction: v.direction,
    state: v.state,
    pages_done: v.pagesDone,
    pages_total: v.pagesTotal,
    profiles_done: v.profilesDone,
    profiles_total: v.profilesTotal,
    failed: v.failed,
    counts: toJson(v.counts),
    started_at_ms: v.startedAtMs,
    finished_at_ms: v.finishedAtMs,
    extra: Object.keys(extra).length > 0 ? JSON.stringify(extra) : null,
  }
}

function viewOf(r: SyncRunsTable): SyncRunView {
  return {
    ...fromJson<Record<string, unknown>>(r.extra, {}),
    runId: r.run_id,
    entityId: r.entity_id,
    kind: r.kind as SyncRunView['kind'],
    direction: r.direction as SyncRunView['direction'],
    state: r.state as SyncRunView['state'],
    pagesDone: r.pages_done,
    pagesTotal: r.pages_total,
    profilesDone: r.profiles_done,
    profilesTotal: r.profiles_total,
    failed: r.failed,
    // Rows of version 3 kept no counts: the list shows zeros, the history "no counts".
    counts: fromJson<RunCounts>(r.counts, emptyRunCounts()),
    startedAtMs: Number(r.started_at_ms),
    finishedAtMs: r.finished_at_ms === null ? null : Number(r.finished_at_ms),
  }
}

function historyOf(r: SyncRunsTable): RunHistoryEntry {
  const v = viewOf(r)
  return {
    runId: v.runId,
    entityId: v.entityId,
    kind: v.kind,
    direction: v.direction,
    state: r.interrupted === 1 ? 'interrupted' : v.state,
    startedAtMs: v.startedAtMs,
    finishedAtMs: r.interrupted === 1 ? null : v.finishedAtMs,
    durationMs: r.interrupted === 1 || v.finishedAtMs === null ? null : v.finishedAtMs - v.startedAtMs,
    counts: fromJson<RunCounts | null>(r.counts, null),
    problem: r.problem,
    correlationId: r.correlation_id,
  }
}

/** Creates a run store over `db` (one per engine: `freeze` is final). */
export function createSqlRunStore(db: Kysely<DeskSchema>): RunStore {
  const queue = createWriteQueue(db)
  return {
    save(run) {
      const row = rowOf(run)
      return queue.run(async (trx) => {
        await trx
          .insertInto('sync_runs')
          .values({ ...row, problem: null, correlation_id: null, interrupted: 0 })
          .onConflict((oc) => oc.column('run_id').doUpdateSet(row))
          .execute()
      })
    },
    finish(runId, outcome) {
      return queue.run(async (trx) => {
        await trx
          .updateTable('sync_runs')
          .set({ problem: outcome.problem, correlation_id: outcome.correlationId })
          .where('run_id', '=', runId)
          .execute()
      })
    },
    async recent(q) {
      const rows = await db
        .selectFrom('sync_runs')
        .selectAll()
        .$if(q.entityId !== undefined, (qb) => qb.where('entity_id', '=', q.entityId!))
        .orderBy('started_at_ms', 'desc')
        .limit(q.limit)
        .execute()
      return rows.map(viewOf)
    },
    async history(q) {
      const rows = await db
        .selectFrom('sync_runs')
        .selectAll()
        .where('entity_id', '=', q.entityId)
        .orderBy('started_at_ms', 'desc')
        .limit(q.limit)
        .execute()
      return rows.map(historyOf)
    },
    async closeInterrupted(nowMs, of) {
      let update = db
        .updateTable('sync_runs')
        .set({
          state: 'cancelled',
          finished_at_ms: nowMs,
          interrupted: 1,
          ...(of ? { problem: of.problem } : {}),
        })
        .where('state', 'in', ['queued', 'running'])
      // The prefix taken literally (a LIKE pattern would read `_` and `%` in it as wildcards).
      if (of)
        update = update.where(sql<boolean>`substr(run_id, 1, ${of.runIdPrefix.length}) = ${of.runIdPrefix}`)
      return Number((await update.executeTakeFirst()).numUpdatedRows)
    },
    flush: () => queue.idle(),
    freeze: () => queue.freeze(),
  }
}
