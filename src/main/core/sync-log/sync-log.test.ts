import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SyncLogRecord } from '../../../shared/model'
import { secretRegistry } from '../../logging/redact'
import { createManualClock } from '../clock'
import { createSyncLog, type SyncLogInput } from './sync-log'

const base: SyncLogInput = { entityId: 'e1', kind: 'traveller', outcome: 'success', message: 'updated' }

async function freshLog(extra: Partial<Parameters<typeof createSyncLog>[0]> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'sync-log-'))
  const clock = createManualClock(1_000_000)
  const pushed: SyncLogRecord[][] = []
  const log = createSyncLog({ dataDir, clock, onAppended: (r) => pushed.push(r), ...extra })
  await log.open()
  return { log, dataDir, clock, pushed }
}

describe('sync log', () => {
  it('filters by entity, direction, outcome, text and time range, newest first', async () => {
    const { log, clock } = await freshLog()
    log.append({ ...base, entityId: 'e1', direction: 'concur-to-faces', traveller: 'anna@x.ch' })
    await clock.advance(10)
    log.append({
      ...base,
      entityId: 'e2',
      direction: 'faces-to-concur',
      outcome: 'failed',
      error: 'HTTP 500',
    })
    await clock.advance(10)
    log.append({ ...base, entityId: 'e1', direction: 'faces-to-concur', traveller: 'bert@x.ch' })
    expect(log.query({}).records.map((r) => r.seq)).toEqual([3, 2, 1])
    expect(log.query({ entityId: 'e1' }).records.map((r) => r.traveller)).toEqual(['bert@x.ch', 'anna@x.ch'])
    expect(log.query({ direction: 'faces-to-concur', outcome: 'failed' }).records.map((r) => r.seq)).toEqual([
      2,
    ])
    expect(log.query({ text: 'ANNA' }).records.map((r) => r.seq)).toEqual([1])
    expect(log.query({ fromMs: 1_000_005, toMs: 1_000_015 }).records.map((r) => r.seq)).toEqual([2])
  })

  it('pages backwards with a beforeSeq cursor and reports whether more records exist', async () => {
    const { log } = await freshLog()
    for (let i = 0; i < 25; i++) log.append({ ...base, message: `m${i}` })
    const first = log.query({ limit: 10 })
    expect(first.records.map((r) => r.seq)).toEqual([25, 24, 23, 22, 21, 20, 19, 18, 17, 16])
    expect(first).toMatchObject({ total: 25, hasMore: true })
    const last = log.query({ limit: 10, beforeSeq: 6 })
    expect(last.records.map((r) => r.seq)).toEqual([5, 4, 3, 2, 1])
    expect(last.hasMore).toBe(false)
  })

  it('redacts registered secrets and token shapes before a record is kept or written', async () => {
    const { log, dataDir } = await freshLog()
    secretRegistry.register('super-secret-refresh-value')
    log.append({
      ...base,
      error: 'refresh failed for super-secret-refresh-value',
      message: 'Bearer abc.def.ghi',
    })
    await log.flush()
    const text = await readFile(join(dataDir, 'sync-log', 'sync-log.jsonl'), 'utf8')
    expect(text).not.toContain('super-secret-refresh-value')
    expect(text).not.toContain('abc.def.ghi')
    expect(log.query({}).records[0]!.error).toContain('[redacted]')
  })

  it('survives a reopen and keeps numbering after the last record on disk', async () => {
    const { log, dataDir, clock } = await freshLog()
    log.append(base)
    log.append(base)
    await log.close()
    const again = createSyncLog({ dataDir, clock })
    await again.open()
    expect(again.size).toBe(2)
    expect(again.append(base).seq).toBe(3)
  })

  it('rotates by size and keeps only the configured number of files', async () => {
    const { log, dataDir } = await freshLog({ maxFileBytes: 2_000, keepFiles: 2 })
    for (let i = 0; i < 100; i++) {
      log.append({ ...base, message: `record number ${i} `.padEnd(100, '.') })
      await log.flush()
    }
    const files = (await readdir(join(dataDir, 'sync-log'))).sort()
    expect(files).toEqual(['sync-log.1.jsonl', 'sync-log.2.jsonl', 'sync-log.jsonl'])
    expect(log.size).toBeLessThan(100)
    expect(log.query({ limit: 1 }).records[0]!.seq).toBe(100)
  })

  it('pushes appended records in batches', async () => {
    const { log, clock, pushed } = await freshLog({ batchMs: 100 })
    log.append(base)
    log.append(base)
    expect(pushed).toEqual([])
    await clock.advance(100)
    expect(pushed.map((b) => b.length)).toEqual([2])
  })

  it('exports matching records as CSV with a header and neutralised formulae', async () => {
    const { log } = await freshLog()
    log.append({ ...base, traveller: '=HYPERLINK("x")' })
    log.append({ ...base, entityId: 'other' })
    const out = log.exportCsv({ entityId: 'e1' })
    expect(out.rows).toBe(1)
    expect(out.csv.split('\r\n')[0]).toBe(
      'seq,atMs,entityId,entityName,runId,direction,traveller,kind,outcome,message,durationMs,error,correlationId,credential',
    )
    expect(out.csv).toContain(`"'=HYPERLINK(""x"")"`)
  })

  it('answers a text query over 100,000 records correctly', async () => {
    const { log } = await freshLog({ maxFileBytes: 1e9 })
    for (let i = 0; i < 100_000; i++)
      log.append({ ...base, traveller: `t${i}@corp.ch`, message: i % 1000 === 7 ? 'needle here' : 'ok' })
    const page = log.query({ text: 'needle', limit: 50 })
    expect(page.total).toBe(100)
    expect(page.records[0]!.seq).toBe(99_008)
    await log.flush()
  })
})
