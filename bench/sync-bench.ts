/**
 * Sync benchmark (not a timed test): 200 entities × 100 changed profiles in one Concur → Faces
 * cycle against both simulators on loopback (Concur latency 50 ms, Faces 30 ms), compared with the
 * bound the allowed concurrency sets and with a naive sequential client; then Faces → Concur
 * latency at 10 changes/s. Prints a markdown table.
 *
 * Usage: npm run bench [-- --entities 200 --profiles 100 --global 64 --per-dc 32 --f2c-seconds 30]
 */
import { performance } from 'node:perf_hooks'
import { systemClock } from '../src/main/core/clock'
import {
  buildEngine,
  createWorld,
  startSims,
  tempDataDir,
  type World,
} from '../src/main/core/sync/sync-harness.test-helper'
import { flattenConcurProfile } from '../src/main/core/sync/concur-mapping'
import { createSyncLog } from '../src/main/core/sync-log/sync-log'
import { createSyncEngine } from '../src/main/core/sync/sync-engine'
import { silentLogger } from '../src/main/logging/logger'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const ENTITIES = arg('entities', 200)
const PROFILES = arg('profiles', 100)
const GLOBAL = arg('global', 64)
const PER_DC = arg('per-dc', 32)
const F2C_SECONDS = arg('f2c-seconds', 30)
const SEQ_SAMPLE = arg('seq-sample', 2)
const CONCUR_MS = 50
const FACES_MS = 30

let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

async function main(): Promise<void> {
  const clock = systemClock
  const sims = await startSims({ clock, concurLatencyMs: CONCUR_MS, facesLatencyMs: FACES_MS })
  process.stdout.write(`setting up ${ENTITIES} entities × ${PROFILES} profiles…\n`)
  const world: World = await createWorld(sims, {
    entities: ENTITIES,
    travellersPerEntity: PROFILES,
    tag: 'bench',
    dataCentres: ['us2', 'eu2'],
    globalConcurrency: GLOBAL,
    perKeyConcurrency: PER_DC,
    concurTimeoutMs: 60_000,
  })

  // ── Concur → Faces: one cycle over every entity ──
  const dataDir = await tempDataDir()
  const { engine } = await buildEngine(sims, world, dataDir, { facesToConcur: false, feedWaitMs: 25_000 })
  sims.concur.admin.clearRequestLog()
  const facesBefore = sims.faces.admin.stats().requests
  peakRss = process.memoryUsage().rss
  const t0 = performance.now()
  await engine.start('bench')
  await engine.whenIdle()
  const cycleMs = performance.now() - t0
  const concurLog = sims.concur.admin.requestLog().filter((e) => e.route !== 'token')
  const facesRequests = sims.faces.admin.stats().requests - facesBefore
  const runs = engine.runs()
  const okRuns = runs.filter((r) => r.state === 'done').length
  const profilesDone = runs.reduce((n, r) => n + r.profilesDone, 0)
  const byDc = new Map<string, number>()
  for (const e of concurLog) byDc.set(e.server, (byDc.get(e.server) ?? 0) + 1)
  const concurWork = concurLog.length * CONCUR_MS
  const facesWork = facesRequests * FACES_MS
  const perKeyBounds = [...[...byDc.values()].map((n) => (n * CONCUR_MS) / PER_DC), facesWork / PER_DC]
  const boundMs = Math.max((concurWork + facesWork) / GLOBAL, ...perKeyBounds)
  const cycleRss = peakRss
  await engine.stop('bench')

  // ── Naive sequential client on a sample of entities, extrapolated ──
  const sample = world.entities.slice(0, SEQ_SAMPLE)
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
  const f2cDir = await tempDataDir()
  const liveLog = createSyncLog({
    dataDir: f2cDir,
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
    dataDir,
    syncLog: liveLog,
    bus: { emit: () => {} },
    settings: () => ({
      loginIdChangePolicy: 'update-existing',
      schedule: { cron: '5,20,35,50 * * * *', timeZone: 'Europe/Zurich' },
    }),
    gate: world.gate,
    options: { feedWaitMs: 25_000, pushBackoffMs: 1_000 },
  })
  await live.start('bench-f2c')
  const edits = F2C_SECONDS * 10
  for (let i = 0; i < edits; i++) {
    const e = world.entities[(i * 7) % world.entities.length]!
    const travellers = sims.faces.admin.listTravellers(e.facesCompanyId)
    const t = travellers[(i * 13) % travellers.length]!
    editedAt.set(t.concurLoginId!, Date.now())
    sims.faces.admin.editTraveller(e.facesCompanyId, t.id, { 'name.last': `Bench${i}` })
    await new Promise((r) => setTimeout(r, 100))
  }
  const deadline = Date.now() + 20_000
  while (editedAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  await live.stop('bench')
  await liveLog.close()
  latencies.sort((a, b) => a - b)
  const p = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN
  clearInterval(sampler)
  await sims.stop()

  const fmt = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
  const rows: Array<[string, string, string]> = [
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
    ['Allowed concurrency', `global ${GLOBAL}, per data centre ${PER_DC} (Faces counts as one)`, ''],
    ['Cycle time', fmt(cycleMs), ''],
    ['Bound (requests × latency ÷ concurrency)', fmt(boundMs), ''],
    ['Cycle ÷ bound', (cycleMs / boundMs).toFixed(2), '≤ 1.2'],
    [
      `Sequential client (${SEQ_SAMPLE} entities timed: ${fmt(seqSampleMs)}, extrapolated ×${ENTITIES / SEQ_SAMPLE})`,
      fmt(seqExtrapolatedMs),
      '',
    ],
    ['Speed-up over sequential', `${(seqExtrapolatedMs / cycleMs).toFixed(1)} ×`, '≥ 10 ×'],
    ['Peak RSS during the cycle', `${(cycleRss / 1e6).toFixed(0)} MB`, '≤ 250 MB'],
    ['Peak RSS overall', `${(peakRss / 1e6).toFixed(0)} MB`, ''],
    [
      `Faces → Concur latency at 10 changes/s (${latencies.length}/${edits} measured)`,
      `p50 ${fmt(p(0.5))}, p95 ${fmt(p(0.95))}, max ${fmt(latencies.at(-1) ?? NaN)}`,
      'p95 ≤ 2 s',
    ],
  ]
  process.stdout.write('\n| Measure | Value | Target |\n| --- | --- | --- |\n')
  for (const [a, b, c] of rows) process.stdout.write(`| ${a} | ${b} | ${c} |\n`)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
