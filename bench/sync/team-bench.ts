/**
 * Two team-desk instances on one PostgreSQL (issue 13 C): 1,000 entities × 20 changed profiles in
 * one scheduled cycle that both instances tick at once; each entity's poll is claimed by exactly
 * one of them. Reports the cycle against the concurrency bound, doubled polls (summary walks per
 * entity at the Concur simulator) and the split between the instances. Both instances run in this
 * process over one rate gate and one credential owner (the bound is the same as one desk's), each
 * with its own pool, lease store and engine; the RSS is the process's, so an upper bound per instance.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { systemClock } from '../../src/main/core/clock'
import { createSqlInstanceRows } from '../../src/main/adapters/storage/team/sql-instance-registry'
import { createPostgresLeaseStore } from '../../src/main/adapters/storage/team/pg-lease-store'
import { freshLocation, openTestStorage } from '../../src/main/adapters/storage/test-backends.test-helper'
import type { CronPort } from '../../src/main/core/scheduler/poll-scheduler'
import { createInstanceRegistry } from '../../src/main/core/team/instance-registry'
import type { LeaseStore } from '../../src/main/core/team/lease-store'
import type { SyncRunView } from '../../src/shared/model'
import { createSharedWork } from '../../src/main/core/team/shared-work'
import { silentLogger } from '../../src/main/logging/logger'
import { buildEngine, type Sims } from '../../test/support/sync-harness'
import { ARGS } from './bench-args'
import { createBenchWorld } from './bench-world'
import { collectGarbage, peak, resetPeak } from './memory'
import { fmt, type Row } from './report'
import { slotStats } from './slot-stats'
import { lagText, type Rpc } from './worker-sims'

/** Claim statements and their time (where a cycle's time goes on a shared store). */
const claimStats = { n: 0, granted: 0, ms: 0 }

/** The lease store with every claim timed. */
function timedClaims(inner: LeaseStore): LeaseStore {
  return {
    ...inner,
    async claim(name, slotMs, ttlMs) {
      const t0 = performance.now()
      try {
        const grant = await inner.claim(name, slotMs, ttlMs)
        if (grant) claimStats.granted++
        return grant
      } finally {
        claimStats.n++
        claimStats.ms += performance.now() - t0
      }
    },
  }
}

