/**
 * Sync benchmark (not a timed test): 200 entities × 100 changed profiles in one Concur → Faces
 * cycle against both simulators on loopback (Concur latency 50 ms, Faces 30 ms), compared with the
 * bound the allowed concurrency sets and with a naive sequential client; then Faces → Concur
 * latency at 10 changes/s. Prints a markdown table.
 *
 * Usage: npm run bench [-- --entities 200 --profiles 100 --global 32 --per-dc 16 (the desk's defaults) --f2c-seconds 30]
 */
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks'
import { fork } from 'node:child_process'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { systemClock } from '../src/main/core/clock'
import {
  buildEngine,
  CLIENT,
  FACES_CREDS,
  seededTraveller,
  type Sims,
  startSims,
  createWorldOwner,
  tempDataDir,
  type World,
} from '../test/support/sync-harness'
import { flattenConcurProfile } from '../src/main/core/sync/concur-mapping'
import { createSyncLog } from '../src/main/core/sync-log/sync-log'
import pLimit from 'p-limit'
import { createConcurClient } from '../src/main/core/concur/concur-client'
import { createFacesClient } from '../src/main/core/faces/faces-client'
import { concurGateHooks, FACES_LANE, facesGateHooks } from '../src/main/core/sync/gate-hooks'
import { createRateGate, type RateGate } from '../src/main/core/sync/rate-gate'
import { createSyncEngine } from '../src/main/core/sync/sync-engine'
import { silentLogger } from '../src/main/logging/logger'
import type { Fetch } from '../src/main/core/ports'
import { createHttpClient } from '../src/main/adapters/http/undici-http'

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const ENTITIES = arg('entities', 200)
const PROFILES = arg('profiles', 100)
const GLOBAL = arg('global', 32)
const PER_DC = arg('per-dc', 16)
const F2C_SECONDS = arg('f2c-seconds', 30)
const SEQ_SAMPLE = arg('seq-sample', 2)
const MAX_POLLS = arg('max-polls', 16)
const CONCUR_MS = 50
const FACES_MS = 30

let peakRss = 0
let atPeak = process.memoryUsage()
const sampler = setInterval(() => {
  const m = process.memoryUsage()
  if (m.rss > peakRss) {
    peakRss = m.rss
    atPeak = m
  }
}, 50)

const lagText = (h: IntervalHistogram): string =>
  `p50 ${(h.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(0)} ms`

type Rpc = (sim: 'concur' | 'faces', method: string, ...args: unknown[]) => Promise<unknown>

/**
 * The simulators run in a child process, so neither their CPU nor their memory counts as the
 * desk's (in production Concur and Faces are other machines).
 */
function simulatorWorker(): void {
  void (async () => {
    // A fixed real-time latency per call (the bound's basis); no extra processing time on the clock.
    const sims = await startSims({
      clock: systemClock,
      concurLatencyMs: CONCUR_MS,
      concurLatency: 'none',
      facesLatencyMs: FACES_MS,
    })
    const admins = { concur: sims.concur.admin, faces: sims.faces.admin } as unknown as Record<
      string,
      Record<string, (...a: unknown[]) => unknown>
    >
    let lag: IntervalHistogram | null = null
    process.on('message', (m: { id: number; sim: string; method: string; args: unknown[] }) => {
      if (m.method === '__lag') {
        // Event-loop delay of the simulators' process between two calls (start, then read).
        const out = lag ? lagText(lag) : ''
        lag?.disable()
        lag = m.args[0] === 'start' ? monitorEventLoopDelay({ resolution: 5 }) : null
        lag?.enable()
        return void process.send!({ id: m.id, result: out })
      }
      try {
        const admin = admins[m.sim]!
        process.send!({
          id: m.id,
          result:
            m.method === '__stop'
              ? void sims.stop()
              : m.method === '__many' // one message for many calls: [method, argsList]
                ? (m.args[1] as unknown[][]).map((a) => admin[m.args[0] as string]!(...a))
                : admin[m.method]!(...m.args),
        })
      } catch (err) {
        process.send!({ id: m.id, error: String(err) })
      }
    })
    process.send!({ id: 0, result: { glzUrl: sims.glzUrl, facesUrl: sims.facesUrl } })
  })()
}

