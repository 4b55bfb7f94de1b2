/**
 * One Concur → Faces poll of an entity: the summary walk, then the changed profiles through the
 * per-traveller step in a sliding window of `chunkSize`, the watermark advanced over the settled
 * prefix and checkpointed every `chunkSize` results (a row the desk already applied is settled
 * without a GET: applied-changes.ts); then the poll summary, history, sync-log
 * records and, after repeated failures, a notification. At most `maxConcurrentPolls` polls run
 * at once; one entity has at most one active poll ("sync now" returns it).
 */
import pLimit from 'p-limit'
import type { PollSummary, SyncRunView } from '../../../../shared/model'
import type { SourceEntity } from '../../entities/entity-source'
import { createRunLog } from '../run-log'
import { isAlreadyApplied } from './applied-changes'
import type { HeldLease } from '../../team/shared-work'
import type { ConcurToFacesStep } from './concur-to-faces-step'
import { travellerKey, type EngineContext, type StepResult } from './engine-context'
import type { Run } from './run-registry'
import { countStep } from './step-result'
import { walkSummaries, type ChangedProfile } from './summary-walk'
import { FAILING_POLLS_BEFORE_NOTICE, pollFailingNotification } from './sync-notifications'
import { errorText } from './traveller-log-entry'
import { advancedWatermarkMs, createSettledPrefix, idleWatermarkMs, walkStartMs } from './watermark-window'

/** Poll history kept per entity. */
const STATS_MAX_AGE_MS = 7 * 24 * 3_600_000
const STATS_MAX_ENTRIES = 1_000

/** Starts entity polls. */
export interface EntityPolls {
  /**
   * Starts (or returns the active) poll of the entity; resolves once the run is registered. With
   * a lease (a shared store's claim of the slot), the poll starts from the stored state, ends when
   * the claim is lost, and marks the claim done (or releases it when the engine stops).
   */
  start(
    entity: SourceEntity,
    kind: SyncRunView['kind'],
    full: boolean,
    lease?: HeldLease,
  ): Promise<SyncRunView>
  /**
   * A shared store: waits for a free poll slot here, then claims the entity's poll (`claim`) and
   * runs it in that slot; nothing when another instance has the claim. Claiming only with a free
   * slot spreads a cycle over the instances by their capacity, and no claim waits in a queue
   * (where it would need renewing, or expire under a busy instance and be polled twice).
   */
  startWhenClaimed(
    entity: SourceEntity,
    kind: 'scheduled' | 'catch-up',
    claim: () => Promise<HeldLease | null>,
  ): void
  /** The claimed starts still waiting for a slot or a claim (`whenIdle` waits for them too). */
  pending(): Array<Promise<unknown>>
}

