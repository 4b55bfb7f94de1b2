/**
 * The sync engine: Concur → Faces polling per entity (watermark + retry list, durable per-entity
 * state), Faces → Concur in near real time (change feed → durable outbox → profile POST), manual
 * syncs with progress and cancel, and the scheduler hook-up (cron ticks, catch-up after missed
 * runs and resume).
 *
 * Deps (all injected; see SyncEngineDeps):
 * - entities: EntitySource (src/main/core/entities/entity-source.ts) — `id` is the Concur entityKey.
 * - concur: ConcurClient (src/main/core/concur/concur-client.ts).
 * - faces: FacesClient (src/main/core/faces/faces-client.ts). Both clients take a request slot per
 *   HTTP attempt from one shared RateGate (gate-hooks.ts), so a 429 slows a whole data centre (or all
 *   of Faces) and a call backing off between retries holds no slot; the clients decide retries.
 * - clock, log, dataDir (durable files under `<dataDir>/sync/`), syncLog (createSyncLog), bus (pushes
 *   'sync:run-updated' and 'notify'; the sync log pushes 'log:appended' itself through its onAppended).
 * - settings(): { loginIdChangePolicy, schedule: { cron, timeZone } } read on every use.
 * - cron?: CronPort (scheduler).
 *
 * Merge model: travellers are compared as flat content. The desk remembers per traveller the
 * content both sides last agreed on (`base`); a change from one side is applied to the other as
 * the diff against `base`, so edits of different fields on both sides merge, and a change whose
 * hash equals `base` is an echo of the desk's own write and is dropped.
 */
import { setMaxListeners } from 'node:events'
import pLimit from 'p-limit'
import type {
  Direction,
  PollStat,
  PollSummary,
  RunCounts,
  SyncRunView,
  TravellerDetail,
  TravellerView,
} from '../../../shared/model'
import { emptyRunCounts } from '../../../shared/run-counts'
import type { Problem } from '../../../shared/result'
import type { Logger } from '../../logging/logger'
import type { ConcurClient, TravelProfile } from '../concur/concur-client'
import { ConcurError } from '../concur/concur-error'
import { isDeskError } from '../errors/desk-error'
import { toProblem } from '../errors/to-problem'
import type { EntitySource, SourceEntity } from '../entities/entity-source'
import type { PollStatus } from '../entities/entity-ports'
import { DeskError } from '../errors/desk-error'
import type { FacesClient, FacesChange } from '../faces/faces-client'
import { isFacesError } from '../faces/faces-error'
import {
  applyFlatPatch,
  diffFlat,
  flattenFacesTraveller,
  hashFlat,
  type FlatContent,
  type FlatPatch,
} from '../faces/faces-traveller'
import type { Clock, PushBus } from '../ports'
import { createPollScheduler, type CronPort, type PollScheduler } from '../scheduler/poll-scheduler'
import type { SyncLog } from '../sync-log/sync-log'
import { applyContentToProfile, concurKeyOf, flattenConcurProfile } from './concur-mapping'
import { changeNoteOf, withChangeNote } from './change-note'
import { createOutbox, type OutboxItem } from './outbox'
import { createRunLog } from './run-log'
import { readTravellerDetail } from './traveller-detail'
import {
  createSyncStateStore,
  findTravellerByIds,
  putTraveller,
  removeTraveller,
  type EntitySyncState,
  type TravellerState,
} from './sync-state'

/** Concur's "beginning of time" for a full resync (LastModifiedDate=1900-01-01T12:00:00). */
export const FULL_RESYNC_SINCE_MS = Date.UTC(1900, 0, 1, 12, 0, 0)

/** Tunables; defaults suit production. */
export type SyncEngineOptions = {
  /** Re-read this far before the watermark: LastModifiedDate has 1 s resolution and clocks differ. @default 120000 */
  overlapMs?: number
  /** Profiles processed (in parallel) between two watermark checkpoints. @default 50 */
  chunkSize?: number
  /** Summary page size. @default 200 */
  itemsPerPage?: number
  /** Poll interval used for catch-up decisions. @default 900000 (15 min) */
  intervalMs?: number
  /** Long-poll wait of the Faces change feed. @default 25000 */
  feedWaitMs?: number
  /** First backoff of a failed push; doubles up to maxPushBackoffMs. @default 2000 */
  pushBackoffMs?: number
  /** @default 300000 */
  maxPushBackoffMs?: number
  /** Run the Faces change feed and outbox pusher. @default true */
  facesToConcur?: boolean
  /** Throttle for progress pushes. @default 250 */
  progressEveryMs?: number
  /**
   * Entity polls that run at once; the rest wait as 'queued'. Bounds memory (each running poll
   * holds its change list and queued profile tasks) without starving the request gate. @default 16
   */
  maxConcurrentPolls?: number
}

/** Dependencies of the sync engine. */
export type SyncEngineDeps = Readonly<{
  entities: EntitySource
  concur: ConcurClient
  faces: FacesClient
  clock: Clock
  log: Logger
  dataDir: string
  syncLog: SyncLog
  bus: Pick<PushBus, 'emit'>
  settings: () => {
    loginIdChangePolicy: 'update-existing' | 'flag-only'
    schedule: { cron: string; timeZone: string }
  }
  cron?: CronPort
  options?: SyncEngineOptions
}>

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
  counters(): {
    echoesSuppressed: number
    pushes: number
    facesWrites: number
    concurPosts: number
    feedCursor: number
  }
}

type Run = { view: SyncRunView; controller: AbortController; done: Promise<void>; lastEmitMs: number }

