/** Facts about the running desk (version, transport, environment, keychain backend). */
import { create } from 'zustand'
import type { AppInfo } from '../../../../shared/model'
import { getDeskApi } from '../../api/desk-api-client'
import type { Load } from '../../lib/ui'

type AppState = { info: Load<AppInfo>; load: () => Promise<void> }

/** App info loaded once at startup. */
export const useAppStore = create<AppState>((set) => ({
  info: { status: 'idle' },
  async load() {
    set({ info: { status: 'loading' } })
    const r = await getDeskApi().call('app:info', {})
    set({ info: r.ok ? { status: 'ready', value: r.value } : { status: 'failed', problem: r.problem } })
  },
}))
