/**
 * The Sandbox's switches as main reports them ('sandbox:status', kept current by the
 * 'sandbox:changed' push), and the actions of the Sandbox panel: a switch on or off, a reset.
 */
import { create } from 'zustand'
import type { SandboxStatus } from '../../../../shared/model'
import type { Problem } from '../../../../shared/result'
import type { SandboxSwitchId } from '../../../../shared/sandbox-switches'
import { getDeskApi } from '../../api/desk-api-client'
import type { Load } from '../../lib/ui'

type SandboxState = {
  status: Load<SandboxStatus>
  /** The switch being changed right now (its checkbox waits). */
  busy: SandboxSwitchId | 'reset' | null
  /** Why the last change was refused, per switch. */
  problems: Partial<Record<SandboxSwitchId | 'reset', Problem>>
  load: () => Promise<void>
  replace: (status: SandboxStatus) => void
  setSwitch: (id: SandboxSwitchId, on: boolean, entityId?: string) => Promise<boolean>
  reset: () => Promise<boolean>
}

/** Sandbox status and switches. */
export const useSandboxStore = create<SandboxState>((set, get) => ({
  status: { status: 'idle' },
  busy: null,
  problems: {},
  async load() {
    if (get().status.status !== 'ready') set({ status: { status: 'loading' } })
    const r = await getDeskApi().call('sandbox:status', {})
    set({ status: r.ok ? { status: 'ready', value: r.value } : { status: 'failed', problem: r.problem } })
  },
  replace(status) {
    set({ status: { status: 'ready', value: status } })
  },
  async setSwitch(id, on, entityId) {
    set({ busy: id, problems: { ...get().problems, [id]: undefined } })
    const r = await getDeskApi().call('sandbox:set-switch', {
      switch: id,
      on,
      ...(entityId ? { entityId } : {}),
    })
    set({ busy: null })
    if (r.ok) set({ status: { status: 'ready', value: r.value } })
    else set({ problems: { ...get().problems, [id]: r.problem } })
    return r.ok
  },
  async reset() {
    set({ busy: 'reset', problems: { ...get().problems, reset: undefined } })
    const r = await getDeskApi().call('sandbox:reset', {})
    set({ busy: null })
    if (r.ok) set({ status: { status: 'ready', value: r.value } })
    else set({ problems: { ...get().problems, reset: r.problem } })
    return r.ok
  },
}))

/** The switches that are on, oldest first (the banner's order). */
export function activeSwitches(status: Load<SandboxStatus>): SandboxStatus['switches'] {
  if (status.status !== 'ready') return []
  return status.value.switches.filter((s) => s.isOn).sort((a, b) => (a.sinceMs ?? 0) - (b.sinceMs ?? 0))
}
