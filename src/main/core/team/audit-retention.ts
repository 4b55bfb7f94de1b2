/**
 * Audit retention: records older than the configured number of days (Settings → Users & audit,
 * default 400) are deleted in the background, first once the desk is ready (never before: a big
 * trail must not delay the start) and then every `everyMs`. Each pruning that removed records
 * leaves one record of its own, so a gap in the trail is explained.
 */
import type { Clock } from '../ports'
import type { AuditStore } from './team-stores'

/** The default retention: a little over a year, so last year's case is still there at review time. */
export const DEFAULT_AUDIT_RETENTION_DAYS = 400
/** The shortest retention an admin may set. */
export const MIN_AUDIT_RETENTION_DAYS = 30
/** The longest (ten years). */
export const MAX_AUDIT_RETENTION_DAYS = 3650

const DAY_MS = 86_400_000

/** The background pruner. */
export interface AuditRetention {
  /** Prunes now; how many records went. */
  pruneNow(): Promise<number>
  /** Starts pruning now (in the background) and then every `everyMs`. */
  start(): void
  stop(): void
}

/** Creates the pruner; `store` is the current environment's (null while a session (re)starts). */
export function createAuditRetention(deps: {
  store: () => AuditStore | null
  retentionDays: () => number
  clock: Clock
  /** @default 1 h */
  everyMs?: number
  onError: (err: unknown) => void
}): AuditRetention {
  const everyMs = deps.everyMs ?? 3_600_000
  let abort: AbortController | null = null

  async function pruneNow(): Promise<number> {
    const store = deps.store()
    if (!store) return 0
    const days = deps.retentionDays()
    const beforeMs = deps.clock.nowMs() - days * DAY_MS
    const removed = await store.prune(beforeMs)
    if (removed > 0)
      await store.append({
        atMs: deps.clock.nowMs(),
        actorId: 'desk',
        actorName: 'the desk',
        action: 'audit.prune',
        entityId: null,
        entityName: null,
        outcome: 'ok',
        detail: `${removed} record${removed === 1 ? '' : 's'} older than ${days} days removed (retention)`,
      })
    return removed
  }

  return {
    pruneNow,
    start() {
      if (abort) return
      const mine = (abort = new AbortController())
      void (async () => {
        while (!mine.signal.aborted) {
          await pruneNow().catch(deps.onError)
          try {
            await deps.clock.wait(everyMs, mine.signal)
          } catch {
            return
          }
        }
      })()
    },
    stop() {
      abort?.abort()
      abort = null
    },
  }
}
