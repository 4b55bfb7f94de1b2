/** Sync runs in progress or just finished, kept current by 'sync:run-updated'. */
import { create } from 'zustand'
import type { SyncRunView } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'

type RunsState = {
  byId: Record<string, SyncRunView>
  load: () => Promise<void>
  upsert: (run: SyncRunView) => void
}

/** Runs by id. */
export const useRunsStore = create<RunsState>((set, get) => ({
  byId: {},
  async load() {
    const r = await getDeskApi().call('sync:runs', {})
    if (!r.ok) return
    const byId: Record<string, SyncRunView> = { ...get().byId }
    for (const run of r.value) byId[run.runId] = newerRunView(byId[run.runId], run)
    set({ byId })
  },
  upsert(run) {
    const current = get().byId[run.runId]
    const next = newerRunView(current, run)
    if (next !== current) set({ byId: { ...get().byId, [run.runId]: next } })
  },
}))

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