/** Creates the sync engine. */
export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const log = deps.log.child('sync')
  const o = deps.options ?? {}
  const overlapMs = o.overlapMs ?? 120_000
  const chunkSize = o.chunkSize ?? 50
  const itemsPerPage = o.itemsPerPage ?? 200
  const intervalMs = o.intervalMs ?? 15 * 60_000
  const feedWaitMs = o.feedWaitMs ?? 25_000
  const pushBackoffMs = o.pushBackoffMs ?? 2_000
  const maxPushBackoffMs = o.maxPushBackoffMs ?? 300_000
  const progressEveryMs = o.progressEveryMs ?? 250
  const pollSlots = pLimit(o.maxConcurrentPolls ?? 16)
  const store = createSyncStateStore(deps.dataDir)
  const outbox = createOutbox(deps.dataDir)
  const runs = new Map<string, Run>()
  const activeByEntity = new Map<string, Run>()
  const locks = new Map<string, Promise<unknown>>()
  // facesTravellerId → where its state lives, for version-based echo drops on the feed.
  const facesIndex = new Map<string, { entityId: string; key: string }>()
  let entityCache: SourceEntity[] = []
  let state: 'idle' | 'running' | 'stopped' = 'idle'
  let lifecycle = new AbortController()
  let scheduler: PollScheduler | null = null
  let wakePusher: (() => void) | null = null
  const background = new Set<Promise<unknown>>()
  const inFlightPushes = new Set<string>()
  let runCounter = 0
  const counters = { echoesSuppressed: 0, pushes: 0, facesWrites: 0, concurPosts: 0 }
  const runLog = createRunLog(deps.syncLog)

  const lower = (s: string): string => s.toLowerCase()
  const track = <T>(p: Promise<T>): Promise<T> => {
    background.add(p)
    void p.finally(() => background.delete(p)).catch(() => {})
    return p
  }
  /** Scheduling decisions in flight (cron tick, missed slot, resume): `whenIdle` waits for them too. */
  const deciding = new Set<Promise<unknown>>()
  const decide = (work: Promise<unknown>, failure: string): void => {
    const p = track(work.catch((err: unknown) => log.error(failure, { err })))
    deciding.add(p)
    void p.finally(() => deciding.delete(p))
  }

  function withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(key) ?? Promise.resolve()
    const next = prev.catch(() => {}).then(fn)
    locks.set(key, next)
    void next
      .finally(() => {
        if (locks.get(key) === next) locks.delete(key)
      })
      .catch(() => {})
    return next
  }

  const errorText = (err: unknown): string =>
    err instanceof Error ? `${err.name}: ${err.message}` : String(err)
  const correlationOf = (err: unknown): string | null =>
    (err as { correlationId?: string })?.correlationId ?? null

  async function refreshEntities(): Promise<SourceEntity[]> {
    entityCache = await deps.entities.listActive()
    return entityCache
  }

  async function loadState(entityId: string): Promise<EntitySyncState> {
    const s = await store.load(entityId)
    for (const [key, t] of Object.entries(s.travellers))
      if (t.facesId) facesIndex.set(t.facesId, { entityId, key })
    return s
  }

  // ───────────────────────── runs and progress ─────────────────────────

  function emitRun(run: Run, force = false): void {
    const now = deps.clock.nowMs()
    if (!force && now - run.lastEmitMs < progressEveryMs) return
    run.lastEmitMs = now
    deps.bus.emit('sync:run-updated', { ...run.view, counts: { ...run.view.counts } })
  }

  function newRun(entityId: string, kind: SyncRunView['kind'], direction: Direction): Run {
    const view: SyncRunView = {
      runId: `run-${deps.clock.nowMs().toString(36)}-${(++runCounter).toString(36)}`,
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
    // Keep the list the UI shows short: finished runs beyond the last 100 are forgotten.
    if (runs.size > 100)
      for (const [id, r] of runs) if (r.view.finishedAtMs !== null && runs.size > 100) runs.delete(id)
    return run
  }

  function finishRun(run: Run, outcome: SyncRunView['state']): void {
    run.view.state = outcome
    run.view.finishedAtMs = deps.clock.nowMs()
    emitRun(run, true)
  }

  async function startEntityRun(
    entity: SourceEntity,
    kind: SyncRunView['kind'],
    full: boolean,
  ): Promise<SyncRunView> {
    const active = activeByEntity.get(entity.id)
    if (active) return { ...active.view }
    const run = newRun(entity.id, kind, 'concur-to-faces')
    activeByEntity.set(entity.id, run)
    const onLifecycleAbort = (): void => run.controller.abort()
    lifecycle.signal.addEventListener('abort', onLifecycleAbort, { once: true })
    run.done = track(
      pollEntity(entity, run, full)
        .catch((err) => log.error('poll: unexpected failure', { entityId: entity.id, err }))
        .finally(() => {
          lifecycle.signal.removeEventListener('abort', onLifecycleAbort)
          if (activeByEntity.get(entity.id) === run) activeByEntity.delete(entity.id)
        }),
    )
    emitRun(run, true)
    return { ...run.view }
  }

  // ───────────────────────── Concur → Faces ─────────────────────────

  async function pollEntity(entity: SourceEntity, run: Run, full: boolean): Promise<void> {
    await pollSlots(async () => {
      if (!run.controller.signal.aborted) return pollEntityNow(entity, run, full)
      finishRun(run, 'cancelled')
    })
  }

  async function pollEntityNow(entity: SourceEntity, run: Run, full: boolean): Promise<void> {
    const signal = run.controller.signal
    const started = deps.clock.nowMs()
    const st = await loadState(entity.id)
    const since =
      full || st.watermarkMs === null
        ? FULL_RESYNC_SINCE_MS
        : Math.max(FULL_RESYNC_SINCE_MS, st.watermarkMs - overlapMs)
    run.view.state = 'running'
    emitRun(run, true)
    runLog.started(entity, run.view, full ? 'reads every profile changed since 1900-01-01' : null)
    const items = new Map<string, { loginId: string; lastModifiedMs: number }>()
    for (const r of Object.values(st.retry))
      items.set(lower(r.loginId), { loginId: r.loginId, lastModifiedMs: r.lastModifiedMs })
    let walkComplete = false
    let problem: Problem | null = null
    let applied = 0
    let failed = 0
    try {
      const iterable = deps.concur.summaries(
        entity.id,
        {
          modifiedSinceMs: since,
          itemsPerPage,
          ...(entity.travelConfigIds.length ? { travelConfigIds: entity.travelConfigIds } : {}),
        },
        signal,
      )
      const it = iterable[Symbol.asyncIterator]()
      for (;;) {
        const next = await it.next()
        if (next.done) break
        const page = next.value
        run.view.pagesTotal = page.totalPages
        run.view.pagesDone++
        for (const s of page.items) {
          const k = lower(s.loginId)
          const prev = items.get(k)
          if (!prev || prev.lastModifiedMs < s.lastModifiedMs)
            items.set(k, { loginId: s.loginId, lastModifiedMs: s.lastModifiedMs })
        }
        emitRun(run)
      }
      walkComplete = true
    } catch (err) {
      if (!signal.aborted) {
        problem = toProblem(err)
        log.warn('poll: summary walk failed', { entityId: entity.id, err })
      }
    }
    // Ascending by change time: a checkpoint after each chunk then never skips an older change.
    const sorted = [...items.values()].sort((a, b) => a.lastModifiedMs - b.lastModifiedMs)
    run.view.profilesTotal = sorted.length
    run.view.counts.read = sorted.length
    emitRun(run, true)
    // A sliding window of `chunkSize` profiles in flight (no barrier waiting for the slowest of a
    // batch). The watermark advances only over the settled prefix of the ascending list, so an
    // older profile still in flight is never skipped; it is checkpointed every `chunkSize` results.
    const settled = new Array<boolean>(sorted.length).fill(false)
    let prefix = 0
    let next = 0
    let inFlight = 0
    let sinceCheckpoint = 0
    const settle = (idx: number, r: StepResult): void => {
      const item = sorted[idx]!
      if (r.outcome === 'failed') {
        failed++
        const old = st.retry[lower(item.loginId)]
        st.retry[lower(item.loginId)] = {
          loginId: item.loginId,
          lastModifiedMs: item.lastModifiedMs,
          error: r.error ?? 'unknown error',
          attempts: (old?.attempts ?? 0) + 1,
          sinceMs: old?.sinceMs ?? deps.clock.nowMs(),
        }
      } else {
        if (r.outcome === 'success') applied++
        delete st.retry[lower(item.loginId)]
      }
      settled[idx] = true
      while (prefix < sorted.length && settled[prefix]) prefix++
      if (walkComplete && prefix > 0) {
        // Never past the walk's start: a profile changed while we paged may sit on a page already read.
        const upTo = Math.min(sorted[prefix - 1]!.lastModifiedMs, started)
        st.watermarkMs = Math.max(st.watermarkMs ?? FULL_RESYNC_SINCE_MS, upTo)
      }
      if (++sinceCheckpoint >= chunkSize) {
        sinceCheckpoint = 0
        void store
          .saveProgress(entity.id)
          .catch((err) => log.error('state: checkpoint failed', { entityId: entity.id, err }))
      }
      emitRun(run)
    }
    await new Promise<void>((resolve) => {
      const pump = (): void => {
        while (!signal.aborted && inFlight < chunkSize && next < sorted.length) {
          const idx = next++
          inFlight++
          void syncConcurToFaces(entity, st, sorted[idx]!.loginId, run, { force: false })
            .catch((err: unknown): StepResult => ({ outcome: 'failed', error: errorText(err) }))
            .then((r) => {
              inFlight--
              if (!signal.aborted && r.outcome !== 'cancelled') settle(idx, r)
              pump()
            })
        }
        if (inFlight === 0) resolve()
      }
      pump()
    })
    await store.saveProgress(entity.id)
    const cancelled = signal.aborted
    if (walkComplete && !cancelled && sorted.length === 0) {
      st.watermarkMs = Math.max(st.watermarkMs ?? FULL_RESYNC_SINCE_MS, Math.min(started, since + overlapMs))
    }
    const outcome: PollSummary['outcome'] = cancelled
      ? 'cancelled'
      : !walkComplete
        ? 'failed'
        : failed > 0
          ? 'partial'
          : 'success'
    const now = deps.clock.nowMs()
    const summary: PollSummary = {
      atMs: started,
      outcome,
      changed: sorted.length,
      applied,
      failed,
      durationMs: now - started,
      problem,
      counts: { ...run.view.counts },
    }
    if (!cancelled) {
      st.lastPoll = summary
      if (outcome === 'failed') st.consecutiveFailures++
      else {
        st.consecutiveFailures = 0
        st.lastSuccessMs = started
      }
      st.stats.push({ atMs: started, synced: applied, failed })
      st.stats = st.stats.filter((s) => s.atMs >= now - 7 * 24 * 3_600_000).slice(-1_000)
    }
    await store.save(entity.id)
    const finalState: SyncRunView['state'] = cancelled
      ? 'cancelled'
      : outcome === 'failed'
        ? 'failed'
        : 'done'
    runLog.finished(entity, run.view, finalState, now - started, problem)
    if (outcome === 'failed' && st.consecutiveFailures === 3) {
      deps.bus.emit('notify', {
        id: `poll-failing-${entity.id}-${now}`,
        level: 'error',
        title: `Polling ${entity.name} keeps failing`,
        body: `${problem?.message ?? 'The last three polls failed.'} The desk keeps trying at every scheduled run.`,
        entityId: entity.id,
        atMs: now,
      })
    }
    finishRun(run, finalState)
  }

  /** The traveller's Concur profile, or null when Concur no longer has it. */
  async function concurProfileOrNull(
    entity: SourceEntity,
    loginId: string,
    signal: AbortSignal,
  ): Promise<TravelProfile | null> {
    try {
      return await deps.concur.getProfile(entity.id, { login: loginId }, signal)
    } catch (err) {
      if (isDeskError(err, 'not-found')) return null
      throw err
    }
  }

  function findTravellerState(
    st: EntitySyncState,
    p: TravelProfile,
  ): { key: string; t: TravellerState } | null {
    const k = lower(p.loginId)
    const direct = st.travellers[k]
    if (direct) return { key: k, t: direct }
    return findTravellerByIds(st, p.uuid || null, p.general.companyEmployeeId || null)
  }

  /** `effect`: which run count the step adds to (defaults follow the outcome). */
  type StepResult = {
    outcome: 'success' | 'skipped' | 'warning' | 'rejected' | 'failed' | 'cancelled'
    error?: string
    effect?: Exclude<keyof RunCounts, 'read'>
  }
  const DEFAULT_EFFECT: Record<StepResult['outcome'], StepResult['effect'] | null> = {
    success: 'written',
    skipped: 'unchanged',
    warning: 'flagged',
    rejected: 'rejected',
    failed: 'failed',
    cancelled: null,
  }
  function countStep(run: Run, r: StepResult): void {
    const effect = r.effect ?? DEFAULT_EFFECT[r.outcome]
    if (effect) run.view.counts[effect]++
  }

  function syncConcurToFaces(
    entity: SourceEntity,
    st: EntitySyncState,
    loginId: string,
    run: Run,
    opts: { force: boolean },
  ): Promise<StepResult> {
    const signal = run.controller.signal
    return withLock(`${entity.id}\u0000${lower(loginId)}`, async (): Promise<StepResult> => {
      const t0 = deps.clock.nowMs()
      const record = (
        outcome: StepResult['outcome'],
        message: string,
        err?: unknown,
        effect?: StepResult['effect'],
      ): StepResult => {
        run.view.profilesDone++
        if (outcome === 'failed') run.view.failed++
        countStep(run, effect ? { outcome, effect } : { outcome })
        if (outcome !== 'skipped' && outcome !== 'cancelled') {
          deps.syncLog.append({
            entityId: entity.id,
            entityName: entity.name,
            runId: run.view.runId,
            direction: 'concur-to-faces',
            traveller: loginId,
            kind: 'traveller',
            outcome,
            message,
            durationMs: deps.clock.nowMs() - t0,
            error: err === undefined ? null : errorText(err),
            correlationId: err === undefined ? null : correlationOf(err),
          })
        }
        emitRun(run)
        return err === undefined ? { outcome } : { outcome, error: errorText(err) }
      }
      if (signal.aborted) return { outcome: 'cancelled' }
      try {
        const profile = await concurProfileOrNull(entity, loginId, signal)
        if (!profile)
          return record('skipped', 'Profile no longer in Concur; nothing to sync', undefined, 'skipped')
        const content = flattenConcurProfile(profile)
        const hash = hashFlat(content)
        const found = findTravellerState(st, profile)
        if (found?.t.pending && !opts.force) {
          // A write of ours may have landed just before a crash: ask Faces before choosing the base.
          const current = await readFacesTraveller(entity, found.t, signal)
          resolvePending(found.t, current ? flattenFacesTraveller(current) : null)
        }
        if (
          !opts.force &&
          found &&
          found.key === lower(profile.loginId) &&
          found.t.baseHash === hash &&
          found.t.facesId
        ) {
          counters.echoesSuppressed++
          return record('skipped', 'Already in Faces')
        }
        const patch: FlatPatch = found && !opts.force ? diffFlat(found.t.base, content) : content
        const policy = deps.settings().loginIdChangePolicy
        // Write-ahead: the intended content is on disk before Faces sees the request.
        const ahead: TravellerState = found?.t ?? {
          loginId: profile.loginId,
          concurUuid: profile.uuid,
          employeeId: profile.general.companyEmployeeId || null,
          facesId: null,
          name: '',
          base: {},
          baseHash: '',
          c2fHash: null,
          f2cHash: null,
          lastConcurToFacesMs: null,
          lastFacesToConcurMs: null,
          lastOutcome: null,
        }
        ahead.pending = content
        ahead.pendingFirstContact = Object.keys(ahead.base).length === 0
        const aheadKey = found?.key ?? lower(profile.loginId)
        putTraveller(st, aheadKey, ahead)
        await store.saveTravellers(entity.id, [aheadKey])
        if (signal.aborted) return { outcome: 'cancelled' }
        const upsert = (p: FlatPatch, ifAbsent: boolean) =>
          deps.faces.upsertTraveller(entity.facesCompanyId, concurKeyOf(profile), p, {
            onLoginIdChange: policy === 'update-existing' ? 'update' : 'reject',
            ifAbsent,
            signal,
          })
        // A first copy carries the whole profile; sent as create-only so that a retry of a write
        // that already landed (lost response) cannot overwrite edits a Faces user made since.
        const firstCopy = ahead.pendingFirstContact === true && !opts.force
        let res
        try {
          try {
            res = await upsert(patch, firstCopy)
          } catch (err) {
            if (!(firstCopy && isFacesError(err, 'conflict', 'already-exists'))) throw err
            ahead.base = content
            ahead.baseHash = hash
            res = await upsert({}, false)
          }
        } catch (err) {
          if (isFacesError(err, 'conflict', 'login-id-changed')) {
            if (signal.aborted) return { outcome: 'cancelled' }
            st.loginIdChanges++
            void store
              .saveProgress(entity.id)
              .catch((err) => log.error('state: save failed', { entityId: entity.id, err }))
            notifyLoginChange(entity, previousLoginOf(err.body), profile.loginId, false)
            return record(
              'warning',
              `Login ID changed from ${previousLoginOf(err.body)} to ${profile.loginId}; flagged, Faces left unchanged (policy: flag only)`,
            )
          }
          throw err
        }
        counters.facesWrites++
        if (signal.aborted) return { outcome: 'cancelled' }
        const key = lower(profile.loginId)
        if (found && found.key !== key) removeTraveller(st, found.key)
        if (res.loginIdChangedFrom) {
          st.loginIdChanges++
          notifyLoginChange(entity, res.loginIdChangedFrom, profile.loginId, true)
        }
        const now = deps.clock.nowMs()
        const wrote = res.created || res.changed
        putTraveller(st, key, {
          ...withChangeNote(
            found?.t,
            'concur-to-faces',
            wrote ? changeNoteOf(found?.t.base ?? {}, patch, now, res.created) : null,
          ),
          loginId: profile.loginId,
          concurUuid: profile.uuid,
          employeeId: profile.general.companyEmployeeId || null,
          facesId: res.traveller.id,
          facesVersion: res.traveller.version,
          name: [profile.general.firstName, profile.general.lastName].filter(Boolean).join(' '),
          base: content,
          baseHash: hash,
          c2fHash: hash,
          pending: null,
          pendingFirstContact: false,
          f2cHash: found?.t.f2cHash ?? null,
          lastConcurToFacesMs: now,
          lastFacesToConcurMs: found?.t.lastFacesToConcurMs ?? null,
          lastOutcome: res.loginIdChangedFrom ? 'warning' : 'success',
        })
        facesIndex.set(res.traveller.id, { entityId: entity.id, key })
        if (res.loginIdChangedFrom)
          void store
            .saveProgress(entity.id)
            .catch((err) => log.error('state: save failed', { entityId: entity.id, err }))
        void store
          .saveTravellers(entity.id, found && found.key !== key ? [found.key, key] : [key])
          .catch((err) => log.error('state: save failed', { entityId: entity.id, err }))
        if (res.loginIdChangedFrom) {
          return record(
            'warning',
            `Login ID changed from ${res.loginIdChangedFrom} to ${profile.loginId}; updated the existing Faces traveller`,
            undefined,
            'written',
          )
        }
        return record(
          'success',
          res.created ? 'Created in Faces' : res.changed ? 'Updated in Faces' : 'Faces already up to date',
          undefined,
          res.created || res.changed ? 'written' : 'unchanged',
        )
      } catch (err) {
        if (signal.aborted) return { outcome: 'cancelled' }
        const t = st.travellers[lower(loginId)]
        if (t) t.lastOutcome = 'failed'
        return record('failed', 'Could not sync to Faces; will retry next run', err)
      }
    })
  }

  async function readFacesTraveller(
    entity: SourceEntity,
    t: Pick<TravellerState, 'facesId' | 'loginId'>,
    signal: AbortSignal,
  ) {
    try {
      if (t.facesId) return await deps.faces.getTraveller(entity.facesCompanyId, t.facesId, signal)
      const list = await deps.faces.findByLogin(entity.facesCompanyId, t.loginId, signal)
      return list[0] ?? null
    } catch (err) {
      if (isDeskError(err, 'not-found')) return null
      throw err
    }
  }

  /**
   * Decides whether a write-ahead (pending) Concur → Faces write landed, from Faces' current
   * content: a first copy landed when the traveller exists; an update landed when Faces holds
   * every field it set. Landed → the written content becomes the base; otherwise the old base stays
   * and the next write repeats it (upserts are idempotent).
   */
  function resolvePending(t: TravellerState, faces: FlatContent | null): void {
    const pending = t.pending
    if (!pending) return
    let landed = false
    if (faces !== null) {
      if (t.pendingFirstContact) landed = true
      else
        landed = Object.entries(diffFlat(t.base, pending)).every(([k, v]) =>
          v === null ? !(k in faces) : faces[k] === v,
        )
    }
    if (landed) {
      t.base = pending
      t.baseHash = hashFlat(pending)
    }
    t.pending = null
    t.pendingFirstContact = false
  }

  function notifyLoginChange(entity: SourceEntity, from: string, to: string, applied: boolean): void {
    const now = deps.clock.nowMs()
    deps.bus.emit('notify', {
      id: `login-change-${entity.id}-${to}-${now}`,
      level: 'warning',
      title: `Concur login ID changed in ${entity.name}`,
      body: applied
        ? `${from} is now ${to}. The existing Faces traveller was updated; no second profile was created.`
        : `${from} is now ${to}. Faces was left unchanged (policy: flag only). Check the traveller, then acknowledge it on the entity.`,
      entityId: entity.id,
      atMs: now,
    })
  }

  // ───────────────────────── Faces → Concur ─────────────────────────

  async function feedLoop(signal: AbortSignal): Promise<void> {
    let failures = 0
    while (!signal.aborted) {
      try {
        const page = await deps.faces.changes(outbox.cursor, { waitMs: feedWaitMs, signal })
        failures = 0
        if (signal.aborted) return
        const wanted = page.changes.filter((c) => !isOwnWrite(c))
        if (page.nextCursor !== outbox.cursor || wanted.length > 0) {
          await outbox.accept(
            wanted.map((c) => ({
              companyId: c.companyId,
              travellerId: c.travellerId,
              concurLoginId: c.concurLoginId,
              seq: c.seq,
            })),
            page.nextCursor,
            deps.clock.nowMs(),
          )
          if (wanted.length > 0) wakePusher?.()
        }
      } catch (err) {
        if (signal.aborted) return
        failures++
        log.warn('feed: reading the Faces change feed failed', { failures, err })
        await deps.clock
          .wait(Math.min(pushBackoffMs * 2 ** Math.min(failures, 8), maxPushBackoffMs), signal)
          .catch(() => {})
      }
    }
  }

  /** The feed entry of a write the desk itself made (same traveller version) is an echo; drop it without a read. */
  function isOwnWrite(c: FacesChange): boolean {
    if (c.origin !== 'api') return false
    const where = facesIndex.get(c.travellerId)
    if (!where) return false
    const t = store.peek(where.entityId)?.travellers[where.key]
    if (t && t.facesVersion === c.version) {
      counters.echoesSuppressed++
      return true
    }
    return false
  }

  async function pusherLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const now = deps.clock.nowMs()
      for (const item of outbox.due(now)) {
        const k = `${item.companyId}/${item.travellerId}`
        if (inFlightPushes.has(k)) continue
        inFlightPushes.add(k)
        void track(pushOne(item, signal).finally(() => inFlightPushes.delete(k)))
      }
      const next = outbox.nextDueMs()
      const waitMs = next === null ? 60_000 : Math.max(1, Math.min(next - now, 60_000))
      const wake = new AbortController()
      const onAbort = (): void => wake.abort()
      signal.addEventListener('abort', onAbort, { once: true })
      wakePusher = () => wake.abort()
      await deps.clock.wait(waitMs, wake.signal).catch(() => {})
      signal.removeEventListener('abort', onAbort)
    }
  }

  async function entityForCompany(companyId: string): Promise<SourceEntity | null> {
    const hit = entityCache.find((e) => e.facesCompanyId === companyId)
    if (hit) return hit
    return (await refreshEntities()).find((e) => e.facesCompanyId === companyId) ?? null
  }

  async function pushOne(item: OutboxItem, signal: AbortSignal, run?: Run): Promise<StepResult> {
    const entity = await entityForCompany(item.companyId)
    if (!entity) {
      await outbox.done(item)
      return { outcome: 'skipped' }
    }
    const st = await loadState(entity.id)
    const lockKey = `${entity.id}\u0000${lower(item.concurLoginId ?? item.travellerId)}`
    return withLock(lockKey, async (): Promise<StepResult> => {
      const t0 = deps.clock.nowMs()
      let login = item.concurLoginId
      const logRecord = (outcome: StepResult['outcome'], message: string, err?: unknown): void => {
        deps.syncLog.append({
          entityId: entity.id,
          entityName: entity.name,
          runId: run?.view.runId ?? null,
          direction: 'faces-to-concur',
          traveller: login,
          kind: 'traveller',
          outcome,
          message,
          durationMs: deps.clock.nowMs() - t0,
          error: err === undefined ? null : errorText(err),
          correlationId: err === undefined ? null : correlationOf(err),
        })
      }
      try {
        let traveller
        try {
          traveller = await deps.faces.getTraveller(item.companyId, item.travellerId, signal)
        } catch (err) {
          if (isDeskError(err, 'not-found')) {
            await outbox.done(item)
            return { outcome: 'skipped' }
          }
          throw err
        }
        const linkedLogin = traveller.concurLoginId
        login = linkedLogin
        if (!linkedLogin) {
          await outbox.done(item)
          return { outcome: 'skipped' }
        }
        const content = flattenFacesTraveller(traveller)
        const hash = hashFlat(content)
        const key = lower(linkedLogin)
        const known = st.travellers[key]
        if (known?.pending) resolvePending(known, content)
        if (known && known.baseHash === hash) {
          counters.echoesSuppressed++
          known.facesId = traveller.id
          known.facesVersion = traveller.version
          if (signal.aborted) return { outcome: 'cancelled' }
          await outbox.done(item)
          return { outcome: 'skipped', effect: 'unchanged' }
        }
        const profile = await concurProfileOrNull(entity, linkedLogin, signal)
        if (!profile) {
          if (signal.aborted) return { outcome: 'cancelled' }
          // Permanent for this traveller (E003 / Invalid User): one attempt, a clear record, never retried.
          logRecord(
            'rejected',
            `Concur has no profile with login ${linkedLogin}. Create it in Concur, or correct the login in Faces.`,
          )
          const t = st.travellers[key]
          if (t) t.lastOutcome = 'rejected'
          await outbox.done(item)
          return { outcome: 'rejected' }
        }
        const current = flattenConcurProfile(profile)
        // Without a remembered base (a traveller the desk never copied) Concur wins: only fields Concur lacks are pushed.
        const hasBase = known !== undefined && Object.keys(known.base).length > 0
        const patch = hasBase ? diffFlat(known.base, content) : onlyMissing(current, content)
        const target = applyFlatPatch(current, patch)
        const targetHash = hashFlat(target)
        let correlationId: string | null = null
        let warning: string | null = null
        if (targetHash !== hashFlat(current)) {
          const res = await deps.concur.postProfile(
            entity.id,
            'Update',
            applyContentToProfile(profile, target),
            signal,
          )
          counters.concurPosts++
          correlationId = res.correlationId
          if (!res.ok)
            throw new ConcurError('invalid-input', res.advice ?? 'Concur refused the update.', {
              correlationId: res.correlationId,
              travellerRejected: true,
              ...(res.messages[0] ? { messageCode: res.messages[0].code } : {}),
            })
          if (res.outcome === 'warning') warning = res.advice
        }
        if (signal.aborted) return { outcome: 'cancelled' }
        const now = deps.clock.nowMs()
        putTraveller(st, key, {
          ...withChangeNote(
            known,
            'faces-to-concur',
            targetHash !== hashFlat(current)
              ? changeNoteOf(current, diffFlat(current, target), now, false)
              : null,
          ),
          loginId: linkedLogin,
          concurUuid: known?.concurUuid ?? profile.uuid,
          employeeId: known?.employeeId ?? (profile.general.companyEmployeeId || null),
          facesId: traveller.id,
          facesVersion: traveller.version,
          name: [traveller.firstName, traveller.lastName].filter(Boolean).join(' '),
          base: content,
          baseHash: hash,
          c2fHash: known?.c2fHash ?? null,
          f2cHash: targetHash,
          lastConcurToFacesMs: known?.lastConcurToFacesMs ?? null,
          lastFacesToConcurMs: now,
          lastOutcome: warning ? 'warning' : 'success',
        })
        facesIndex.set(traveller.id, { entityId: entity.id, key })
        await store.saveTravellers(entity.id, [key])
        await outbox.done(item)
        counters.pushes++
        deps.syncLog.append({
          entityId: entity.id,
          entityName: entity.name,
          runId: run?.view.runId ?? null,
          direction: 'faces-to-concur',
          traveller: login,
          kind: 'traveller',
          outcome: warning ? 'warning' : 'success',
          message:
            warning ??
            (Object.keys(patch).length
              ? `Pushed ${Object.keys(patch).length} field(s) to Concur`
              : 'Concur already up to date'),
          durationMs: now - t0,
          correlationId,
        })
        return { outcome: 'success', effect: Object.keys(patch).length ? 'written' : 'unchanged' }
      } catch (err) {
        if (signal.aborted) return { outcome: 'cancelled' }
        if (err instanceof ConcurError && err.travellerRejected) {
          // Concur refused this traveller for good: resending cannot succeed, so the outbox moves on.
          await outbox.done(item)
          const t = st.travellers[lower(login ?? '')]
          if (t) t.lastOutcome = 'rejected'
          logRecord('rejected', err.message, err)
          return { outcome: 'rejected', error: errorText(err) }
        }
        const attempts = item.attempts + 1
        const backoff = Math.min(pushBackoffMs * 2 ** Math.min(attempts - 1, 16), maxPushBackoffMs)
        await outbox.failed(item, errorText(err), deps.clock.nowMs() + backoff)
        const t = st.travellers[lower(login ?? '')]
        if (t) t.lastOutcome = 'failed'
        logRecord(
          'failed',
          `Could not push to Concur (attempt ${attempts}); retrying in ${Math.round(backoff / 1000)} s`,
          err,
        )
        return { outcome: 'failed', error: errorText(err) }
      }
    })
  }

  // ───────────────────────── scheduling ─────────────────────────

  async function catchUp(reason: string): Promise<void> {
    if (state !== 'running') return
    const now = deps.clock.nowMs()
    for (const e of await refreshEntities()) {
      if (!e.pollingActive) continue
      const st = await loadState(e.id)
      if (st.lastSuccessMs === null || now - st.lastSuccessMs > intervalMs) {
        log.info(`catch-up(${reason}): polling overdue entity`, { entityId: e.id })
        await startEntityRun(e, 'catch-up', false)
      }
    }
  }

  const api: SyncEngine = {
    async start(reason) {
      if (state === 'running') return
      log.info(`start(${reason})`)
      state = 'running'
      lifecycle = new AbortController()
      setMaxListeners(0, lifecycle.signal)
      await outbox.load()
      for (const e of await refreshEntities()) await loadState(e.id)
      if (o.facesToConcur !== false) {
        void track(feedLoop(lifecycle.signal))
        void track(pusherLoop(lifecycle.signal))
      }
      if (deps.cron) {
        const sched = deps.settings().schedule
        scheduler = createPollScheduler({
          cron: deps.cron,
          expression: sched.cron,
          timeZone: sched.timeZone,
          log,
          onTick: () => decide(api.trigger('scheduled'), 'tick failed'),
          onMissed: () => decide(catchUp('missed'), 'catch-up failed'),
        })
        scheduler.start()
      }
      await catchUp('start')
    },
    async stop(reason) {
      if (state === 'stopped') return
      log.info(`stop(${reason})`)
      state = 'stopped'
      scheduler?.stop()
      scheduler = null
      lifecycle.abort()
      wakePusher?.()
      for (const r of activeByEntity.values()) r.controller.abort()
      while (background.size > 0) await Promise.allSettled([...background])
      await store.flush()
    },
    async kill() {
      store.freeze()
      outbox.freeze()
      await api.stop('killed')
    },
    async trigger(reason) {
      const out: SyncRunView[] = []
      for (const e of await refreshEntities()) {
        if (!e.pollingActive) continue
        out.push(await startEntityRun(e, reason === 'manual' ? 'manual' : reason, false))
      }
      return out
    },
    async runEntity(entityId, options = {}) {
      const entity = await deps.entities.get(entityId)
      if (!entity)
        throw new DeskError('not-found', 'This entity no longer exists or is archived. Refresh the list.')
      if (state !== 'running')
        throw new DeskError('conflict', 'The sync engine is not running yet. Try again in a moment.')
      return startEntityRun(entity, options.full ? 'full-resync' : 'manual', options.full ?? false)
    },
    async runTraveller(entityId, loginId, direction) {
      const entity = await deps.entities.get(entityId)
      if (!entity)
        throw new DeskError('not-found', 'This entity no longer exists or is archived. Refresh the list.')
      const st = await loadState(entityId)
      const run = newRun(entityId, 'traveller', direction)
      run.view.state = 'running'
      run.view.profilesTotal = 1
      run.view.counts.read = 1
      emitRun(run, true)
      runLog.started(entity, run.view, loginId)
      const onLifecycleAbort = (): void => run.controller.abort()
      lifecycle.signal.addEventListener('abort', onLifecycleAbort, { once: true })
      const work = async (): Promise<StepResult> => {
        if (direction === 'concur-to-faces') {
          const r = await syncConcurToFaces(entity, st, loginId, run, { force: true })
          await store.save(entityId)
          return r
        }
        const known = st.travellers[lower(loginId)]
        let facesId = known?.facesId ?? null
        if (!facesId) {
          const found = await deps.faces.findByLogin(entity.facesCompanyId, loginId, run.controller.signal)
          facesId = found[0]?.id ?? null
        }
        if (!facesId)
          throw new DeskError('not-found', `Faces has no traveller with the Concur login ID ${loginId}.`)
        // A manual push compares against Concur itself, not the remembered base, so it repairs drift.
        if (known) known.baseHash = ''
        const r = await pushOne(
          {
            companyId: entity.facesCompanyId,
            travellerId: facesId,
            concurLoginId: loginId,
            seq: 0,
            firstSeenMs: 0,
            attempts: 0,
            nextAttemptMs: 0,
            lastError: null,
          },
          run.controller.signal,
          run,
        )
        run.view.profilesDone = 1
        if (r.outcome === 'failed' || r.outcome === 'rejected') run.view.failed = 1
        countStep(run, r)
        return r
      }
      const finish = (state: SyncRunView['state'], problem: Problem | null): void => {
        runLog.finished(entity, run.view, state, deps.clock.nowMs() - run.view.startedAtMs, problem)
        finishRun(run, state)
      }
      run.done = track(
        work()
          .then((r) =>
            finish(
              r.outcome === 'failed' || r.outcome === 'rejected'
                ? 'failed'
                : r.outcome === 'cancelled'
                  ? 'cancelled'
                  : 'done',
              r.error ? { kind: 'remote-failed', message: r.error } : null,
            ),
          )
          .catch((err) => {
            deps.syncLog.append({
              entityId,
              entityName: entity.name,
              runId: run.view.runId,
              direction,
              traveller: loginId,
              kind: 'traveller',
              outcome: 'failed',
              message: 'Traveller sync failed',
              error: errorText(err),
            })
            if (!run.controller.signal.aborted) {
              run.view.failed = 1
              run.view.counts.failed = 1
            }
            finish(run.controller.signal.aborted ? 'cancelled' : 'failed', toProblem(err))
          })
          .finally(() => lifecycle.signal.removeEventListener('abort', onLifecycleAbort)),
      )
      return { ...run.view }
    },
    cancel(runId) {
      const run = runs.get(runId)
      if (!run)
        throw new DeskError('not-found', 'This sync run is no longer known. Refresh the list of runs.')
      if (run.view.finishedAtMs === null) run.controller.abort()
      return { ...run.view }
    },
    runs(entityId) {
      return [...runs.values()]
        .map((r) => ({ ...r.view }))
        .filter((v) => entityId === undefined || v.entityId === entityId)
        .sort((a, b) => b.startedAtMs - a.startedAtMs)
    },
    statusOf(entityId) {
      const st = store.peek(entityId)
      const entity = entityCache.find((e) => e.id === entityId)
      if (!st && !entity) return null
      return {
        lastPoll: st?.lastPoll ?? null,
        nextPollAtMs: entity?.pollingActive === false ? null : (scheduler?.nextRunAtMs() ?? null),
        consecutiveFailures: st?.consecutiveFailures ?? 0,
        retryListSize: st ? Object.keys(st.retry).length : 0,
        loginIdChanges: st?.loginIdChanges ?? 0,
      }
    },
    async setPollingActive(entityId, active) {
      await refreshEntities()
      if (active) await catchUp(`polling-activated:${entityId}`)
      else activeByEntity.get(entityId)?.controller.abort()
    },
    async travellers(entityId) {
      const st = await loadState(entityId)
      return Object.values(st.travellers)
        .map((t) => ({
          loginId: t.loginId,
          name: t.name,
          employeeId: t.employeeId,
          lastConcurToFacesMs: t.lastConcurToFacesMs,
          lastFacesToConcurMs: t.lastFacesToConcurMs,
          lastOutcome: t.lastOutcome,
          inRetryList: lower(t.loginId) in st.retry,
          retryError: st.retry[lower(t.loginId)]?.error ?? null,
        }))
        .concat(
          Object.values(st.retry)
            .filter((r) => !st.travellers[lower(r.loginId)])
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
    },
    async travellerDetail(entityId, loginId) {
      const entity = await deps.entities.get(entityId)
      if (!entity)
        throw new DeskError('not-found', 'This entity no longer exists or is archived. Refresh the list.')
      const st = await loadState(entityId)
      const signal = lifecycle.signal
      return readTravellerDetail({
        entity,
        state: st,
        loginId,
        nowMs: deps.clock.nowMs(),
        syncLog: deps.syncLog,
        readConcur: (login) => concurProfileOrNull(entity, login, signal),
        readFaces: (login, facesId) => readFacesTraveller(entity, { loginId: login, facesId }, signal),
      })
    },
    async pollStats(entityId, sinceMs) {
      const st = await loadState(entityId)
      return st.stats.filter((s) => s.atMs >= sinceMs)
    },
    onResume() {
      decide(catchUp('resume'), 'catch-up failed')
    },
    async whenIdle() {
      for (;;) {
        if (deciding.size > 0) {
          await Promise.allSettled([...deciding])
          continue
        }
        const active = [...activeByEntity.values()].map((r) => r.done)
        const pushing = inFlightPushes.size
        const due = outbox.due(Number.MAX_SAFE_INTEGER).length
        if (active.length === 0 && pushing === 0 && due === 0) return
        if (active.length > 0) await Promise.allSettled(active)
        else await new Promise((r) => setTimeout(r, 5))
      }
    },
    async waitForRun(runId) {
      const run = runs.get(runId)
      if (!run) throw new DeskError('not-found', 'Unknown run.')
      await run.done
      return { ...run.view }
    },
    counters: () => ({ ...counters, feedCursor: outbox.cursor }),
  }
  return api
}

/** The previous login id named by a Faces `login-id-changed` conflict. */
function previousLoginOf(body: Record<string, unknown> | undefined): string {
  const v = body?.['previousLoginId']
  return typeof v === 'string' ? v : '?'
}

/** The fields of `faces` that Concur does not have at all (a first push never overwrites or deletes). */
function onlyMissing(concur: FlatContent, faces: FlatContent): FlatPatch {
  const out: FlatPatch = {}
  for (const [k, v] of Object.entries(faces)) if (concur[k] === undefined) out[k] = v
  return out
}

export type { FlatContent }