async function startWorkerSims(): Promise<{
  rpc: Rpc
  urls: { glzUrl: string; facesUrl: string }
  stop(): Promise<void>
}> {
  const worker = fork(__filename, [...process.argv.slice(2), '--simulators'], {
    execArgv: __filename.endsWith('.ts') ? ['--import', 'tsx'] : [],
  })
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>()
  let nextId = 1
  const ready = new Promise<{ glzUrl: string; facesUrl: string }>((resolve) =>
    waiting.set(0, { resolve: resolve as (v: unknown) => void, reject: () => {} }),
  )
  worker.on('message', (m: { id: number; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id)
    waiting.delete(m.id)
    if (m.error !== undefined) w?.reject(new Error(m.error))
    else w?.resolve(m.result)
  })
  const rpc: Rpc = (sim, method, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++
      waiting.set(id, { resolve, reject })
      worker.send({ id, sim, method, args })
    })
  const urls = await ready
  return { rpc, urls, stop: async () => void worker.kill() }
}

/** How long requests hold their slots, and how many slots are busy on average (for the report). */
const slotStats = {
  holds: new Map<string, { n: number; ms: number }>(),
  exchanges: new Map<string, { n: number; ms: number }>(),
  busy: 0,
  busyIntegralMs: 0,
  lastMs: 0,
  reset(): void {
    this.holds.clear()
    this.exchanges.clear()
    this.busyIntegralMs = 0
    this.lastMs = performance.now()
  },
  tick(delta: number): void {
    const now = performance.now()
    this.busyIntegralMs += this.busy * (now - this.lastMs)
    this.lastMs = now
    this.busy += delta
  },
}

function measuredGate(inner: RateGate): RateGate {
  return {
    ...inner,
    run(key, fn, signal) {
      return inner.run(
        key,
        async () => {
          const t = performance.now()
          slotStats.tick(1)
          try {
            return await fn()
          } finally {
            slotStats.tick(-1)
            const h = slotStats.holds.get(key) ?? { n: 0, ms: 0 }
            h.n++
            h.ms += performance.now() - t
            slotStats.holds.set(key, h)
          }
        },
        signal,
      )
    },
  }
}

async function createBenchWorld(rpc: Rpc, urls: { glzUrl: string; facesUrl: string }): Promise<World> {
  const clock = systemClock
  const gate = measuredGate(createRateGate({ clock, globalConcurrency: GLOBAL, perKeyConcurrency: PER_DC }))
  await rpc('concur', 'registerClient', CLIENT)
  const http = createHttpClient()
  const fetch: Fetch = async (url, init) => {
    const t = performance.now()
    try {
      return await http.fetch(url, init)
    } finally {
      const key = url.startsWith(urls.facesUrl) ? 'faces' : 'concur'
      const h = slotStats.exchanges.get(key) ?? { n: 0, ms: 0 }
      h.n++
      h.ms += performance.now() - t
      slotStats.exchanges.set(key, h)
    }
  }
  const config = () => ({
    tokenBaseUrl: urls.glzUrl,
    ...CLIENT,
    hostPolicy: 'sandbox' as const,
    timeoutMs: 60_000,
    retryBaseMs: 500,
    maxAttempts: 4,
  })
  const facesClient = createFacesClient({
    hostPolicy: () => 'sandbox',
    fetch,
    clock,
    log: silentLogger,
    config: () => ({ baseUrl: urls.facesUrl, ...FACES_CREDS }),
    beforeRequest: (s) => gate.waitUntilOpen(FACES_LANE, s),
    ...facesGateHooks(gate),
  })
  const entities: World['entities'] = []
  const { owner, credentials } = createWorldOwner({
    fetch,
    clock,
    log: silentLogger,
    config,
    facesClient,
    entities,
  })
  const concurClient = createConcurClient({
    fetch,
    clock,
    log: silentLogger,
    config,
    access: owner,
    ...concurGateHooks(gate),
  })
  const companyUuidOf = new Map<string, string>()
  const limit = pLimit(16)
  await Promise.all(
    [...Array(ENTITIES)].map((_, i) =>
      limit(async () => {
        const id = `bench-e${i}`
        const company = (await rpc('concur', 'createCompany', {
          name: `Co ${id}`,
          outtaskId: String(100000 + i),
          dataCentre: i % 2 ? 'eu2' : 'us2',
          travelConfigIds: ['100'],
        })) as { uuid: string }
        await rpc(
          'concur',
          '__many',
          'upsertTraveller',
          [...Array(PROFILES)].map((_, t) => [seededTraveller(company.uuid, id, t)]),
        )
        const requestToken = (await rpc('concur', 'issueRequestToken', company.uuid, {
          clientId: CLIENT.clientId,
        })) as string
        await rpc('faces', 'createCompany', `F-${id}`, `Faces ${id}`)
        companyUuidOf.set(id, company.uuid)
        const entity: World['entities'][number] = {
          id,
          name: `Entity ${id}`,
          outtaskId: String(100000 + i),
          companyUuid: company.uuid,
          travelConfigIds: [],
          facesCompanyId: `F-${id}`,
          geolocation: null,
          pollingActive: true,
        }
        entities.push(entity)
        const grant = await owner.exchange({
          entityId: id,
          companyUuid: company.uuid,
          requestToken,
          tokenId: null,
          activate: true,
        })
        entity.geolocation = grant.geolocation
      }),
    ),
  )
  entities.sort((a, b) => a.id.localeCompare(b.id))
  return { entities, companyUuidOf, concurClient, facesClient, owner, credentials, gate }
}

