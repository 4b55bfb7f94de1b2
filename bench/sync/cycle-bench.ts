/**
 * One Concur → Faces cycle over every entity (200 × 100 changed profiles by default) against the
 * simulators in their own process, compared with the bound the allowed concurrency sets and with a
 * naive sequential client; then Faces → Concur latency at 10 changes/s.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { systemClock } from '../../src/main/core/clock'
import { flattenConcurProfile } from '../../src/main/core/sync/concur-mapping'
import { createSyncEngine } from '../../src/main/core/sync/sync-engine'
import { createSyncLog } from '../../src/main/core/sync-log/sync-log'
import { silentLogger } from '../../src/main/logging/logger'
import { buildEngine, tempStore, type Sims } from '../../test/support/sync-harness'
import { ARGS } from './bench-args'
import { createBenchWorld } from './bench-world'
import { collectGarbage, peak, resetPeak } from './memory'
import { fmt, type Row } from './report'
import { slotStats } from './slot-stats'
import { lagText, type Rpc } from './worker-sims'

/** Runs the cycle, the sequential sample and the Faces → Concur latency; returns the report rows. */
export async function runCycleBench(rpc: Rpc, urls: { glzUrl: string; facesUrl: string }): Promise<Row[]> {
  const clock = systemClock
  const { entities: ENTITIES, profiles: PROFILES, global: GLOBAL, perDc: PER_DC } = ARGS
  process.stdout.write(`cycle: setting up ${ENTITIES} entities × ${PROFILES} profiles…\n`)
  const world = await createBenchWorld(rpc, urls, { tag: 'bench', entities: ENTITIES, profiles: PROFILES })
  process.stdout.write(`cycle: the engine's store is ${ARGS.backend}\n`)
  const store = await tempStore(ARGS.backend)
  const { engine } = await buildEngine({ clock } as Sims, world, store, {
    facesToConcur: false,
    feedWaitMs: 25_000,
    maxConcurrentPolls: ARGS.maxPolls,
  })
  await rpc('concur', 'clearRequestLog')
  const facesBefore = ((await rpc('faces', 'stats')) as { requests: number }).requests
  // Collect the set-up's garbage first: the baseline is the desk at rest, not the bench's seeding.
  collectGarbage()
  const baseline = process.memoryUsage()
  resetPeak(baseline.rss)
  const t0 = performance.now()
  slotStats.reset()
  await rpc('faces', '__lag', 'start')
  const deskLag = monitorEventLoopDelay({ resolution: 5 })
  deskLag.enable()
  await engine.start('bench')
  await engine.whenIdle()
  const cycleMs = performance.now() - t0
  deskLag.disable()
  const simLagText = (await rpc('faces', '__lag', 'stop')) as string
  slotStats.tick(0)
  const meanBusy = slotStats.busyIntegralMs / cycleMs
  const holdText = [...slotStats.holds]
    .map(([k, h]) => `${k === 'faces' ? 'Faces' : `Concur ${new URL(k).port}`} ${(h.ms / h.n).toFixed(1)} ms`)
    .join(', ')
  const exchangeText = [...slotStats.exchanges]
    .map(([k, h]) => `${k === 'faces' ? 'Faces' : 'Concur'} ${(h.ms / h.n).toFixed(1)} ms`)
    .join(', ')
  const concurLog = ((await rpc('concur', 'requestLog')) as Array<{ route: string; server: string }>).filter(
    (e) => e.route !== 'token',
  )
  const facesRequests = ((await rpc('faces', 'stats')) as { requests: number }).requests - facesBefore
  const runs = engine.runs()
  const okRuns = runs.filter((r) => r.state === 'done').length
  const profilesDone = runs.reduce((n, r) => n + r.profilesDone, 0)
  const byDc = new Map<string, number>()
  for (const e of concurLog) byDc.set(e.server, (byDc.get(e.server) ?? 0) + 1)
  const concurWork = concurLog.length * ARGS.concurMs
  const facesWork = facesRequests * ARGS.facesMs
  const perKeyBounds = [...[...byDc.values()].map((n) => (n * ARGS.concurMs) / PER_DC), facesWork / PER_DC]
  const boundMs = Math.max((concurWork + facesWork) / GLOBAL, ...perKeyBounds)
  const cyclePeak = peak()
  // Live memory after the cycle: what the desk keeps (sync-log index, per-traveller state), not garbage.
  collectGarbage()
  const liveAfter = process.memoryUsage()
  await engine.stop('bench')

  // ── Naive sequential client on a sample of entities, extrapolated ──
  const sample = world.entities.slice(0, ARGS.seqSample)
  const s0 = performance.now()
  for (const e of sample) {
    for await (const page of world.concurClient.summaries(e.id, {
      modifiedSinceMs: Date.UTC(1900, 0, 1, 12),
    })) {
      for (const item of page.items) {
        const p = await world.concurClient.getProfile(e.id, { login: item.loginId })
        await world.facesClient.upsertTraveller(
          e.facesCompanyId,
          { concurLoginId: p.loginId, concurUuid: p.uuid },
          flattenConcurProfile(p),
        )
      }
    }
  }
  const seqSampleMs = performance.now() - s0
  const seqExtrapolatedMs = (seqSampleMs / sample.length) * ENTITIES

  // ── Faces → Concur latency at 10 changes/s ──
  const latencies: number[] = []
  const editedAt = new Map<string, number>()
  const liveLog = createSyncLog({
    store: store.syncLog,
    clock,
    batchMs: 10,
    onAppended: (records) => {
      for (const r of records) {
        if (r.direction !== 'faces-to-concur' || r.outcome !== 'success' || !r.traveller) continue
        const at = editedAt.get(r.traveller)
        if (at !== undefined) {
          latencies.push(r.atMs - at)
          editedAt.delete(r.traveller)
        }
      }
    },
  })
  await liveLog.open()
  // Reuse the cycle's state (watermarks, bases); polling off, so only the feed and the pusher run.
  const live = createSyncEngine({
    entities: {
      listActive: async () => world.entities.map((e) => ({ ...e, pollingActive: false })),
      get: async (id) => world.entities.find((e) => e.id === id) ?? null,
    },
    concur: world.concurClient,
    faces: world.facesClient,
    clock,
    log: silentLogger,
    ...store.engineStores(),
    syncLog: liveLog,
    bus: { emit: () => {} },
    settings: () => ({
      loginIdChangePolicy: 'update-existing',
      schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    }),
    options: { feedWaitMs: 25_000, pushBackoffMs: 1_000 },
  })
  await live.start('bench-f2c')
  // The cycle ran with the feed off; let the live engine read past the cycle's own writes first (in
  // production the feed runs all the time, so its cursor is always current).
  const feedEnd = ((await rpc('faces', 'stats')) as { changes: number }).changes
  while (live.counters().feedCursor < feedEnd) await new Promise((r) => setTimeout(r, 50))
  const edits = ARGS.f2cSeconds * 10
  for (let i = 0; i < edits; i++) {
    const e = world.entities[(i * 7) % world.entities.length]!
    const travellers = (await rpc('faces', 'listTravellers', e.facesCompanyId)) as Array<{
      id: string
      concurLoginId: string
    }>
    const t = travellers[(i * 13) % travellers.length]!
    editedAt.set(t.concurLoginId, Date.now())
    await rpc('faces', 'editTraveller', e.facesCompanyId, t.id, { 'name.last': `Bench${i}` })
    await new Promise((r) => setTimeout(r, 100))
  }
  const deadline = Date.now() + 20_000
  while (editedAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  await live.stop('bench')
  await liveLog.close()
  latencies.sort((a, b) => a - b)
  const p = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)}`

  return [
    [
      'Entities × changed profiles',
      `${ENTITIES} × ${PROFILES} (${profilesDone} synced, ${okRuns}/${runs.length} runs done)`,
      '',
    ],
    [
      'Requests in the cycle',
      `Concur ${concurLog.length} (${[...byDc].map(([k, v]) => `${k} ${v}`).join(', ')}), Faces ${facesRequests}`,
      '',
    ],
    [
      'Allowed concurrency',
      `global ${GLOBAL}, per data centre ${PER_DC} (Faces counts as one); ${ARGS.maxPolls} entity polls at once`,
      '',
    ],
    ['Cycle time', fmt(cycleMs), ''],
    ['Bound (requests × latency ÷ concurrency)', fmt(boundMs), ''],
    ['Cycle ÷ bound', (cycleMs / boundMs).toFixed(2), '≤ 1.2'],
    [
      'Slot use: mean global slots busy; mean hold per request (latency + desk work)',
      `${meanBusy.toFixed(1)} of ${GLOBAL}; ${holdText}`,
      '',
    ],
    ['Mean HTTP exchange (request sent → body read)', exchangeText, ''],
    ['Event-loop delay, desk', lagText(deskLag), ''],
    ['Event-loop delay, simulators (their own process)', simLagText, ''],
    [
      `Sequential client (${ARGS.seqSample} entities timed: ${fmt(seqSampleMs)}, extrapolated ×${ENTITIES / ARGS.seqSample})`,
      fmt(seqExtrapolatedMs),
      '',
    ],
    ['Speed-up over sequential', `${(seqExtrapolatedMs / cycleMs).toFixed(1)} ×`, '≥ 10 ×'],
    ['Peak RSS during the cycle', `${mb(cyclePeak.rss)} MB`, '≤ 250 MB'],
    [
      'RSS before the cycle (modules, simulated world set up)',
      `${mb(baseline.rss)} MB (heap used ${mb(baseline.heapUsed)} MB)`,
      '',
    ],
    [
      'Memory at the peak (heap used / heap total / external)',
      `${mb(cyclePeak.at.heapUsed)} / ${mb(cyclePeak.at.heapTotal)} / ${mb(cyclePeak.at.external)} MB`,
      '',
    ],
    [
      'Live heap after the cycle (after a full GC)',
      `${mb(liveAfter.heapUsed)} MB (RSS ${mb(liveAfter.rss)} MB)`,
      '',
    ],
    [
      `Faces → Concur latency at 10 changes/s (${latencies.length}/${edits} measured)`,
      `p50 ${fmt(p(0.5))}, p95 ${fmt(p(0.95))}, max ${fmt(latencies.at(-1) ?? NaN)}`,
      'p95 ≤ 2 s',
    ],
  ]
}
