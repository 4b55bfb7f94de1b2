import { describe, expect, it } from 'vitest'
import type { SyncLogRecord, SyncRunView } from '../../../shared/model'
import { emptyRunCounts } from '../../../shared/run-counts'
import { runHistory } from './run-history'
import { exportFileName } from './sync-log'

const rec = (over: Partial<SyncLogRecord>): SyncLogRecord => ({
  seq: 1,
  atMs: 1_000,
  entityId: 'e1',
  entityName: 'Umbrella',
  runId: 'r1',
  direction: 'concur-to-faces',
  traveller: null,
  kind: 'run-started',
  outcome: 'info',
  message: 'Manual sync started',
  durationMs: null,
  error: null,
  correlationId: null,
  ...over,
})

describe('runHistory', () => {
  it('pairs start and finish, newest first, with the counts and problem of the finish', () => {
    const counts = { ...emptyRunCounts(), read: 3, written: 1, unchanged: 1, failed: 1 }
    const rows = runHistory(
      [
        rec({ seq: 1, runId: 'r1', run: { kind: 'manual', state: 'running', counts: emptyRunCounts() } }),
        rec({
          seq: 2,
          runId: 'r2',
          atMs: 5_000,
          run: { kind: 'scheduled', state: 'running', counts: emptyRunCounts() },
        }),
        rec({
          seq: 3,
          runId: 'r1',
          atMs: 4_000,
          kind: 'run-finished',
          outcome: 'warning',
          durationMs: 3_000,
          error: 'Concur answered 503',
          run: { kind: 'manual', state: 'done', counts },
        }),
      ],
      [],
    )
    expect(rows.map((r) => [r.runId, r.kind, r.state])).toEqual([
      ['r2', 'scheduled', 'interrupted'],
      ['r1', 'manual', 'done'],
    ])
    expect(rows[1]).toMatchObject({
      durationMs: 3_000,
      counts,
      problem: 'Concur answered 503',
      finishedAtMs: 4_000,
    })
  })

  it('shows a live run as running with its live counts, and a queued one that has no record yet', () => {
    const live = (over: Partial<SyncRunView>): SyncRunView => ({
      runId: 'r1',
      entityId: 'e1',
      kind: 'manual',
      direction: 'concur-to-faces',
      state: 'running',
      pagesDone: 1,
      pagesTotal: 2,
      profilesDone: 4,
      profilesTotal: 9,
      failed: 0,
      counts: { ...emptyRunCounts(), read: 9, unchanged: 4 },
      startedAtMs: 1_000,
      finishedAtMs: null,
      ...over,
    })
    const rows = runHistory(
      [rec({ run: { kind: 'manual', state: 'running', counts: emptyRunCounts() } })],
      [live({}), live({ runId: 'q', state: 'queued', startedAtMs: 2_000 })],
    )
    expect(rows.map((r) => [r.runId, r.state])).toEqual([
      ['q', 'queued'],
      ['r1', 'running'],
    ])
    expect(rows[1]!.counts).toMatchObject({ read: 9, unchanged: 4 })
  })

  it('reads runs logged before run facts existed: kind from the message, no counts', () => {
    const rows = runHistory(
      [
        rec({ message: 'full-resync poll started (full resync from 1900-01-01)' }),
        rec({
          seq: 2,
          kind: 'run-finished',
          outcome: 'failed',
          atMs: 2_000,
          message: 'full-resync poll failed: …',
        }),
      ],
      [],
    )
    expect(rows).toEqual([expect.objectContaining({ kind: 'full-resync', state: 'failed', counts: null })])
  })

  it('keeps a finish whose start rotated out of the log, starting where its duration says', () => {
    const rows = runHistory(
      [rec({ kind: 'run-finished', atMs: 10_000, durationMs: 4_000, outcome: 'success' })],
      [],
    )
    expect(rows[0]).toMatchObject({ startedAtMs: 6_000, finishedAtMs: 10_000, state: 'done' })
  })

  it('limits the rows', () => {
    const many = Array.from({ length: 10 }, (_, i) => rec({ seq: i + 1, runId: `r${i}`, atMs: i }))
    expect(runHistory(many, [], 3).map((r) => r.runId)).toEqual(['r9', 'r8', 'r7'])
  })
})

describe('exportFileName', () => {
  it('names the export by its wall time in CET or CEST, with the zone', () => {
    expect(exportFileName(Date.UTC(2026, 10, 27, 13, 5, 9), 'Europe/Zurich')).toBe(
      'sync-log-2026-11-27-140509-CET.csv',
    )
    expect(exportFileName(Date.UTC(2026, 6, 1, 22, 30, 0), 'Europe/Zurich')).toBe(
      'sync-log-2026-07-02-003000-CEST.csv',
    )
  })
})
