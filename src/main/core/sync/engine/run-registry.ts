/**
 * The runs the UI sees (entity polls, single-traveller syncs): their views, abort controllers and
 * completion promises, the throttled 'sync:run-updated' pushes, which run is active per entity,
 * and a bounded memory of finished runs.
 */
import { setMaxListeners } from 'node:events'
import type { Direction, SyncRunView } from '../../../../shared/model'
import { emptyRunCounts } from '../../../../shared/run-counts'
import { DeskError } from '../../errors/desk-error'
import type { Logger } from '../../../logging/logger'
import type { Clock, PushBus } from '../../ports'
import type { RunStore } from '../run-store'

/** One run: what the UI sees, how to cancel it, and when it is over. */
export type Run = { view: SyncRunView; controller: AbortController; done: Promise<void>; lastEmitMs: number }

/** The registry. */
export interface RunRegistry {
  /** A new queued run; finished runs beyond the newest `maxKept` are forgotten. */
  create(entityId: string, kind: SyncRunView['kind'], direction: Direction): Run
  /** Pushes the run's view, at most once per `progressEveryMs` unless forced. */
  emit(run: Run, force?: boolean): void
  /** Marks the run finished with this state and pushes it. */
  finish(run: Run, state: SyncRunView['state']): void
  get(runId: string): Run | undefined
  /** The entity's poll run in progress, if any. */
  activeFor(entityId: string): Run | undefined
  setActive(entityId: string, run: Run): void
  /** Forgets the active poll of the entity, if it is still this run. */
  clearActive(entityId: string, run: Run): void
  /** Every active poll run. */
  active(): Run[]
  /** Copies of the views, newest first, optionally of one entity. */
  list(entityId?: string): SyncRunView[]
  /** Aborts an unfinished run; an unknown one is a 'not-found' DeskError. */
  cancel(runId: string): SyncRunView
}

/** Creates the registry. */
export function createRunRegistry(deps: {
  clock: Clock
  bus: Pick<PushBus, 'emit'>
  progressEveryMs: number
  /** @default 100 */
  maxKept?: number
  /** Where each state change of a run is written (the engine's RunStore). */
  store?: Pick<RunStore, 'save'>
  log?: Logger
  /** Put into every run id (team-desk instances sharing one store number their runs apart). */
  idTag?: string
}): RunRegistry {
  const maxKept = deps.maxKept ?? 100
  const runs = new Map<string, Run>()
  const activeByEntity = new Map<string, Run>()
  let counter = 0

  function emit(run: Run, force = false): void {
    const now = deps.clock.nowMs()
    if (!force && now - run.lastEmitMs < deps.progressEveryMs) return
    run.lastEmitMs = now
    deps.bus.emit('sync:run-updated', { ...run.view, counts: { ...run.view.counts } })
    // Forced emits are the run's state changes: each one is its row's next version.
    if (force)
      deps.store
        ?.save({ ...run.view, counts: { ...run.view.counts } })
        .catch((err: unknown) => deps.log?.warn('runs: save failed', { runId: run.view.runId, err }))
  }

  return {
    create(entityId, kind, direction) {
      const view: SyncRunView = {
        runId: `run-${deps.idTag ?? ''}${deps.clock.nowMs().toString(36)}-${(++counter).toString(36)}`,
        entityId,
        kind,
        direction,
        state: 'queued',
        pagesDone: 0,
        pagesTotal: null,
        profilesDone: 0,
        profilesTotal: null,
        failed: 0,
        counts: emptyRunCounts(),
        startedAtMs: deps.clock.nowMs(),
        finishedAtMs: null,
      }
      const run: Run = { view, controller: new AbortController(), done: Promise.resolve(), lastEmitMs: 0 }
      // Every in-flight request of the run listens on its signal; hundreds at once are expected, not a leak.
      setMaxListeners(0, run.controller.signal)
      runs.set(view.runId, run)
      // Keep the list the UI shows short: finished runs beyond the newest maxKept are forgotten.
      if (runs.size > maxKept)
        for (const [id, r] of runs) if (r.view.finishedAtMs !== null && runs.size > maxKept) runs.delete(id)
      return run
    },
    emit,
    finish(run, state) {
      run.view.state = state
      run.view.finishedAtMs = deps.clock.nowMs()
      emit(run, true)
    },
    get: (runId) => runs.get(runId),
    activeFor: (entityId) => activeByEntity.get(entityId),
    setActive: (entityId, run) => void activeByEntity.set(entityId, run),
    clearActive(entityId, run) {
      if (activeByEntity.get(entityId) === run) activeByEntity.delete(entityId)
    },
    active: () => [...activeByEntity.values()],
    list: (entityId) =>
      [...runs.values()]
        .map((r) => ({ ...r.view, counts: { ...r.view.counts } }))
        .filter((v) => entityId === undefined || v.entityId === entityId)
        .sort((a, b) => b.startedAtMs - a.startedAtMs),
    cancel(runId) {
      const run = runs.get(runId)
      if (!run)
        throw new DeskError('not-found', 'This sync run is no longer known. Refresh the list of runs.')
      if (run.view.finishedAtMs === null) run.controller.abort()
      return { ...run.view }
    },
  }
}
