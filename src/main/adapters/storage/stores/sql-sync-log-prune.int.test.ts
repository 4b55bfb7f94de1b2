/**
 * Retention by count on both backends, with the seqs a team desk writes: each instance numbers its
 * records in its own lane of time-ordered seqs, so they are far apart, and "keep the newest N" must
 * count records, not seq numbers.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncLogRecord } from '../../../../shared/sync-model'
import type { OpenedDeskStorage } from '../open-desk-storage'
import { BACKENDS, openTestStorage } from '../test-backends.test-helper'

const opened: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((o) => o.storage.close()))
})

const record = (seq: number): SyncLogRecord => ({
  seq,
  atMs: 1_780_000_000_000 + seq,
  entityId: 'e1',
  entityName: 'Entity e1',
  runId: null,
  direction: null,
  traveller: null,
  kind: 'info',
  outcome: 'info',
  message: `record ${seq}`,
  durationMs: null,
  error: null,
  correlationId: null,
  credential: null,
})

describe.each(BACKENDS)('sync log retention by count on %s', (backend) => {
  it('keeps the newest N records when seqs are spread over lanes (64 apart)', async () => {
    const o = await openTestStorage(backend)
    opened.push(o)
    const seqs = Array.from({ length: 10 }, (_, i) => 1_000_000 * 64 + i * 64 + (i % 2))
    await o.storage.syncLog.insert(seqs.map(record))
    expect(await o.storage.syncLog.prune({ beforeMs: null, keepNewest: 4 })).toBe(6)
    expect(await o.storage.syncLog.count()).toBe(4)
    expect(await o.storage.syncLog.maxSeq()).toBe(seqs.at(-1))
  })

  it('keeps a dense log under the limit whole, and cuts one over it to the limit', async () => {
    const o = await openTestStorage(backend)
    opened.push(o)
    await o.storage.syncLog.insert([1, 2, 3].map(record))
    expect(await o.storage.syncLog.prune({ beforeMs: null, keepNewest: 3 })).toBe(0)
    await o.storage.syncLog.insert([4, 5].map(record))
    expect(await o.storage.syncLog.prune({ beforeMs: null, keepNewest: 3 })).toBe(2)
    expect(await o.storage.syncLog.count()).toBe(3)
  })
})
