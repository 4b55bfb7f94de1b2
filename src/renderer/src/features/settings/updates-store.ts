/** The desk's own update status (Settings → Updates), kept current by 'updates:changed'. */
import { create } from 'zustand'
import type { UpdateStatus } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'

type UpdatesState = {
  status: UpdateStatus | null
  /** The last refused or failed call ("Restart to update" while a sync runs, for one). */
  problem: Problem | null
  load: () => Promise<void>
  replace: (status: UpdateStatus) => void
  check: () => Promise<void>
  install: () => Promise<void>
}

/** Update status as main holds it. */
export const useUpdatesStore = create<UpdatesState>((set) => ({
  status: null,
  problem: null,
  async load() {
    const r = await getDeskApi().call('updates:status', {})
    set(r.ok ? { status: r.value, problem: null } : { problem: r.problem })
  },
  replace(status) {
    set({ status })
  },
  async check() {
    set({ problem: null })
    const r = await getDeskApi().call('updates:check', {})
    set(r.ok ? { status: r.value } : { problem: r.problem })
  },
  async install() {
    set({ problem: null })
    const r = await getDeskApi().call('updates:install', {})
    set(r.ok ? { status: r.value } : { problem: r.problem })
  },
}))