async function main(): Promise<void> {
  const clock = systemClock
  const { rpc, urls, stop: stopSims } = await startWorkerSims()
  process.stdout.write(`setting up ${ENTITIES} entities × ${PROFILES} profiles…\n`)
  const world: World = await createBenchWorld(rpc, urls)
  const simsForEngine = { clock } as Sims

  // ── Concur → Faces: one cycle over every entity ──
  const dataDir = await tempDataDir()
  const { engine } = await buildEngine(simsForEngine, world, dataDir, {
    facesToConcur: false,
    feedWaitMs: 25_000,
    maxConcurrentPolls: MAX_POLLS,
  })
  await rpc('concur', 'clearRequestLog')
  const facesBefore = ((await rpc('faces', 'stats')) as { requests: number }).requests
  // Collect the set-up's garbage first: the baseline is the desk at rest, not the bench's seeding.
  setFlagsFromString('--expose-gc')
  const gc = runInNewContext('gc') as () => void
  gc()
  const baseline = process.memoryUsage()
  peakRss = baseline.rss
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
  const concurWork = concurLog.length * CONCUR_MS
  const facesWork = facesRequests * FACES_MS
  const perKeyBounds = [...[...byDc.values()].map((n) => (n * CONCUR_MS) / PER_DC), facesWork / PER_DC]
  const boundMs = Math.max((concurWork + facesWork) / GLOBAL, ...perKeyBounds)
  const cycleRss = peakRss
  const cycleAtPeak = atPeak
  // Live memory after the cycle: what the desk keeps (sync-log index, per-traveller state), not garbage.
  gc()
  const liveAfter = process.memoryUsage()
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
    options: { feedWaitMs: 25_000, pushBackoffMs: 1_000 },
  })
  await live.start('bench-f2c')
  // The cycle ran with the feed off; let the live engine read past the cycle's own writes first (in
  // production the feed runs all the time, so its cursor is always current).
  const feedEnd = ((await rpc('faces', 'stats')) as { changes: number }).changes
  while (live.counters().feedCursor < feedEnd) await new Promise((r) => setTimeout(r, 50))
  const edits = F2C_SECONDS * 10
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
  clearInterval(sampler)
  await rpc('faces', '__stop')
  await stopSims()

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
    [
      'Allowed concurrency',
      `global ${GLOBAL}, per data centre ${PER_DC} (Faces counts as one); ${MAX_POLLS} entity polls at once`,
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
      `Sequential client (${SEQ_SAMPLE} entities timed: ${fmt(seqSampleMs)}, extrapolated ×${ENTITIES / SEQ_SAMPLE})`,
      fmt(seqExtrapolatedMs),
      '',
    ],
    ['Speed-up over sequential', `${(seqExtrapolatedMs / cycleMs).toFixed(1)} ×`, '≥ 10 ×'],
    ['Peak RSS during the cycle', `${(cycleRss / 1e6).toFixed(0)} MB`, '≤ 250 MB'],
    [
      'RSS before the cycle (modules, simulated world set up)',
      `${(baseline.rss / 1e6).toFixed(0)} MB (heap used ${(baseline.heapUsed / 1e6).toFixed(0)} MB)`,
      '',
    ],
    [
      'Memory at the peak (heap used / heap total / external)',
      `${(cycleAtPeak.heapUsed / 1e6).toFixed(0)} / ${(cycleAtPeak.heapTotal / 1e6).toFixed(0)} / ${(cycleAtPeak.external / 1e6).toFixed(0)} MB`,
      '',
    ],
    [
      'Live heap after the cycle (after a full GC)',
      `${(liveAfter.heapUsed / 1e6).toFixed(0)} MB (RSS ${(liveAfter.rss / 1e6).toFixed(0)} MB)`,
      '',
    ],
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

if (process.argv.includes('--simulators')) simulatorWorker()
else
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err)
      process.exit(1)
    },
  )
