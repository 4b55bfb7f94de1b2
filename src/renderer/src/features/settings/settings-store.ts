/** The desk's settings (secrets excluded), kept current by 'settings:changed'. */
import { create } from 'zustand'
import type { SettingsView } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import { getDeskApi } from '../../api/desk-api-client'

type SettingsState = {
  settings: SettingsView | null
  status: 'idle' | 'loading' | 'ready' | 'failed'
  problem: Problem | null
  load: () => Promise<void>
  replace: (settings: SettingsView) => void
}

/** Settings as main holds them. */
export const useSettingsStore = create<SettingsState>((set, get) => ({
  settings: null,
  status: 'idle',
  problem: null,
  async load() {
    if (get().status !== 'ready') set({ status: 'loading', problem: null })
    const r = await getDeskApi().call('settings:get', {})
    if (!r.ok) return set({ status: 'failed', problem: r.problem })
    set({ settings: r.value, status: 'ready', problem: null })
  },
  replace(settings) {
    set({ settings, status: 'ready', problem: null })
  },
}))
