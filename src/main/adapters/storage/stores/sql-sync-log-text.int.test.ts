/**
 * The text filter on both backends when PostgreSQL's index looks up only the needle's rarest word:
 * the matches are exactly the records that contain the whole needle (a record with the word but
 * not the needle is not one), in the page, the count and the CSV scan alike.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncLogRecord } from '../../../../shared/sync-model'
import type { OpenedDeskStorage } from '../open-desk-storage'
import { BACKENDS, openTestStorage } from '../test-backends.test-helper'

const opened: OpenedDeskStorage[] = []
afterAll(async () => {
  await Promise.all(opened.map((o) => o.storage.close()))
})

const record = (seq: number, traveller: string): SyncLogRecord => ({
  seq,
  atMs: 1_780_000_000_000 + seq,
  entityId: 'e1',
  entityName: 'Company 1 AG',
  runId: `run-${Math.floor(seq / 50)}`,
  direction: 'concur-to-faces',
  traveller,
  kind: 'traveller',
  outcome: 'success',
  message: 'Updated in Faces',
  durationMs: 10,
  error: null,
  correlationId: null,
  credential: null,
})

describe.each(BACKENDS)('text filter by the rarest word on %s', (backend) => {
  it('matches exactly the records that contain the whole needle', async () => {
    const o = await openTestStorage(backend)
    opened.push(o)
    const records = Array.from({ length: 2_000 }, (_, i) => record(i + 1, `traveller.${i}.1@corp1.example`))
    // Decoys with the rare word "4711" but not the needle, and the two real matches.
    records.push(record(2_001, 'other.4711.9@corp9.example'), record(2_002, 'traveller.4711.2@corp1.example'))
    records.push(
      record(2_003, 'traveller.4711.1@corp1.example'),
      record(2_004, 'TRAVELLER.4711.1@CORP1.EXAMPLE'),
    )
    await o.storage.syncLog.insert(records)
    const needle = 'traveller.4711.1@corp1'
    const page = await o.storage.syncLog.query({ text: needle, limit: 10 }, 1_000)
    expect(page.records.map((r) => r.seq)).toEqual([2_004, 2_003])
    expect(page).toMatchObject({ total: 2, totalCapped: false, hasMore: false })
    const scanned: number[] = []
    for await (const rows of o.storage.syncLog.scan({ text: needle }, 100))
      scanned.push(...rows.map((r) => r.seq))
    expect(scanned).toEqual([2_003, 2_004])
    // LIKE's wildcards in a needle are taken literally.
    expect((await o.storage.syncLog.query({ text: 'traveller.4711_1', limit: 10 }, 1_000)).total).toBe(0)
  })
})
