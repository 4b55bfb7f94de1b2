/** The UI's projections of an entity's sync state: its travellers, its poll status, its poll history. */
import type { PollStat, TravellerView } from '../../../../shared/model'
import type { PollStatus } from '../../entities/entity-ports'
import type { EntitySyncState } from '../sync-state'

/** Every remembered traveller plus those only on the retry list, by login. */
export function travellerViews(st: EntitySyncState): TravellerView[] {
  const retryOf = (loginId: string) => st.retry[loginId.toLowerCase()]
  return Object.values(st.travellers)
    .map((t): TravellerView => ({
      loginId: t.loginId,
      name: t.name,
      employeeId: t.employeeId,
      lastConcurToFacesMs: t.lastConcurToFacesMs,
      lastFacesToConcurMs: t.lastFacesToConcurMs,
      lastOutcome: t.lastOutcome,
      inRetryList: retryOf(t.loginId) !== undefined,
      retryError: retryOf(t.loginId)?.error ?? null,
    }))
    .concat(
      Object.values(st.retry)
        .filter((r) => !st.travellers[r.loginId.toLowerCase()])
        .map((r) => ({
          loginId: r.loginId,
          name: '',
          employeeId: null,
          lastConcurToFacesMs: null,
          lastFacesToConcurMs: null,
          lastOutcome: 'failed' as const,
          inRetryList: true,
          retryError: r.error,
        })),
    )
    .sort((a, b) => a.loginId.localeCompare(b.loginId))
}

/** The poll status of an entity (null when the engine knows neither its state nor the entity). */
export function pollStatusView(
  st: EntitySyncState | null,
  entity: { pollingActive: boolean } | null,
  nextRunAtMs: number | null,
): PollStatus | null {
  if (!st && !entity) return null
  return {
    lastPoll: st?.lastPoll ?? null,
    nextPollAtMs: entity?.pollingActive === false ? null : nextRunAtMs,
    consecutiveFailures: st?.consecutiveFailures ?? 0,
    retryListSize: st ? Object.keys(st.retry).length : 0,
    loginIdChanges: st?.loginIdChanges ?? 0,
  }
}

/** Poll counts since an instant. */
export function pollStatsSince(st: EntitySyncState, sinceMs: number): PollStat[] {
  return st.stats.filter((s) => s.atMs >= sinceMs)
}
