/** Who this page acts as (`session:me`) and who else is at the desk (presence, kept live by pushes). */
import { create } from 'zustand'
import type { RequestChannel } from '../../../../shared/channels'
import { roleMayCall } from '../../../../shared/channel-roles'
import type { PresenceView, SessionMe } from '../../../../shared/team-model'
import { getDeskApi } from '../../api/desk-api-client'

type TeamState = {
  me: SessionMe | null
  presence: PresenceView
  load: () => Promise<void>
  setPresence: (view: PresenceView) => void
}

/** The team store. */
export const useTeamStore = create<TeamState>((set) => ({
  me: null,
  presence: { users: [] },
  async load() {
    const [me, presence] = await Promise.all([
      getDeskApi().call('session:me', {}),
      getDeskApi().call('presence:list', {}),
    ])
    set({ ...(me.ok ? { me: me.value } : {}), ...(presence.ok ? { presence: presence.value } : {}) })
  },
  setPresence: (presence) => set({ presence }),
}))

/**
 * True when this page's user may call `channel` (the server decides; this only hides). Until
 * `session:me` answered, everything shows, as on a solo desk.
 */
export function useMayCall(channel: RequestChannel): boolean {
  return useTeamStore((s) => (s.me ? roleMayCall(s.me.role, channel) : true))
}
