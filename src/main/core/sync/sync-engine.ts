/**
 * The sync engine: Concur → Faces polling per entity (watermark + retry list, durable per-entity
 * state), Faces → Concur in near real time (change feed → durable outbox → profile POST), manual
 * syncs with progress and cancel, and the scheduler hook-up (cron ticks, catch-up after missed
 * runs and resume). This file composes the parts in engine/ (one concept each; see
 * ARCHITECTURE.md) and owns the lifecycle.
 *
 * Deps (all injected; see SyncEngineDeps in engine/engine-context.ts):
 * - entities: EntitySource (src/main/core/entities/entity-source.ts) — `id` is the Concur entityKey.
 * - concur: ConcurClient (src/main/core/concur/concur-client.ts).
 * - faces: FacesClient (src/main/core/faces/faces-client.ts). Both clients take a request slot per
 *   HTTP attempt from one shared RateGate (gate-hooks.ts), so a 429 slows a whole data centre (or all
 *   of Faces) and a call backing off between retries holds no slot; the clients decide retries.
 * - clock, log, stateStore + outbox + runs (the durable stores: adapters/storage), syncLog
 *   (createSyncLog), bus (pushes 'sync:run-updated' and 'notify'; the sync log pushes
 *   'log:appended' itself through its onAppended).
 * - settings(): { loginIdChangePolicy, schedule: { cron, timeZone } } read on every use.
 * - cron?: CronPort (scheduler).
 *
 * Merge model: travellers are compared as flat content. The desk remembers per traveller the
 * content both sides last agreed on (`base`); a change from one side is applied to the other as
 * the diff against `base`, so edits of different fields on both sides merge, and a change whose
 * hash equals `base` is an echo of the desk's own write and is dropped.
 */
import { setMaxListeners } from 'node:events'
import type { Direction, PollStat, SyncRunView, TravellerDetail, TravellerView } from '../../../shared/model'
import type { PollStatus } from '../entities/entity-ports'
import { DeskError } from '../errors/desk-error'
import { createPollScheduler, type PollScheduler } from '../scheduler/poll-scheduler'
import type { EntitySyncState } from './sync-state'
import { readTravellerDetail } from './traveller-detail'
import { concurProfileOrNull } from './engine/concur-profile'
import { createConcurToFacesStep } from './engine/concur-to-faces-step'
import {
  createEntityCache,
  type EngineContext,
  type EngineCounters,
  type SyncEngineDeps,
} from './engine/engine-context'
import { resolveEngineOptions } from './engine/engine-options'
import { pollStatsSince, pollStatusView, travellerViews } from './engine/engine-views'
import { createEntityPolls } from './engine/entity-poll'
import { runFeedLoop } from './engine/faces-feed-loop'
import { createFacesToConcurPush } from './engine/faces-to-concur-push'
import { createKeyedLock } from './engine/keyed-lock'
import { createOutboxPusher } from './engine/outbox-pusher'
import { readFacesTraveller } from './engine/pending-writes'
import { createRunRegistry } from './engine/run-registry'
import { createStateHolds } from './engine/state-holds'
import { createSyncScheduling } from './engine/sync-scheduling'
import { createTravellerRun } from './engine/traveller-run'
import { instanceRunTag, type SharedWork } from '../team/shared-work'

export { FULL_RESYNC_SINCE_MS } from './engine/watermark-window'
export type { SyncEngineOptions } from './engine/engine-options'
export type { SyncEngineDeps } from './engine/engine-context'

/** The running engine. */
export interface SyncEngine {
  start(reason: string): Promise<void>
  /** Stops scheduling, aborts runs and pushes, and waits until pending state is on disk. */
  stop(reason: string): Promise<void>
  /**
   * Test hook emulating a killed process at this instant: nothing more reaches disk (a write
   * already under way lands or not, atomically), then everything is aborted.
   */
  kill(): Promise<void>
  /** Polls every active entity now (scheduled tick or "sync all"). */
  trigger(reason: 'scheduled' | 'manual' | 'catch-up'): Promise<SyncRunView[]>
  /** Starts (or returns the active) run of one entity; resolves once the run is registered. */
  runEntity(entityId: string, options?: { full?: boolean }): Promise<SyncRunView>
  runTraveller(entityId: string, loginId: string, direction: Direction): Promise<SyncRunView>
  cancel(runId: string): SyncRunView
  runs(entityId?: string): SyncRunView[]
  statusOf(entityId: string): PollStatus | null
  setPollingActive(entityId: string, active: boolean): Promise<void>
  travellers(entityId: string): Promise<TravellerView[]>
  /** Both sides' fields read now, the last change per direction and the traveller's log history. */
  travellerDetail(entityId: string, loginId: string): Promise<TravellerDetail>
  pollStats(entityId: string, sinceMs: number): Promise<PollStat[]>
  /** Electron powerMonitor 'resume': overdue entities poll at once. */
  onResume(): void
  /** Test/bench helper: resolves when no scheduling decision is pending, no run is active and the outbox has nothing due. */
  whenIdle(): Promise<void>
  /** Resolves when a given run finished. */
  waitForRun(runId: string): Promise<SyncRunView>
  /** Counters for tests and the benchmark. */
  counters(): EngineCounters & { feedCursor: number }
}

