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
    for (const run of r.value) byId[run.runId] = run
    set({ byId })
  },
  upsert(run) {
    set({ byId: { ...get().byId, [run.runId]: run } })
  },
}))

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
