/**
 * An entity's run history (one row per run, newest first), reloaded when one of its runs starts
 * or ends; while a run works, its row takes the live progress from the runs store.
 */
import { useMemo } from 'react'
import type { RunHistoryEntry, SyncRunView } from '../../../../shared/model'
import { runHistoryRowOf } from '../../../../shared/run-history-row'
import type { Load } from '../../lib/ui'
import { useRequest } from '../../lib/use-request'
import { useRunsStore } from './runs-store'

/** Rows the entity page asks for. */
export const RUN_HISTORY_ROWS = 30

/** History rows with the live runs of this page merged in (a live run not yet in the history on top). */
export function mergeLiveRuns(
  rows: readonly RunHistoryEntry[],
  live: readonly SyncRunView[],
): RunHistoryEntry[] {
  const byId = new Map(rows.map((r) => [r.runId, r]))
  for (const v of live) {
    const row = byId.get(v.runId)
    const isActive = v.state === 'queued' || v.state === 'running'
    if (!row) byId.set(v.runId, runHistoryRowOf(v))
    else if (isActive || row.state === 'running' || row.state === 'queued')
      byId.set(v.runId, {
        ...row,
        ...runHistoryRowOf(v),
        problem: row.problem,
        correlationId: row.correlationId,
      })
  }
  return [...byId.values()].sort((a, b) => b.startedAtMs - a.startedAtMs)
}

/** The entity's rows plus a reload. */
export function useRunHistory(entityId: string): [Load<RunHistoryEntry[]>, () => void] {
  const liveRuns = useRunsStore((s) => s.byId)
  const live = useMemo(
    () => Object.values(liveRuns).filter((r) => r.entityId === entityId),
    [liveRuns, entityId],
  )
  // Reload on a start or an end, not on every progress push.
  const signature = live.map((r) => `${r.runId}:${r.state}`).join('|')
  const [load, reload] = useRequest(
    'sync:run-history',
    { entityId, limit: RUN_HISTORY_ROWS },
    `${entityId}#${signature}`,
  )
  const merged = useMemo<Load<RunHistoryEntry[]>>(
    () => (load.status === 'ready' ? { status: 'ready', value: mergeLiveRuns(load.value, live) } : load),
    [load, live],
  )
  return [merged, reload]
}
