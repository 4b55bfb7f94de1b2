/**
 * The team: who this page acts as (`session:me`) and who else is at the desk (presence, kept live
 * by pushes), and the Electron app's link to a team desk (Settings → Team desk and the header chip,
 * kept current by 'team:changed'). After a link switch (connected, or back to solo) the window
 * reloads, so every screen reads from the desk that now answers.
 */
import { useEffect } from 'react'
import { create } from 'zustand'
import type { RequestChannel } from '../../../../shared/channels'
import { roleMayCall } from '../../../../shared/channel-roles'
import type { RequestInput } from '../../../../shared/contract'
import type { Problem, Result } from '../../../../shared/result'
import type { TeamConnectOutcome, TeamDeskStatus } from '../../../../shared/team-link-model'
import type { PresenceView, SessionMe } from '../../../../shared/team-model'
import { getDeskApi } from '../../api/desk-api-client'

type Confirming = Extract<TeamConnectOutcome, { step: 'confirm-certificate' }>

type TeamState = {
  me: SessionMe | null
  presence: PresenceView
  /** The app's link to a team desk (null until read). */
  status: TeamDeskStatus | null
  /** A certificate waiting for the user's confirmation (first connect, or a changed one). */
  confirming: Confirming | null
  problem: Problem | null
  busy: boolean
  /** Reads `session:me` and presence from the desk that answers. */
  load: () => Promise<void>
  setPresence: (view: PresenceView) => void
  /** Reads the app's link (`team:status`). */
  loadLink: () => Promise<void>
  replace: (status: TeamDeskStatus) => void
  connect: (input: RequestInput<'team:connect'>) => Promise<void>
  confirm: () => Promise<void>
  cancel: () => void
  disconnect: () => Promise<void>
}

let reloadWindow = (): void => window.location.reload()

/** Tests replace the reload after a switch. */
export function setReloadForTests(reload: (() => void) | null): void {
  reloadWindow = reload ?? (() => window.location.reload())
}

/** The team store. */
export const useTeamStore = create<TeamState>((set, get) => {
  async function settle(outcome: Promise<Result<TeamConnectOutcome>>): Promise<void> {
    set({ busy: true, problem: null })
    const r = await outcome
    if (!r.ok) return set({ busy: false, problem: r.problem })
    if (r.value.step === 'confirm-certificate') return set({ busy: false, confirming: r.value })
    set({ busy: false, confirming: null, status: r.value.status })
    reloadWindow()
  }
  return {
    me: null,
    presence: { users: [] },
    status: null,
    confirming: null,
    problem: null,
    busy: false,
    async load() {
      const [me, presence] = await Promise.all([
        getDeskApi().call('session:me', {}),
        getDeskApi().call('presence:list', {}),
      ])
      set({ ...(me.ok ? { me: me.value } : {}), ...(presence.ok ? { presence: presence.value } : {}) })
    },
    setPresence: (presence) => set({ presence }),
    async loadLink() {
      const r = await getDeskApi().call('team:status', {})
      set(r.ok ? { status: r.value } : { problem: r.problem })
    },
    replace(status) {
      set({ status })
    },
    async connect(input) {
      set({ busy: true, problem: null })
      await settle(getDeskApi().call('team:connect', input))
    },
    async confirm() {
      const c = get().confirming
      if (!c) return
      await settle(
        getDeskApi().call('team:confirm-certificate', { fingerprint256: c.certificate.fingerprint256 }),
      )
    },
    cancel() {
      set({ confirming: null, problem: null })
    },
    async disconnect() {
      set({ busy: true, problem: null })
      const r = await getDeskApi().call('team:disconnect', {})
      if (!r.ok) return set({ busy: false, problem: r.problem })
      set({ busy: false, status: r.value })
      reloadWindow()
    },
  }
})

/**
 * True when this page's user may call `channel` (the server decides; this only hides). Until
 * `session:me` answered, everything shows, as on a solo desk.
 */
export function useMayCall(channel: RequestChannel): boolean {
  return useTeamStore((s) => (s.me ? roleMayCall(s.me.role, channel) : true))
}

/** Loads the link's status once, in the desktop app only; true there (a browser has no team link). */
export function useTeamLinkLoaded(): boolean {
  const electron = getDeskApi().transport === 'electron'
  useEffect(() => {
    if (electron && !useTeamStore.getState().status) void useTeamStore.getState().loadLink()
  }, [electron])
  return electron
}