/** Runs the two-instance cycle; returns the report rows. */
export async function runTeamBench(rpc: Rpc, urls: { glzUrl: string; facesUrl: string }): Promise<Row[]> {
  const clock = systemClock
  const ENTITIES = ARGS.teamEntities
  const PROFILES = ARGS.teamProfiles
  process.stdout.write(`team: setting up ${ENTITIES} entities × ${PROFILES} profiles…\n`)
  const world = await createBenchWorld(rpc, urls, { tag: 'team', entities: ENTITIES, profiles: PROFILES })
  const location = freshLocation('postgres')
  const ticks: Array<() => void> = []
  const cron: CronPort = {
    schedule: (_e, _z, onTick) => (ticks.push(onTick), { stop: () => {}, nextRunAtMs: () => null }),
    validate: () => true,
  }
  const instances = []
  for (const name of ['a', 'b']) {
    const { storage, db } = await openTestStorage('postgres', {
      location,
      clock,
      instances: 'shared',
      maxConnections: 10,
    })
    const registry = createInstanceRegistry({
      rows: createSqlInstanceRows(db, 'postgres'),
      instanceId: `bench-${name}`,
      host: 'bench',
      pid: process.pid,
      clock,
      log: silentLogger,
    })
    const lane = await registry.start()
    const work = createSharedWork({
      leases: timedClaims(createPostgresLeaseStore(db, `bench-${name}`, () => clock.nowMs())),
      clock,
      log: silentLogger,
    })
    const { engine, pushes } = await buildEngine(
      { clock } as Sims,
      world,
      storage,
      {
        facesToConcur: false,
        maxConcurrentPolls: ARGS.maxPolls,
        team: { work, lane },
      },
      cron,
    )
    instances.push({ name, storage, db, engine, registry, pushes })
  }
  // The instances start with every entity unpolled: their start-up catch-up is the cycle measured.
  await rpc('concur', 'clearRequestLog')
  const facesBefore = ((await rpc('faces', 'stats')) as { requests: number }).requests
  collectGarbage()
  const baseline = process.memoryUsage()
  resetPeak(baseline.rss)
  const t0 = performance.now()
  slotStats.reset()
  const deskLag = monitorEventLoopDelay({ resolution: 5 })
  deskLag.enable()
  await Promise.all(instances.map((i) => i.engine.start('bench')))
  for (const tick of ticks) tick()
  await Promise.all(instances.map((i) => i.engine.whenIdle()))
  const cycleMs = performance.now() - t0
  deskLag.disable()
  slotStats.tick(0)
  const cyclePeak = peak()
  const meanBusy = slotStats.busyIntegralMs / cycleMs
  const holdText = [...slotStats.holds]
    .map(([k, h]) => `${k === 'faces' ? 'Faces' : `Concur ${new URL(k).port}`} ${(h.ms / h.n).toFixed(1)} ms`)
    .join(', ')
  const log = (await rpc('concur', 'requestLog')) as Array<{
    route: string
    server: string
    companyUuid?: string
  }>
  const concurLog = log.filter((e) => e.route !== 'token')
  const facesRequests = ((await rpc('faces', 'stats')) as { requests: number }).requests - facesBefore
  const walks = new Map<string, number>()
  for (const e of concurLog)
    if (e.route === 'summary' && e.companyUuid) walks.set(e.companyUuid, (walks.get(e.companyUuid) ?? 0) + 1)
  const doubled = [...walks.values()].filter((n) => n > 1).length
  const unpolled = ENTITIES - walks.size
  const byDc = new Map<string, number>()
  for (const e of concurLog) byDc.set(e.server, (byDc.get(e.server) ?? 0) + 1)
  const concurWork = concurLog.length * ARGS.concurMs
  const facesWork = facesRequests * ARGS.facesMs
  const perKeyBounds = [
    ...[...byDc.values()].map((n) => (n * ARGS.concurMs) / ARGS.perDc),
    facesWork / ARGS.perDc,
  ]
  const boundMs = Math.max((concurWork + facesWork) / ARGS.global, ...perKeyBounds)
  // Every finished run from its pushes (the run list keeps only the newest 100 finished runs).
  const finished = instances.map((i) => {
    const last = new Map<string, SyncRunView>()
    for (const p of i.pushes)
      if (p.channel === 'sync:run-updated') {
        const v = p.payload as SyncRunView
        if (v.finishedAtMs !== null) last.set(v.runId, v)
      }
    return [...last.values()]
  })
  const split = instances.map((i, k) => `${i.name} ${finished[k]!.filter((r) => r.state === 'done').length}`)
  const notDone = finished.flat().filter((r) => r.state !== 'done').length
  const synced = finished.flat().reduce((m, r) => m + r.profilesDone, 0)
  // What Faces holds: every changed profile of every entity, once.
  const inFaces = (
    (await rpc(
      'faces',
      '__many',
      'listTravellers',
      world.entities.map((e) => [e.facesCompanyId]),
    )) as Array<Array<{ concurLoginId: string | null }>>
  ).reduce((n, ts) => n + ts.filter((t) => t.concurLoginId).length, 0)
  for (const i of instances) {
    await i.engine.stop('bench')
    await i.registry.stop()
    await i.storage.close()
  }
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)}`
  return [
    [
      'Instances × entities × changed profiles',
      `2 × ${ENTITIES} × ${PROFILES} (${synced} synced by the runs, ${inFaces} in Faces)`,
      `${ENTITIES * PROFILES}`,
    ],
    ['Polls done per instance (runs not done)', `${split.join(', ')} (${notDone})`, '0 not done'],
    ['Cycle time', fmt(cycleMs), ''],
    [
      'Claims (statements, granted, mean time)',
      `${claimStats.n}, ${claimStats.granted}, ${(claimStats.ms / Math.max(1, claimStats.n)).toFixed(1)} ms`,
      '',
    ],
    ['Mean rate-gate slots busy; mean hold', `${meanBusy.toFixed(1)} of ${ARGS.global}; ${holdText}`, ''],
    ['Event-loop delay (both instances)', lagText(deskLag), ''],
    ['Bound (requests × latency ÷ concurrency)', fmt(boundMs), ''],
    ['Cycle ÷ bound', (cycleMs / boundMs).toFixed(2), '≤ 1.2'],
    ['Entities polled twice / not at all', `${doubled} / ${unpolled}`, '0 / 0'],
    [
      'Peak RSS of the process (both instances)',
      `${mb(cyclePeak.rss)} MB (before: ${mb(baseline.rss)} MB)`,
      '≤ 250 MB per instance',
    ],
  ]
}
