/** Which screen is showing. A plain store rather than a router: the desk has no URLs to share. */
import { create } from 'zustand'
import type { CredentialFilter } from '../entities/entity-list-model'

/** A screen and its parameters. */
export type Route =
  | { screen: 'overview' }
  /** `credential`: open the list with this filter (the header's "entities in error" chip). */
  | { screen: 'entities'; credential?: CredentialFilter }
  | { screen: 'entity'; entityId: string }
  | { screen: 'traveller'; entityId: string; loginId: string }
  | { screen: 'tokens' }
  | { screen: 'log'; entityId?: string }
  | { screen: 'settings' }
  | { screen: 'sandbox' }
  | { screen: 'audit'; entityId?: string }
  | { screen: 'account' }
  /** Settings → Users & audit (admins of a team desk). */
  | { screen: 'users' }

type NavState = { route: Route; go: (route: Route) => void }

/** The current route. */
export const useNavStore = create<NavState>((set) => ({
  route: { screen: 'entities' },
  go: (route) => set({ route }),
}))
