/**
 * Store benchmark, on SQLite and on PostgreSQL (reported, never asserted):
 * - a sync log of 1,000,000 records (500 entities, a year of runs): p50/p95 of the filtered
 *   queries the log screen makes (a page of 200 newest first + the capped count), and the RSS of a
 *   desk process that opened that log and ran them, against one with an empty log;
 * - service mode ready (the sign-in link printed) after start with 5,000 entities and that log,
 *   with the split of the start by phase (the desk's own start timing, DESK_START_TIMING=1).
 *
 * Usage: npm run bench:store -- [--only query,ready] [--backend sqlite|postgres] [--records N]
 *   [--dir DIR] [--starts N] [--rounds N] [--samples N]
 * The filled stores stay in --dir (default .tmp/store-bench; PostgreSQL: a schema named after the
 * record count) and are reused by the next run, so a part re-measures in seconds; a run fills
 * only what is missing. PostgreSQL needs DESK_TEST_POSTGRES_URL (./desk bench starts a throwaway
 * server and sets it; a kept server keeps its filled schemas).
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { getHeapSpaceStatistics } from 'node:v8'
import type { SyncLogQuery, SyncLogRecord } from '../src/shared/model'
import type { DatabaseLocation } from '../src/main/adapters/storage/db/database-location'
import { openDeskStorage } from '../src/main/adapters/storage/open-desk-storage'
import { systemClock } from '../src/main/core/clock'
import { emptyChecklist } from '../src/main/core/entities/entity-record'
import { createSyncLog } from '../src/main/core/sync-log/sync-log'
import { silentLogger } from '../src/main/logging/logger'

const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1]! : fallback
}
const RECORDS = Number(arg('records', '1000000'))
const ROUNDS = Number(arg('rounds', '20'))
const STARTS = Number(arg('starts', '5'))
const PARTS = new Set(arg('only', 'query,ready').split(','))
/** Query children per store (RSS is the median: one process's RSS varies by ±10 MB run to run). */
const SAMPLES = Number(arg('samples', '3'))
const ENTITIES_IN_LOG = 500
const DESK_ENTITIES = 5_000
const DAY = 86_400_000
const ROOT = resolve(arg('dir', '.tmp/store-bench'))
/** The fill's "now" (kept with the stores, so the time-range queries of a later run hit the same records). */
const NOW = ((): number => {
  const file = join(ROOT, 'filled-now-ms')
  if (existsSync(file)) return Number(readFileSync(file, 'utf8'))
  mkdirSync(ROOT, { recursive: true })
  const now = Date.now()
  writeFileSync(file, String(now))
  return now
})()

const open = (location: DatabaseLocation) =>
  openDeskStorage({ location, clock: systemClock, log: silentLogger })

const OUTCOMES = [
  'success',
  'success',
  'success',
  'success',
  'success',
  'success',
  'skipped',
  'skipped',
  'warning',
  'failed',
] as const

/** The n-th record of a year of 15-minute polls over 500 entities. */
function record(n: number): SyncLogRecord {
  const e = n % ENTITIES_IN_LOG
  const outcome = OUTCOMES[(n * 7) % OUTCOMES.length]!
  return {
    seq: n + 1,
    atMs: NOW - 360 * DAY + Math.floor((n / RECORDS) * 360 * DAY),
    entityId: `ent-${e}`,
    entityName: `Company ${e} AG`,
    runId: `run-${Math.floor(n / 40)}`,
    direction: n % 5 === 0 ? 'faces-to-concur' : 'concur-to-faces',
    traveller: `traveller.${n % 20_000}.${e}@corp${e}.example`,
    kind: n % 40 === 0 ? 'run-finished' : 'traveller',
    outcome,
    message: outcome === 'failed' ? 'Could not sync to Faces; will retry next run' : 'Updated in Faces',
    durationMs: 40 + (n % 30),
    error:
      outcome === 'failed' ? (n % 3 === 0 ? 'FacesError: timeout after 30 s' : 'HTTP 503 from Faces') : null,
    correlationId: outcome === 'failed' ? `corr-${n}` : null,
    credential: null,
  }
}

