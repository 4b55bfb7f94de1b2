/**
 * When entities poll: every scheduled tick polls every active entity; after a missed slot, a
 * resume from sleep or a start, only the overdue ones (no successful poll within one interval)
 * catch up. The scheduler (node-cron behind the CronPort) fires the ticks; decisions in flight are
 * tracked so `whenIdle` can wait for them.
 */
import type { SyncRunView } from '../../../../shared/model'
import type { SourceEntity } from '../../entities/entity-source'
import type { EntitySyncState } from '../sync-state'
import type { EngineContext } from './engine-context'
import type { EntityPolls } from './entity-poll'

/** True when an entity has not polled successfully within one interval. */
export function isOverdue(
  st: Pick<EntitySyncState, 'lastSuccessMs'>,
  nowMs: number,
  intervalMs: number,
): boolean {
  return st.lastSuccessMs === null || nowMs - st.lastSuccessMs > intervalMs
}

/** The scheduling decisions. */
export interface SyncScheduling {
  /** Polls every active entity now (scheduled tick or "sync all"). */
  pollAll(kind: 'scheduled' | 'manual' | 'catch-up'): Promise<SyncRunView[]>
  /**
   * A manual poll ("sync now", "sync all", a full resync); on a shared store only after this
   * instance claimed the entity (null: another instance polls it right now).
   */
  startManual(e: SourceEntity, kind: 'manual' | 'full-resync', full: boolean): Promise<SyncRunView | null>
  /** Polls the active entities that are overdue. */
  catchUp(reason: string): Promise<void>
  /** Runs a decision in the background (logged if it fails); `whenIdle` waits for it. */
  decide(work: () => Promise<unknown>, failure: string): void
  /** Resolves when no decision is in flight. */
  settled(): Promise<void>
  readonly deciding: number
}

/** Builds the scheduling over the engine's context and its polls. */
export function createSyncScheduling(
  ctx: EngineContext,
  polls: EntityPolls,
  isRunning: () => boolean,
): SyncScheduling {
  const deciding = new Set<Promise<unknown>>()
  /** Where this instance starts in the entity list (the instance id never changes: hashed once). */
  const instanceHash = ctx.deps.work ? stringHash(ctx.deps.work.instanceId) : null
  /** A scheduled or catch-up poll; on a shared store only after this instance claimed (entity, slot). */
  async function claimed(
    e: SourceEntity,
    kind: 'scheduled' | 'catch-up',
    slotMs: number | undefined,
  ): Promise<SyncRunView | null> {
    const work = ctx.deps.work
    if (!work) return polls.start(e, kind, false)
    polls.startWhenClaimed(e, kind, () =>
      work.claimPoll(e.id, slotMs).catch((err: unknown) => {
        ctx.log.warn('poll: the claim could not be made; another instance polls it', { entityId: e.id, err })
        return null
      }),
    )
    return null
  }
  /** The entities in this instance's order: on a shared store each starts elsewhere in the list, so
   * instances claiming at once rarely race for the same entity. */
  function ordered(list: SourceEntity[]): SourceEntity[] {
    if (instanceHash === null || list.length < 2) return list
    const k = instanceHash % list.length
    return [...list.slice(k), ...list.slice(0, k)]
  }
  async function startManual(
    e: SourceEntity,
    kind: 'manual' | 'full-resync',
    full: boolean,
  ): Promise<SyncRunView | null> {
    const work = ctx.deps.work
    const active = ctx.runs.activeFor(e.id)
    if (!work || active) return polls.start(e, kind, full)
    const lease = await work.claimManual(e.id)
    return lease ? polls.start(e, kind, full, lease) : null
  }
  return {
    startManual,
    get deciding() {
      return deciding.size
    },
    async pollAll(kind) {
      const out: SyncRunView[] = []
      // One slot for the whole tick, however long the claims take.
      const slotMs = ctx.deps.work?.slotOf(ctx.deps.clock.nowMs())
      for (const e of ordered(await ctx.entities.refresh())) {
        if (!e.pollingActive) continue
        const run = kind === 'manual' ? await startManual(e, kind, false) : await claimed(e, kind, slotMs)
        if (run) out.push(run)
      }
      return out
    },
    async catchUp(reason) {
      if (!isRunning()) return
      const now = ctx.deps.clock.nowMs()
      const slotMs = ctx.deps.work?.slotOf(now)
      for (const e of ordered(await ctx.entities.refresh())) {
        if (!e.pollingActive) continue
        if (isOverdue(await ctx.loadState(e.id), now, ctx.options.intervalMs)) {
          ctx.log.info(`catch-up(${reason}): polling overdue entity`, { entityId: e.id })
          await claimed(e, 'catch-up', slotMs)
        }
      }
    },
    decide(work, failure) {
      const p = ctx.track(work().catch((err: unknown) => ctx.log.error(failure, { err })))
      deciding.add(p)
      void p.finally(() => deciding.delete(p))
    },
    async settled() {
      while (deciding.size > 0) await Promise.allSettled([...deciding])
    },
  }
}

/** A small stable hash of a string (31-multiplier, unsigned 32-bit). */
function stringHash(text: string): number {
  let h = 0
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return h
}
