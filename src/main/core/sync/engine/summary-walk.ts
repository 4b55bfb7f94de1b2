/**
 * The first half of a Concur → Faces poll: every summary page since the walk start, merged with
 * the entity's retry list, one entry per traveller (its newest change), oldest change first (the
 * order the watermark window needs). A failed walk keeps what it read: those profiles are still
 * synced, but the watermark does not move.
 */
import type { Problem } from '../../../../shared/result'
import type { Logger } from '../../../logging/logger'
import type { ConcurClient, SummaryPage } from '../../concur/concur-client'
import type { SourceEntity } from '../../entities/entity-source'
import { toProblem } from '../../errors/to-problem'
import type { RetryItem } from '../sync-state'
import { concurClockFloorMs } from './applied-changes'
import { travellerKey } from './engine-context'

/** One traveller to look at, with the newest change time seen for it. */
export type ChangedProfile = { loginId: string; lastModifiedMs: number }

/** What the walk found. */
export type SummaryWalk = {
  /** Ascending by change time. */
  changed: ChangedProfile[]
  /** Every page was read. */
  complete: boolean
  /** Why the walk stopped early (null when complete or cancelled). */
  problem: Problem | null
  /** Concur's clock had reached at least this before any profile was read (applied-changes.ts). */
  concurClockFloorMs: number | null
}

/** Reads the summary feed of one entity. */
export async function walkSummaries(input: {
  concur: Pick<ConcurClient, 'summaries'>
  entity: Pick<SourceEntity, 'id' | 'travelConfigIds'>
  sinceMs: number
  itemsPerPage: number
  retry: Readonly<Record<string, RetryItem>>
  signal: AbortSignal
  log: Logger
  onPage: (page: SummaryPage) => void
}): Promise<SummaryWalk> {
  const byKey = new Map<string, ChangedProfile>()
  for (const r of Object.values(input.retry))
    byKey.set(travellerKey(r.loginId), { loginId: r.loginId, lastModifiedMs: r.lastModifiedMs })
  let complete = false
  let problem: Problem | null = null
  let floorMs: number | null = null
  try {
    const pages = input.concur.summaries(
      input.entity.id,
      {
        modifiedSinceMs: input.sinceMs,
        itemsPerPage: input.itemsPerPage,
        ...(input.entity.travelConfigIds.length ? { travelConfigIds: input.entity.travelConfigIds } : {}),
      },
      input.signal,
    )
    for await (const page of pages) {
      for (const s of page.items) {
        const k = travellerKey(s.loginId)
        const prev = byKey.get(k)
        if (!prev || prev.lastModifiedMs < s.lastModifiedMs)
          byKey.set(k, { loginId: s.loginId, lastModifiedMs: s.lastModifiedMs })
      }
      const pageFloor = concurClockFloorMs([page])
      if (pageFloor !== null) floorMs = floorMs === null ? pageFloor : Math.max(floorMs, pageFloor)
      input.onPage(page)
    }
    complete = true
  } catch (err) {
    if (!input.signal.aborted) {
      problem = toProblem(err)
      input.log.warn('poll: summary walk failed', { entityId: input.entity.id, err })
    }
  }
  const changed = [...byKey.values()].sort((a, b) => a.lastModifiedMs - b.lastModifiedMs)
  return { changed, complete, problem, concurClockFloorMs: floorMs }
}
