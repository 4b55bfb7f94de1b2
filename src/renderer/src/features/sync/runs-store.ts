/**
 * Sync runs in progress or just finished, kept current by 'sync:run-updated'. Runs the user
 * started here are watched: when one ends, a toast says how it went, in the run's own counts.
 */
import { create } from 'zustand'
import type { SyncRunView } from '../../../../shared/model'
import { runCountsText } from '../../../../shared/run-counts'
import { getDeskApi } from '../../api/desk-api-client'
import { notifyFailure, notifyInfo, notifySuccess } from '../notifications/notify'
import { RUN_KIND_LABEL } from './run-words'

type RunsState = {
  byId: Record<string, SyncRunView>
  /** Runs started by the user in this page: their end raises a toast. */
  watched: Set<string>
  load: () => Promise<void>
  upsert: (run: SyncRunView) => void
  /** Watches a run the user just started (call with the start call's answer). */
  watch: (run: SyncRunView, entityName: string) => void
}

const names = new Map<string, string>()

/** Runs by id. */
export const useRunsStore = create<RunsState>((set, get) => {
  /** Toasts a watched run's end once. */
  function settle(runId: string): void {
    const run = get().byId[runId]
    if (!run || isActiveRun(run) || !get().watched.has(runId)) return
    const watched = new Set(get().watched)
    watched.delete(runId)
    set({ watched })
    toastRunEnd(run, names.get(runId) ?? 'the entity')
  }
  return {
    byId: {},
    watched: new Set(),
    async load() {
      const r = await getDeskApi().call('sync:runs', {})
      if (!r.ok) return
      const byId: Record<string, SyncRunView> = { ...get().byId }
      for (const run of r.value) byId[run.runId] = newerRunView(byId[run.runId], run)
      set({ byId })
      for (const run of r.value) settle(run.runId)
    },
    upsert(run) {
      const current = get().byId[run.runId]
      const next = newerRunView(current, run)
      if (next !== current) set({ byId: { ...get().byId, [run.runId]: next } })
      settle(run.runId)
    },
    watch(run, entityName) {
      names.set(run.runId, entityName)
      set({ watched: new Set(get().watched).add(run.runId) })
      // The answer may already be the end (a fast run whose pushes came first).
      get().upsert(run)
    },
  }
})

/** The toast at the end of a watched run. */
export function toastRunEnd(run: SyncRunView, entityName: string): void {
  const what = `${RUN_KIND_LABEL[run.kind]} of ${entityName}`
  const target = { entityId: run.entityId }
  const counts = runCountsText(run.counts)
  if (run.state === 'done' && run.counts.failed === 0) notifySuccess(`${what} succeeded`, counts, target)
  else if (run.state === 'done')
    notifyFailure(
      `${what} finished with ${run.counts.failed} failure${run.counts.failed === 1 ? '' : 's'}`,
      {
        kind: 'remote-failed',
        message: `${counts}. The failed profiles are retried at the next run; the run's log lines say why.`,
      },
      target,
    )
  else if (run.state === 'cancelled') notifyInfo(`${what} cancelled`, counts, target)
  else
    notifyFailure(
      `${what} failed`,
      { kind: 'remote-failed', message: `${counts}. Open the run in the run history to read its log lines.` },
      target,
    )
}

const STATE_RANK: Record<SyncRunView['state'], number> = {
  queued: 0,
  running: 1,
  done: 2,
  failed: 2,
  cancelled: 2,
}

/**
 * The more recent of two views of one run. A call's answer (e.g. "queued" from sync:run-entity)
 * can arrive after the pushes of a run that already finished; it must never roll the run back.
 */
export function newerRunView(current: SyncRunView | undefined, incoming: SyncRunView): SyncRunView {
  if (!current) return incoming
  const a = STATE_RANK[current.state]
  const b = STATE_RANK[incoming.state]
  if (b !== a) return b > a ? incoming : current
  if (a === 2) return current
  const progress = (r: SyncRunView): number => r.pagesDone + r.profilesDone + r.failed
  return progress(incoming) >= progress(current) ? incoming : current
}

/** True while a run can still be cancelled. */
export function isActiveRun(run: SyncRunView): boolean {
  return run.state === 'queued' || run.state === 'running'
}

/** Progress 0…1 of a run, or null when the total is not known yet. */
export function runProgress(run: SyncRunView): number | null {
  if (run.state === 'done') return 1
  if (run.profilesTotal) return Math.min(1, run.profilesDone / run.profilesTotal)
  if (run.pagesTotal) return Math.min(1, run.pagesDone / run.pagesTotal)
  return null
}