/** The queries staff make on the log screen. */
const QUERIES: SyncLogQuery[] = [
  {},
  { entityId: 'ent-17' },
  { entityId: 'ent-17', outcome: 'failed' },
  { outcome: 'failed' },
  { direction: 'faces-to-concur', kind: 'traveller' },
  { runId: 'run-12345' },
  { fromMs: NOW - 30 * DAY, toMs: NOW - 29 * DAY },
  { entityId: 'ent-3', fromMs: NOW - 7 * DAY },
  { text: 'traveller.4711.11@corp11' },
  { text: 'timeout' },
  { text: 'timeout', entityId: 'ent-42' },
]

/** The p-th quantile of sorted samples (nearest rank). */
const quantile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!

/** Child: open the store, run every query ROUNDS times; print timings and RSS. */
async function child(location: DatabaseLocation): Promise<void> {
  const { storage } = await open(location)
  const log = createSyncLog({
    store: storage.syncLog,
    clock: systemClock,
    retention: () => ({ maxAgeDays: null, maxRecords: null }),
  })
  await log.open()
  const times: number[] = []
  const byKind: number[][] = QUERIES.map(() => [])
  for (let round = 0; round < ROUNDS; round++)
    for (const [k, q] of QUERIES.entries()) {
      const t0 = performance.now()
      await log.query({ ...q, limit: 200 })
      times.push(performance.now() - t0)
      byKind[k]!.push(times.at(-1)!)
    }
  // Per query kind (the slowest kind sets the overall p95: each is a tenth of the samples).
  for (const [k, ts] of byKind.entries()) {
    ts.sort((a, b) => a - b)
    process.stderr.write(
      `  ${JSON.stringify(QUERIES[k]).padEnd(62)} p50 ${quantile(ts, 0.5).toFixed(1)} ms, p95 ${quantile(ts, 0.95).toFixed(1)} ms, max ${ts.at(-1)!.toFixed(1)} ms\n`,
    )
  }
  // Resident memory once the heap has settled: V8 unmaps freed pages on a background task after a
  // collection, so an RSS read right after gc() still counts pages that are about to go.
  globalThis.gc?.()
  await new Promise((r) => setTimeout(r, 500))
  globalThis.gc?.()
  await new Promise((r) => setTimeout(r, 500))
  const m = process.memoryUsage()
  const rss = m.rss
  const young = getHeapSpaceStatistics()
    .filter((x) => x.space_name === 'new_space' || x.space_name === 'new_large_object_space')
    .reduce((n, x) => n + x.physical_space_size, 0)
  process.stderr.write(
    `  memory: rss ${(m.rss / 1e6).toFixed(1)} MB, heap used ${(m.heapUsed / 1e6).toFixed(1)} / total ${(m.heapTotal / 1e6).toFixed(1)} MB (young generation ${(young / 1e6).toFixed(1)} MB), external ${(m.external / 1e6).toFixed(1)} MB\n`,
  )
  await log.close()
  await storage.close()
  times.sort((a, b) => a - b)
  process.stdout.write(
    JSON.stringify({ p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times.at(-1), rss }) + '\n',
  )
}

/** One query child's figures. */
type Measured = { p50: number; p95: number; max: number; rss: number }

/** The sample with the median RSS (its query times with it). */
const medianOf = (xs: Measured[]): Measured =>
  [...xs].sort((a, b) => a.rss - b.rss)[Math.floor(xs.length / 2)]!

function runChild(location: DatabaseLocation): Measured {
  const r = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      __filename,
      '--child',
      JSON.stringify(location),
      '--rounds',
      String(ROUNDS),
    ],
    {
      encoding: 'utf8',
      env: process.env,
    },
  )
  process.stdout.write(r.stderr)
  const line = r.stdout.split('\n').find((l) => l.startsWith('{'))
  if (!line) throw new Error(`child failed: ${r.stderr}`)
  return JSON.parse(line) as Measured
}