/** Creates the sync engine. */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const log = deps.log.child('sync')
  const options = resolveEngineOptions(deps.options)
  const store = deps.stateStore
  const outbox = deps.outbox
  let state: 'idle' | 'running' | 'stopped' = 'idle'
  let lifecycle = new AbortController()
  let scheduler: PollScheduler | null = null
  const background = new Set<Promise<unknown>>()
  const facesIndex = new Map<string, { entityId: string; key: string }>()
  const work = deps.work
  /** On a shared store: this instance holds the feed lease now (and with it the outbox). */
  let feedConsumer = false
  const holds = createStateHolds(store, work !== undefined)

  const ctx: EngineContext = {
    deps,
    log,
    options,
    store,
    outbox,
    runs: createRunRegistry({
      clock: deps.clock,
      bus: deps.bus,
      progressEveryMs: options.progressEveryMs,
      ...(deps.runs ? { store: deps.runs } : {}),
      // Instances sharing a store number their runs apart.
      ...(work ? { idTag: instanceRunTag(work.instanceId) } : {}),
      log,
    }),
    locks: createKeyedLock(),
    counters: { echoesSuppressed: 0, pushes: 0, facesWrites: 0, concurPosts: 0, profileGetsSkipped: 0 },
    entities: createEntityCache(deps.entities),
    facesIndex,
    async loadState(entityId, fresh = false): Promise<EntitySyncState> {
      const s = await holds.load(entityId, fresh)
      for (const [key, t] of Object.entries(s.travellers))
        if (t.facesId) facesIndex.set(t.facesId, { entityId, key })
      return s
    },
    holdState: (entityId) => holds.hold(entityId),
    lifecycle: () => lifecycle.signal,
    track(p) {
      background.add(p)
      void p.finally(() => background.delete(p)).catch(() => {})
      return p
    },
    saveLater(save, entityId) {
      void save.catch((err: unknown) => log.error('state: save failed', { entityId, err }))
    },
  }
  const step = createConcurToFacesStep(ctx)
  const push = createFacesToConcurPush(ctx)
  const polls = createEntityPolls(ctx, step)
  const travellerRun = createTravellerRun(ctx, step, push)
  const pusher = createOutboxPusher(ctx, push)
  const scheduling = createSyncScheduling(ctx, polls, () => state === 'running')

  const entityOrNotFound = async (entityId: string) => {
    const entity = await deps.entities.get(entityId)
    if (!entity)
      throw new DeskError('not-found', 'This entity no longer exists or is archived. Refresh the list.')
    return entity
  }

  /**
   * A shared store (team desk): the feed and its outbox pusher run where the feed lease is, from
   * the stored cursor; the claims of instances that died are taken over (core/team/shared-work.ts).
   */
  function startSharing(w: SharedWork): void {
    if (options.facesToConcur)
      void ctx.track(
        w.whileFeedConsumer(lifecycle.signal, async (signal) => {
          await outbox.load()
          feedConsumer = true
          try {
            await Promise.all([runFeedLoop(ctx, signal, () => pusher.wake()), pusher.run(signal)])
          } finally {
            feedConsumer = false
          }
        }),
      )
    void ctx.track(
      w.runTakeovers(
        lifecycle.signal,
        (entityId, lease) => {
          const e = ctx.entities.list().find((x) => x.id === entityId)
          if (!e?.pollingActive) return void lease.finish()
          log.info('catch-up(takeover): polling the entity of an instance that stopped', { entityId })
          void polls.start(e, 'catch-up', false, lease)
        },
        async (instanceId) => {
          const tag = instanceRunTag(instanceId)
          const problem = `Interrupted: the team-desk instance ${tag.slice(0, -1)} stopped answering; instance ${instanceRunTag(w.instanceId).slice(0, -1)} took its work over.`
          const of = { runIdPrefix: `run-${tag}`, problem }
          const n = (await deps.runs?.closeInterrupted(deps.clock.nowMs(), of)) ?? 0
          if (n > 0)
            log.info('runs: closed the runs of an instance that stopped answering', { instanceId, runs: n })
        },
      ),
    )
  }

  const api: SyncEngine = {
    async start(reason) {
      if (state === 'running') return
      log.info(`start(${reason})`)
      state = 'running'
      lifecycle = new AbortController()
      setMaxListeners(0, lifecycle.signal)
      // On a shared store only the feed consumer holds the outbox (it loads it when it becomes one).
      if (!work) await outbox.load()
      // On a shared store the other instances' runs are live: only a solo desk closes what a stop left.
      const interrupted = work ? 0 : ((await deps.runs?.closeInterrupted(deps.clock.nowMs())) ?? 0)
      if (interrupted > 0) log.info('runs: closed runs an earlier stop interrupted', { runs: interrupted })
      // Each state's travellers go into the Faces id index (the feed routes by it); one prefetch
      // reads every entity's rows, so these loads wait on it together, not one by one.
      await Promise.all((await ctx.entities.refresh()).map((e) => ctx.loadState(e.id)))
      if (options.facesToConcur && !work) {
        void ctx.track(runFeedLoop(ctx, lifecycle.signal, () => pusher.wake()))
        void ctx.track(pusher.run(lifecycle.signal))
      }
      if (work) startSharing(work)
      if (deps.cron) {
        const sched = deps.settings().schedule
        scheduler = createPollScheduler({
          cron: deps.cron,
          expression: sched.cron,
          timeZone: sched.timeZone,
          log,
          onTick: () => scheduling.decide(() => scheduling.pollAll('scheduled'), 'tick failed'),
          onMissed: () => scheduling.decide(() => scheduling.catchUp('missed'), 'catch-up failed'),
        })
        scheduler.start()
      }
      await scheduling.catchUp('start')
    },
    async stop(reason) {
      if (state === 'stopped') return
      log.info(`stop(${reason})`)
      state = 'stopped'
      scheduler?.stop()
      scheduler = null
      lifecycle.abort()
      pusher.wake()
      for (const r of ctx.runs.active()) r.controller.abort()
      while (background.size > 0) await Promise.allSettled([...background])
      await store.flush()
      await deps.runs?.flush()
    },
    async kill() {
      work?.freeze()
      store.freeze()
      outbox.freeze()
      deps.runs?.freeze()
      await api.stop('killed')
    },
    trigger: (reason) => scheduling.pollAll(reason),
    async runEntity(entityId, opts = {}) {
      const entity = await entityOrNotFound(entityId)
      if (state !== 'running')
        throw new DeskError('conflict', 'The sync engine is not running yet. Try again in a moment.')
      const kind = opts.full ? 'full-resync' : 'manual'
      // A solo desk starts it as it always did; a shared store claims the entity first.
      if (!work) return polls.start(entity, kind, opts.full ?? false)
      const run = await scheduling.startManual(entity, kind, opts.full ?? false)
      if (run) return run
      throw new DeskError(
        'conflict',
        'Another instance of this team desk is syncing this entity right now. Its run shows in the list when it ends; sync again after that if you still need to.',
      )
    },
    async runTraveller(entityId, loginId, direction) {
      return travellerRun(await entityOrNotFound(entityId), loginId, direction)
    },
    cancel: (runId) => ctx.runs.cancel(runId),
    runs: (entityId) => ctx.runs.list(entityId),
    statusOf(entityId) {
      const entity = ctx.entities.list().find((e) => e.id === entityId) ?? null
      return pollStatusView(store.peek(entityId), entity, scheduler?.nextRunAtMs() ?? null)
    },
    async setPollingActive(entityId, active) {
      await ctx.entities.refresh()
      if (active) await scheduling.catchUp(`polling-activated:${entityId}`)
      else ctx.runs.activeFor(entityId)?.controller.abort()
    },
    travellers: async (entityId) => travellerViews(await ctx.loadState(entityId)),
    async travellerDetail(entityId, loginId) {
      const entity = await entityOrNotFound(entityId)
      const signal = lifecycle.signal
      return readTravellerDetail({
        entity,
        state: await ctx.loadState(entityId),
        loginId,
        nowMs: deps.clock.nowMs(),
        syncLog: deps.syncLog,
        changeNotes: (key) => store.changeNotes(entityId, key),
        readConcur: (login) => concurProfileOrNull(deps.concur, entity.id, login, signal),
        readFaces: (login, facesId) =>
          readFacesTraveller(deps.faces, entity.facesCompanyId, { loginId: login, facesId }, signal),
      })
    },
    pollStats: async (entityId, sinceMs) => pollStatsSince(await ctx.loadState(entityId), sinceMs),
    onResume() {
      scheduling.decide(() => scheduling.catchUp('resume'), 'catch-up failed')
    },
    async whenIdle() {
      for (;;) {
        if (scheduling.deciding > 0) {
          await scheduling.settled()
          continue
        }
        const active = [...ctx.runs.active().map((r) => r.done), ...polls.pending()]
        const due = !work || feedConsumer ? outbox.due(Number.MAX_SAFE_INTEGER).length : 0
        if (active.length === 0 && pusher.inFlight === 0 && due === 0) return
        if (active.length > 0) await Promise.allSettled(active)
        else await new Promise((r) => setTimeout(r, 5))
      }
    },
    async waitForRun(runId) {
      const run = ctx.runs.get(runId)
      if (!run) throw new DeskError('not-found', 'Unknown run.')
      await run.done
      return { ...run.view }
    },
    counters: () => ({ ...ctx.counters, feedCursor: outbox.cursor }),
  }
  return api
}
