import Papa from 'papaparse'
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncLogRecord } from '../../../shared/model'
import { BACKENDS, openTestStorage, type Backend } from '../../adapters/storage/test-backends.test-helper'
import { secretRegistry } from '../../logging/redact'
import { createManualClock } from '../clock'
import type { DeskStorage } from '../desk-storage'
import { safeCsvCell } from './csv-cells'
import { createSyncLog, type SyncLogDeps, type SyncLogInput } from './sync-log'

const base: SyncLogInput = { entityId: 'e1', kind: 'traveller', outcome: 'success', message: 'updated' }
const opened: DeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()))
})

async function freshLog(backend: Backend, extra: Partial<SyncLogDeps> = {}, storage?: DeskStorage) {
  const clock = createManualClock(1_000_000)
  const store = storage ?? (await openTestStorage(backend, { clock })).storage
  if (!storage) opened.push(store)
  const pushed: SyncLogRecord[][] = []
  const log = createSyncLog({ store: store.syncLog, clock, onAppended: (r) => pushed.push(r), ...extra })
  await log.open()
  return { log, clock, pushed, store }
}

describe('csv cells', () => {
  it('neutralises every value that a spreadsheet would run, multi-line ones included', () => {
    expect(safeCsvCell('=HYPERLINK("http://x")\nmore')).toBe(`'=HYPERLINK("http://x")\nmore`)
    for (const v of ['+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '  =1']) expect(safeCsvCell(v)).toBe(`'${v}`)
    expect(safeCsvCell('Anna = Bert')).toBe('Anna = Bert')
    expect(safeCsvCell('')).toBe('')
  })
})

describe.each(BACKENDS)('sync log on %s', (backend) => {
  it('filters by entity, direction, outcome, kind, run id, text and time range, newest first', async () => {
    const { log, clock } = await freshLog(backend)
    log.append({ ...base, entityId: 'e1', direction: 'concur-to-faces', traveller: 'anna@x.ch', runId: 'r1' })
    await clock.advance(10)
    log.append({
      ...base,
      entityId: 'e2',
      direction: 'faces-to-concur',
      outcome: 'failed',
      error: 'HTTP 500',
    })
    await clock.advance(10)
    log.append({
      ...base,
      entityId: 'e1',
      direction: 'faces-to-concur',
      traveller: 'bert@x.ch',
      kind: 'info',
    })
    const seqs = async (q: Parameters<typeof log.query>[0]) => (await log.query(q)).records.map((r) => r.seq)
    expect(await seqs({})).toEqual([3, 2, 1])
    expect((await log.query({ entityId: 'e1' })).records.map((r) => r.traveller)).toEqual([
      'bert@x.ch',
      'anna@x.ch',
    ])
    expect(await seqs({ direction: 'faces-to-concur', outcome: 'failed' })).toEqual([2])
    expect(await seqs({ kind: 'info' })).toEqual([3])
    expect(await seqs({ runId: 'r1' })).toEqual([1])
    expect(await seqs({ text: 'ANNA' })).toEqual([1])
    expect(await seqs({ text: 'x.ch' })).toEqual([3, 1])
    // Short needles and LIKE wildcards are taken literally.
    expect(await seqs({ text: '50' })).toEqual([2])
    expect(await seqs({ text: '%' })).toEqual([])
    expect(await seqs({ fromMs: 1_000_005, toMs: 1_000_015 })).toEqual([2])
  })

  it('pages backwards with a beforeSeq cursor and reports whether more records exist', async () => {
    const { log } = await freshLog(backend)
    for (let i = 0; i < 25; i++) log.append({ ...base, message: `m${i}` })
    const first = await log.query({ limit: 10 })
    expect(first.records.map((r) => r.seq)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    expect(first).toMatchObject({ total: 25, hasMore: true })
    const last = await log.query({ limit: 10, beforeSeq: 6 })
    expect(last.records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1])
    expect(last.hasMore).toBe(false)
  })

  it('searches by text alone: many matches page newest first, a few and none are counted exactly', async () => {
    const { log, clock } = await freshLog(backend)
    // Over 2,000 matches: SQLite's plain text search then walks the index newest first with a limit.
    for (let i = 0; i < 2_100; i++) {
      log.append({ ...base, message: i % 50 === 49 ? 'updated' : `Faces timeout ${i}` })
      if (i === 0) await clock.advance(1)
    }
    log.append({ ...base, message: 'Rare needle' })
    const many = await log.query({ text: 'TIMEOUT', limit: 3 })
    expect(many.records.map((r) => r.seq)).toEqual([2099, 2098, 2097])
    expect(many).toMatchObject({ total: 2_058, hasMore: true, oldestAtMs: 1_000_000 })
    const next = await log.query({ text: 'timeout', limit: 3, beforeSeq: 2097 })
    expect(next.records.map((r) => r.seq)).toEqual([2096, 2095, 2094])
    const few = await log.query({ text: 'rare needle' })
    expect(few.records.map((r) => r.seq)).toEqual([2101])
    expect(few).toMatchObject({ total: 1, hasMore: false, oldestAtMs: 1_000_001 })
    expect(await log.query({ text: 'no such text' })).toMatchObject({
      records: [],
      total: 0,
      hasMore: false,
      oldestAtMs: null,
    })
  })

  it('stops counting at the cap and says so', async () => {
    const { log } = await freshLog(backend, { countCap: 10 })
    for (let i = 0; i < 25; i++) log.append(base)
    expect(await log.query({ limit: 5 })).toMatchObject({ total: 10, totalCapped: true, hasMore: true })
    expect(await log.query({ limit: 5, outcome: 'failed' })).toMatchObject({ total: 0, hasMore: false })
  })

  it('redacts registered secrets and token shapes before a record reaches the database', async () => {
    const { log, store } = await freshLog(backend)
    secretRegistry.register('super-secret-refresh-value')
    log.append({
      ...base,
      error: 'refresh failed for super-secret-refresh-value',
      message: 'Bearer abc.def.ghi',
    })
    await log.flush()
    const stored = []
    for await (const page of store.syncLog.scan({}, 100)) stored.push(...page)
    expect(JSON.stringify(stored)).not.toContain('super-secret-refresh-value')
    expect(JSON.stringify(stored)).not.toContain('abc.def.ghi')
    expect((await log.query({})).records[0]!.error).toContain('[redacted]')
  })

  it('survives a reopen and keeps numbering after the last record stored', async () => {
    const { log, store, clock } = await freshLog(backend)
    log.append(base)
    log.append({ ...base, credential: { event: 'refresh', generation: 3, facesGeneration: 2 } })
    await log.close()
    const again = createSyncLog({ store: store.syncLog, clock })
    await again.open()
    expect(await store.syncLog.count()).toBe(2)
    expect(again.append(base).seq).toBe(3)
    expect((await again.query({ limit: 1, beforeSeq: 3 })).records[0]!.credential).toEqual({
      event: 'refresh',
      generation: 3,
      facesGeneration: 2,
    })
  })

  it('keeps records by age and by count, as the retention settings say', async () => {
    let retention = { maxAgeDays: 1 as number | null, maxRecords: null as number | null }
    // The hourly prune is pushed out of the test's way: prune() is called by hand.
    const { log, clock } = await freshLog(backend, { retention: () => retention, pruneEveryMs: 1e15 })
    log.append({ ...base, message: 'old' })
    await clock.advance(2 * 86_400_000)
    for (let i = 0; i < 5; i++) log.append({ ...base, message: `new ${i}` })
    expect(await log.prune()).toBe(1)
    expect((await log.query({})).records.map((r) => r.message)).toEqual([
      'new 4',
      'new 3',
      'new 2',
      'new 1',
      'new 0',
    ])
    retention = { maxAgeDays: null, maxRecords: 2 }
    expect(await log.prune()).toBe(3)
    expect((await log.query({})).records.map((r) => r.message)).toEqual(['new 4', 'new 3'])
  })

  it('pushes appended records in batches', async () => {
    const { log, clock, pushed } = await freshLog(backend, { batchMs: 100 })
    log.append(base)
    log.append(base)
    expect(pushed).toEqual([])
    await clock.advance(100)
    expect(pushed.map((b) => b.length)).toEqual([2])
  })

  it('exports matching records as CSV a page at a time, every formula neutralised (multi-line too)', async () => {
    const { log } = await freshLog(backend)
    log.append({ ...base, traveller: '=HYPERLINK("http://evil")\nmore' })
    log.append({ ...base, message: '@SUM(A1)' })
    for (let i = 0; i < 4_500; i++) log.append({ ...base, message: `row ${i}` })
    log.append({ ...base, entityId: 'other' })
    const out = await log.exportCsv({ entityId: 'e1' })
    expect(out.rows).toBe(4_502)
    const parsed = Papa.parse<string[]>(out.csv, { skipEmptyLines: true }).data
    expect(parsed[0]).toEqual([
      'seq',
      'atMs',
      'entityId',
      'entityName',
      'runId',
      'direction',
      'traveller',
      'kind',
      'outcome',
      'message',
      'durationMs',
      'error',
      'correlationId',
      'credential',
    ])
    expect(parsed).toHaveLength(4_503)
    expect(parsed[1]![6]).toBe(`'=HYPERLINK("http://evil")\nmore`)
    expect(parsed[2]![9]).toBe(`'@SUM(A1)`)
    expect(parsed.at(-1)![9]).toBe('row 4499')
  })

  it('answers a text query over 100,000 records correctly', async () => {
    const { log } = await freshLog(backend)
    for (let i = 0; i < 100_000; i++)
      log.append({ ...base, traveller: `t${i}@corp.ch`, message: i % 1000 === 7 ? 'needle here' : 'ok' })
    const page = await log.query({ text: 'needle', limit: 50 })
    expect(page.total).toBe(100)
    expect(page.records[0]!.seq).toBe(99_008)
    expect(page.hasMore).toBe(true)
  }, 120_000)
})
