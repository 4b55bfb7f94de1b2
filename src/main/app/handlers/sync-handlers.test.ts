import { describe, expect, it } from 'vitest'
import type { SyncLogPage, SyncRunView } from '../../../shared/model'
import { emptyRunCounts } from '../../../shared/run-counts'
import { createManualClock } from '../../core/clock'
import { DeskError } from '../../core/errors/desk-error'
import { openTestStorage } from '../../adapters/storage/test-backends.test-helper'
import { createSyncLog } from '../../core/sync-log/sync-log'
import { createRunLog } from '../../core/sync/run-log'
import { silentLogger } from '../../logging/logger'
import { createDispatcher, type Handlers } from '../dispatcher'
import { createSyncHandlers } from './sync-handlers'

const run = (over: Partial<SyncRunView> = {}): SyncRunView => ({
  runId: 'run-1',
  entityId: 'e1',
  kind: 'manual',
  direction: 'concur-to-faces',
  state: 'running',
  pagesDone: 0,
  pagesTotal: null,
  profilesDone: 0,
  profilesTotal: null,
  failed: 0,
  counts: emptyRunCounts(),
  startedAtMs: 1,
  finishedAtMs: null,
  ...over,
})

async function setup(live: SyncRunView[] = [run()]) {
  const clock = createManualClock(Date.parse('2026-06-01T10:00:00Z'))
  const { storage } = await openTestStorage('sqlite', { clock })
  const syncLog = createSyncLog({ store: storage.syncLog, clock })
  await syncLog.open()
  const calls: unknown[][] = []
  const handlers = createSyncHandlers({
    syncLog,
    engine: {
      travellers: async (id) => (calls.push(['travellers', id]), []),
      runEntity: async (id, o) => (
        calls.push(['runEntity', id, o]),
        run({ kind: o?.full ? 'full-resync' : 'manual' })
      ),
      runTraveller: async (id, login, dir) => (
        calls.push(['runTraveller', id, login, dir]),
        run({ kind: 'traveller', direction: dir })
      ),
      cancel: (id) => {
        if (id !== 'run-1') throw new DeskError('not-found', 'This sync run is no longer known.')
        return run({ state: 'cancelled' })
      },
      runs: () => live,
      travellerDetail: async () => {
        throw new DeskError('not-found', 'No such traveller.')
      },
      pollStats: async () => [{ atMs: 5, synced: 3, failed: 1 }],
    },
  })
  const dispatch = createDispatcher(handlers as unknown as Handlers, silentLogger)
  return { dispatch, calls, syncLog }
}

describe('sync handlers', () => {
  it('starts a full resync when asked and passes the direction of a traveller sync through', async () => {
    const { dispatch, calls } = await setup()
    const full = await dispatch('sync:run-entity', { entityId: 'e1', full: true })
    expect(full).toMatchObject({ ok: true, value: { kind: 'full-resync' } })
    await dispatch('sync:run-traveller', { entityId: 'e1', loginId: 'a@b.ch', direction: 'faces-to-concur' })
    expect(calls).toEqual([
      ['runEntity', 'e1', { full: true }],
      ['runTraveller', 'e1', 'a@b.ch', 'faces-to-concur'],
    ])
  })

  it('turns an unknown run into a not-found problem', async () => {
    const { dispatch } = await setup()
    expect(await dispatch('sync:cancel', { runId: 'nope' })).toMatchObject({
      ok: false,
      problem: { kind: 'not-found' },
    })
  })

  it('queries and exports the sync log with the contract filters', async () => {
    const { dispatch, syncLog } = await setup()
    syncLog.append({
      entityId: 'e1',
      kind: 'traveller',
      outcome: 'failed',
      message: 'boom',
      traveller: 'x@y.ch',
    })
    syncLog.append({ entityId: 'e2', kind: 'traveller', outcome: 'success', message: 'fine' })
    const page = await dispatch('log:query', { outcome: 'failed' })
    expect(page).toMatchObject({ ok: true, value: { total: 1, records: [{ traveller: 'x@y.ch' }] } })
    const csv = await dispatch('log:export-csv', { entityId: 'e2' })
    expect(csv).toMatchObject({ ok: true, value: { rows: 1 } })
    expect(await dispatch('log:query', { limit: 0 })).toMatchObject({
      ok: false,
      problem: { kind: 'invalid-input' },
    })
  })

  it('answers the run history from the run records, the live run on top, and filters the log by run', async () => {
    const live = run({ runId: 'run-live', startedAtMs: Date.parse('2026-06-01T10:05:00Z') })
    const { dispatch, syncLog } = await setup([live])
    const runLog = createRunLog(syncLog)
    const entity = { id: 'e1', name: 'Umbrella Demo GmbH' }
    const done = run({ runId: 'run-a', startedAtMs: Date.parse('2026-06-01T09:00:00Z') })
    runLog.started(entity, done, null)
    syncLog.append({
      entityId: 'e1',
      runId: 'run-a',
      kind: 'traveller',
      outcome: 'success',
      message: 'Updated in Faces',
    })
    const counts = { ...emptyRunCounts(), read: 12, unchanged: 11, written: 1 }
    runLog.finished(entity, { ...done, counts }, 'done', 4_200, null)
    const history = await dispatch('sync:run-history', { entityId: 'e1' })
    expect(history).toMatchObject({
      ok: true,
      value: [
        { runId: 'run-live', state: 'running' },
        { runId: 'run-a', state: 'done', durationMs: 4_200, counts },
      ],
    })
    const lines = await dispatch('log:query', { runId: 'run-a' })
    const page = lines as { ok: true; value: SyncLogPage }
    expect(page.value.records.map((r) => r.message)).toEqual([
      'Manual sync finished: 12 read, 11 unchanged, 1 written',
      'Updated in Faces',
      'Manual sync started',
    ])
  })
})