/** Builds the polls over the engine's context and the per-traveller step. */
export function createEntityPolls(ctx: EngineContext, step: ConcurToFacesStep): EntityPolls {
  const { deps, runs, store, options, log } = ctx
  const pollSlots = pLimit(options.maxConcurrentPolls)
  const runLog = createRunLog(deps.syncLog, deps.runs)

  async function pollNow(entity: SourceEntity, run: Run, full: boolean, fresh: boolean): Promise<void> {
    const signal = run.controller.signal
    const started = deps.clock.nowMs()
    const st = await ctx.loadState(entity.id, fresh)
    const since = walkStartMs(st.watermarkMs, full, options.overlapMs)
    run.view.state = 'running'
    runs.emit(run, true)
    runLog.started(entity, run.view, full ? 'reads every profile changed since 1900-01-01' : null)
    const walk = await walkSummaries({
      concur: deps.concur,
      entity,
      sinceMs: since,
      itemsPerPage: options.itemsPerPage,
      retry: st.retry,
      signal,
      log,
      onPage: (page) => {
        run.view.pagesTotal = page.totalPages
        run.view.pagesDone++
        runs.emit(run)
      },
    })
    const changed = walk.changed
    run.view.profilesTotal = changed.length
    run.view.counts.read = changed.length
    runs.emit(run, true)
    let applied = 0
    let failed = 0
    const window = createSettledPrefix(
      changed.map((c) => c.lastModifiedMs),
      started,
    )
    let sinceCheckpoint = 0
    const settle = (idx: number, item: ChangedProfile, r: StepResult): void => {
      const key = travellerKey(item.loginId)
      if (r.outcome === 'failed') {
        failed++
        const old = st.retry[key]
        st.retry[key] = {
          loginId: item.loginId,
          lastModifiedMs: item.lastModifiedMs,
          error: r.error ?? 'unknown error',
          attempts: (old?.attempts ?? 0) + 1,
          sinceMs: old?.sinceMs ?? deps.clock.nowMs(),
        }
      } else {
        if (r.outcome === 'success') applied++
        delete st.retry[key]
      }
      const candidate = window.settle(idx)
      if (walk.complete && candidate !== null) st.watermarkMs = advancedWatermarkMs(st.watermarkMs, candidate)
      if (++sinceCheckpoint >= options.chunkSize) {
        sinceCheckpoint = 0
        ctx.saveLater(store.saveProgress(entity.id), entity.id)
      }
      runs.emit(run)
    }
    // A sliding window of `chunkSize` profiles in flight (no barrier waiting for the slowest of a batch).
    await new Promise<void>((resolve) => {
      let next = 0
      let inFlight = 0
      const pump = (): void => {
        while (!signal.aborted && inFlight < options.chunkSize && next < changed.length) {
          const idx = next++
          const item = changed[idx]!
          const key = travellerKey(item.loginId)
          if (
            isAlreadyApplied(item.lastModifiedMs, st.travellers[key], { full, inRetryList: key in st.retry })
          ) {
            // The overlap re-listed a change the desk already applied: no GET, nothing to log.
            ctx.counters.profileGetsSkipped++
            run.view.profilesDone++
            const r: StepResult = { outcome: 'skipped', effect: 'unchanged' }
            countStep(run.view, r)
            settle(idx, item, r)
            continue
          }
          inFlight++
          const change = { lastModifiedMs: item.lastModifiedMs, concurClockFloorMs: walk.concurClockFloorMs }
          void step(entity, st, item.loginId, run, { force: false, change })
            .catch((err: unknown): StepResult => ({ outcome: 'failed', error: errorText(err) }))
            .then((r) => {
              inFlight--
              if (!signal.aborted && r.outcome !== 'cancelled') settle(idx, item, r)
              pump()
            })
        }
        if (inFlight === 0) resolve()
      }
      pump()
    })
    await store.saveProgress(entity.id)
    const cancelled = signal.aborted
    if (walk.complete && !cancelled && changed.length === 0)
      st.watermarkMs = idleWatermarkMs(st.watermarkMs, started, since, options.overlapMs)
    const outcome: PollSummary['outcome'] = cancelled
      ? 'cancelled'
      : !walk.complete
        ? 'failed'
        : failed > 0
          ? 'partial'
          : 'success'
    const now = deps.clock.nowMs()
    const problem = walk.problem
    if (!cancelled) {
      st.lastPoll = {
        atMs: started,
        outcome,
        changed: changed.length,
        applied,
        failed,
        durationMs: now - started,
        problem,
        counts: { ...run.view.counts },
      }
      if (outcome === 'failed') st.consecutiveFailures++
      else {
        st.consecutiveFailures = 0
        st.lastSuccessMs = started
      }
      st.stats.push({ atMs: started, synced: applied, failed })
      st.stats = st.stats.filter((s) => s.atMs >= now - STATS_MAX_AGE_MS).slice(-STATS_MAX_ENTRIES)
    }
    await store.save(entity.id)
    const finalState: SyncRunView['state'] = cancelled
      ? 'cancelled'
      : outcome === 'failed'
        ? 'failed'
        : 'done'
    runLog.finished(entity, run.view, finalState, now - started, problem)
    if (outcome === 'failed' && st.consecutiveFailures === FAILING_POLLS_BEFORE_NOTICE)
      deps.bus.emit('notify', pollFailingNotification(entity, problem, now))
    runs.finish(run, finalState)
  }

  /** The slot is done once its state is stored; a stop hands the claim back at once. */
  async function endClaim(entityId: string, lease: HeldLease, lifecycle: AbortSignal): Promise<void> {
    await (store.settled ? store.settled(entityId) : store.flush()).catch(() => {})
    await (lifecycle.aborted ? lease.giveUp() : lease.finish())
  }

  /** Registers a run of the entity; `body` runs it (in a poll slot), the returned promise is its end. */
  function begin(
    entity: SourceEntity,
    kind: SyncRunView['kind'],
    full: boolean,
    lease: HeldLease | undefined,
    slotted: (body: () => Promise<void>) => Promise<void>,
  ): Run {
    const run = runs.create(entity.id, kind, 'concur-to-faces')
    runs.setActive(entity.id, run)
    const lifecycle = ctx.lifecycle()
    const onLifecycleAbort = (): void => run.controller.abort()
    lifecycle.addEventListener('abort', onLifecycleAbort, { once: true })
    lease?.signal.addEventListener('abort', onLifecycleAbort, { once: true })
    run.done = ctx.track(
      slotted(async () => {
        if (run.controller.signal.aborted) return runs.finish(run, 'cancelled')
        const release = ctx.holdState(entity.id)
        try {
          // Another instance may have polled this entity in an earlier slot: start from the stored state.
          return await pollNow(entity, run, full, lease !== undefined)
        } finally {
          release()
        }
      })
        .catch((err: unknown) => log.error('poll: unexpected failure', { entityId: entity.id, err }))
        .finally(() => {
          lifecycle.removeEventListener('abort', onLifecycleAbort)
          runs.clearActive(entity.id, run)
          // A solo desk: nothing to hand back (and nothing else to wait for, as on a desk without leases).
          if (lease) return endClaim(entity.id, lease, lifecycle)
        }),
    )
    runs.emit(run, true)
    return run
  }

  const claiming = new Set<Promise<unknown>>()
  return {
    async start(entity, kind, full, lease) {
      const active = runs.activeFor(entity.id)
      if (active) {
        // This instance polls the entity already: that poll is the slot's.
        if (lease) await lease.finish()
        return { ...active.view }
      }
      return { ...begin(entity, kind, full, lease, (body) => pollSlots(body)).view }
    },
    startWhenClaimed(entity, kind, claim) {
      const lifecycle = ctx.lifecycle()
      const p = ctx.track(
        pollSlots(async () => {
          if (lifecycle.aborted || runs.activeFor(entity.id)) return
          const lease = await claim()
          if (!lease) return
          if (lifecycle.aborted || runs.activeFor(entity.id)) return void (await lease.giveUp())
          // Already in a slot: the run's body runs here.
          await begin(entity, kind, false, lease, (body) => body()).done
        }).catch((err: unknown) => log.error('poll: unexpected failure', { entityId: entity.id, err })),
      )
      claiming.add(p)
      void p.finally(() => claiming.delete(p))
    },
    pending: () => [...claiming],
  }
}
