/**
 * Presence: who is signed in (sessions with a request in the last `recentMs`) and what each person
 * is doing right now ("exchanging the token" for an entity), pushed to every connected UI as
 * `presence:changed` whenever it changes, so two people do not work the same case.
 */
import type { PresenceActivity, PresenceUser, PresenceView, UserRole } from '../../../shared/team-model'
import type { Clock, PushBus } from '../ports'
import type { TeamStores } from './team-stores'

/** How recent a session's last request must be to count as signed in now. */
export const PRESENCE_RECENT_MS = 15 * 60_000

/** Someone acting. */
export type PresenceActor = { id: string; name: string; role: UserRole }

/** The presence tracker. */
export interface Presence {
  /** Marks `actor` as doing `what` until the returned function is called. */
  begin(actor: PresenceActor, activity: Omit<PresenceActivity, 'sinceMs'>): () => void
  view(): Promise<PresenceView>
  /** Pushes the current view (after a sign-in or sign-out). */
  changed(): void
}

/** Creates the tracker; `stores` is null on a desk without named users. */
export function createPresence(deps: {
  stores: () => TeamStores | null
  bus: PushBus
  clock: Clock
  /** @default 15 min */
  recentMs?: number
  onError: (err: unknown) => void
}): Presence {
  const recentMs = deps.recentMs ?? PRESENCE_RECENT_MS
  const running = new Map<number, { actor: PresenceActor; activity: PresenceActivity }>()
  let nextId = 1

  async function view(): Promise<PresenceView> {
    const now = deps.clock.nowMs()
    const users = new Map<string, PresenceUser>()
    const stores = deps.stores()
    if (stores) {
      const sessions = await stores.sessions.active(now, now - recentMs)
      // Their users in one query, not one per session.
      const byId = new Map((await stores.users.byIds(sessions.map((s) => s.userId))).map((u) => [u.id, u]))
      for (const s of sessions) {
        const known = users.get(s.userId)
        if (known) {
          known.lastSeenMs = Math.max(known.lastSeenMs, s.lastSeenAtMs)
          continue
        }
        const user = byId.get(s.userId)
        if (user && !user.disabled)
          users.set(user.id, { name: user.name, role: user.role, lastSeenMs: s.lastSeenAtMs, activities: [] })
      }
    }
    for (const { actor, activity } of running.values()) {
      let user = users.get(actor.id)
      if (!user)
        users.set(actor.id, (user = { name: actor.name, role: actor.role, lastSeenMs: now, activities: [] }))
      user.lastSeenMs = now
      user.activities.push(activity)
    }
    return { users: [...users.values()].sort((a, b) => a.name.localeCompare(b.name)) }
  }

  const changed = (): void => {
    view().then(
      (v) => deps.bus.emit('presence:changed', v),
      (err: unknown) => deps.onError(err),
    )
  }

  return {
    begin(actor, activity) {
      const id = nextId++
      running.set(id, { actor, activity: { ...activity, sinceMs: deps.clock.nowMs() } })
      changed()
      return () => {
        if (running.delete(id)) changed()
      }
    },
    view,
    changed,
  }
}