/** Fills the store unless an earlier run did (its last record is there). */
async function fill(location: DatabaseLocation, withEntities: boolean): Promise<void> {
  const { storage } = await open(location)
  if ((await storage.syncLog.maxSeq()) === RECORDS) {
    process.stdout.write(`  reusing the filled store (${describe(location)})\n`)
    await storage.close()
    return
  }
  if ((await storage.syncLog.maxSeq()) > 0)
    throw new Error(
      `${describe(location)} holds a partial fill: delete it (or pass another --dir) and run again`,
    )
  const t0 = performance.now()
  for (let i = 0; i < RECORDS; i += 5_000)
    await storage.syncLog.insert(
      Array.from({ length: Math.min(5_000, RECORDS - i) }, (_, k) => record(i + k)),
    )
  if (withEntities)
    for (let i = 0; i < DESK_ENTITIES; i++)
      await storage.entities.save({
        id: `ent-${i}`,
        name: `Company ${i} AG`,
        outtaskId: String(200_000 + i),
        companyUuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        siteIds: [],
        vendorSiteIds: [],
        travelConfigIds: ['100'],
        facesCompanyId: `F-${i}`,
        geolocation: null,
        archived: false,
        createdAtMs: i,
        updatedAtMs: i,
        checklist: emptyChecklist(),
        pollingActive: false,
        loginIdChangesAcked: 0,
      })
  process.stdout.write(
    `  filled ${RECORDS.toLocaleString('en-GB')} records${withEntities ? ` and ${DESK_ENTITIES} entities` : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  )
  await storage.close()
}

const describe = (l: DatabaseLocation): string => (l.kind === 'sqlite' ? l.file : `schema ${l.schema}`)

/** One start: milliseconds from spawning service mode to its sign-in link, and the desk's phases. */
type Start = { totalMs: number; phases: Map<string, number> }

/** Starts service mode STARTS times; each start's time to the sign-in link and its split by phase. */
async function serviceReady(dataDir: string, databaseUrl: string | null): Promise<Start[]> {
  const out: Start[] = []
  for (let i = 0; i < STARTS; i++) {
    const t0 = performance.now()
    const child = spawn(
      process.execPath,
      [
        'out/main/service.js',
        '--data-dir',
        dataDir,
        '--production',
        '--no-open',
        '--port',
        '0',
        ...(databaseUrl ? ['--database-url', databaseUrl] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DESK_START_TIMING: '1' } },
    )
    let errText = ''
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()))
    await new Promise<void>((resolve, reject) => {
      let text = ''
      child.stdout.on('data', (d: Buffer) => {
        text += d.toString()
        if (text.includes('Open: ')) resolve()
      })
      child.on('exit', (code) => reject(new Error(`service exited with ${code}: ${text}${errText}`)))
    })
    const totalMs = performance.now() - t0
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    out.push({ totalMs, phases: startPhases(errText) })
  }
  return out.sort((a, b) => a.totalMs - b.totalMs)
}

/** The desk's start phases from its stderr (`start: <phase> <ms> ms` lines, DESK_START_TIMING=1). */
function startPhases(text: string): Map<string, number> {
  const phases = new Map<string, number>()
  for (const line of text.split('\n')) {
    if (!line.startsWith('start: ')) continue
    const parts = line.slice('start: '.length).split(' ')
    if (parts.length < 3 || parts.at(-1) !== 'ms') continue
    phases.set(parts.slice(0, -2).join(' '), Number(parts.at(-2)))
  }
  return phases
}

/** The median of each phase over the starts, in the order of the first start. */
function phaseTable(starts: Start[]): string {
  const names = [...(starts[0]?.phases.keys() ?? [])]
  return names
    .map((name) => {
      const ms = starts.map((s) => s.phases.get(name) ?? 0).sort((a, b) => a - b)
      return `    ${name.padEnd(40)} ${quantile(ms, 0.5).toFixed(0).padStart(6)} ms (${ms[0]!.toFixed(0)}–${ms.at(-1)!.toFixed(0)})`
    })
    .join('\n')
}

async function main(): Promise<void> {
  const backends = arg('backend', 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>
  const rows: string[] = []
  const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`
  for (const backend of backends) {
    process.stdout.write(`${backend}:\n`)
    const url = process.env['DESK_TEST_POSTGRES_URL']
    if (backend === 'postgres' && !url)
      throw new Error('DESK_TEST_POSTGRES_URL is not set (run through ./desk bench)')
    const dir = join(ROOT, `${backend}-${RECORDS}`)
    const loc = (name: string): DatabaseLocation =>
      backend === 'sqlite'
        ? { kind: 'sqlite', file: join(dir, name, 'desk.sqlite') }
        : { kind: 'postgres', url: url!, schema: `bench_${name}_${RECORDS}` }
    const empty = loc('empty')
    await (await open(empty)).storage.close()
    // Service mode keeps its SQLite store in <data>/<environment>/desk.sqlite.
    const full =
      backend === 'sqlite'
        ? { kind: 'sqlite' as const, file: join(dir, 'desk', 'production', 'desk.sqlite') }
        : loc('production')
    await fill(full, true)
    if (PARTS.has('query')) {
      const t0 = performance.now()
      // Alternately, so a change of the machine's load hits both stores alike.
      const es: Measured[] = []
      const fs: Measured[] = []
      for (let i = 0; i < SAMPLES; i++) {
        es.push(runChild(empty))
        fs.push(runChild(full))
      }
      const e = medianOf(es)
      const f = medianOf(fs)
      process.stdout.write(
        `  RSS per child (MB), empty: ${es.map((m) => mb(m.rss)).join(', ')}; full: ${fs.map((m) => mb(m.rss)).join(', ')}\n`,
      )
      process.stdout.write(`  (query part: ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`)
      rows.push(
        `| ${backend}: filtered query over ${RECORDS.toLocaleString('en-GB')} records (page of 200 + count, ${QUERIES.length} kinds × ${ROUNDS}) | p50 ${f.p50.toFixed(1)} ms, **p95 ${f.p95.toFixed(1)} ms**, max ${f.max.toFixed(0)} ms (empty log: p95 ${e.p95.toFixed(1)} ms) | p95 ≤ 50 ms |`,
        `| ${backend}: RSS of the desk process, full log vs empty | ${mb(f.rss)} vs ${mb(e.rss)}: **${f.rss - e.rss >= 0 ? '+' : ''}${mb(f.rss - e.rss)}** | ≤ +20 MB |`,
      )
    }
    if (PARTS.has('ready')) {
      const t0 = performance.now()
      const ready = (await readyOf(join(dir, 'desk'), full)).starts
      const base = (await readyOf(join(dir, 'desk-empty'), backend === 'sqlite' ? null : loc('ready_empty')))
        .starts
      process.stdout.write(
        `  phases with ${DESK_ENTITIES} entities + the log (median of ${STARTS}; cumulative marks are since the process started):\n${phaseTable(ready)}\n` +
          `  phases with an empty store, same run:\n${phaseTable(base)}\n` +
          `  (ready part: ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
      )
      const med = (xs: Start[]) =>
        (
          quantile(
            xs.map((x) => x.totalMs),
            0.5,
          ) / 1000
        ).toFixed(2)
      rows.push(
        `| ${backend}: service mode ready (link printed) with ${DESK_ENTITIES.toLocaleString('en-GB')} entities and that log | median **${med(ready)} s** (${STARTS} starts: ${(ready[0]!.totalMs / 1000).toFixed(2)}–${(ready.at(-1)!.totalMs / 1000).toFixed(2)} s); empty store, same run: ${med(base)} s | ≤ 1.5 s |`,
      )
    }
  }
  process.stdout.write('\n| Measure | Result | Target |\n| --- | --- | --- |\n' + rows.join('\n') + '\n')
}

/** Service mode starts on a data folder whose production store is `store` (null: a new SQLite one). */
async function readyOf(dataDir: string, store: DatabaseLocation | null): Promise<{ starts: Start[] }> {
  mkdirSync(dataDir, { recursive: true })
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      desk: { environment: 'production', syncLogRetention: { maxAgeDays: 400, maxRecords: null } },
    }),
  )
  if (store?.kind === 'postgres' && !existsSync(join(dataDir, '.created'))) {
    await (await open(store)).storage.close()
    writeFileSync(join(dataDir, '.created'), '')
  }
  const url =
    store?.kind === 'postgres'
      ? `${store.url}${store.url.includes('?') ? '&' : '?'}schema=${store.schema}`
      : null
  return { starts: await serviceReady(dataDir, url) }
}

if (process.argv.includes('--child'))
  void child(JSON.parse(process.argv[process.argv.indexOf('--child') + 1]!) as DatabaseLocation)
else
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
    process.exit(1)
  })
