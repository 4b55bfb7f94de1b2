import { beforeEach, describe, expect, it } from 'vitest'
import type { RunHistoryEntry, SyncRunView } from '../../../../shared/model'
import { useToastsStore } from '../notifications/toasts-store'
import { countsWords, progressWords, runStatus } from './run-words'
import { useRunsStore } from './runs-store'
import { mergeLiveRuns } from './use-run-history'

const view = (over: Partial<SyncRunView> = {}): SyncRunView => ({
  runId: 'r1',
  entityId: 'e1',
  kind: 'manual',
  direction: 'concur-to-faces',
  state: 'running',
  pagesDone: 1,
  pagesTotal: 3,
  profilesDone: 4,
  profilesTotal: 12,
  failed: 0,
  counts: { read: 12, written: 1, unchanged: 3, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
  startedAtMs: 1_000,
  finishedAtMs: null,
  ...over,
})

beforeEach(() => {
  useRunsStore.setState({ byId: {}, watched: new Set() })
  useToastsStore.setState({ toasts: [], seen: new Set(), history: [] })
})

describe('watched runs', () => {
  it('toasts the end of a run the user started, once, in the run counts', () => {
    useRunsStore.getState().watch(view(), 'Umbrella Demo GmbH')
    expect(useToastsStore.getState().toasts).toEqual([])
    const done = view({
      state: 'done',
      finishedAtMs: 5_000,
      counts: { read: 12, written: 1, unchanged: 11, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
    })
    useRunsStore.getState().upsert(done)
    useRunsStore.getState().upsert(done)
    expect(useToastsStore.getState().toasts.map((t) => [t.level, t.title, t.body])).toEqual([
      ['success', 'Manual sync of Umbrella Demo GmbH succeeded', '12 read, 11 unchanged, 1 written'],
    ])
  })

  it('says a run with failed profiles did not fully work, and never toasts runs nobody watched', () => {
    useRunsStore.getState().upsert(view({ runId: 'other', state: 'failed', finishedAtMs: 2 }))
    useRunsStore
      .getState()
      .watch(view({ state: 'done', finishedAtMs: 9, counts: { ...view().counts, failed: 2 } }), 'Umbrella')
    const toasts = useToastsStore.getState().toasts
    expect(toasts).toHaveLength(1)
    expect(toasts[0]).toMatchObject({
      level: 'error',
      title: 'Manual sync of Umbrella finished with 2 failures',
    })
  })
})

describe('run words', () => {
  it('words states and progress without raw values or bare ratios', () => {
    expect(runStatus('done', 0).text).toBe('Succeeded')
    expect(runStatus('done', 1).text).toBe('Finished with failures')
    expect(runStatus('interrupted', 0).text).toMatch(/desk stopped/)
    expect(progressWords(view())).toBe('4 of 12 profiles processed, page 1 of 3')
    expect(progressWords(view({ profilesTotal: null, pagesTotal: null }))).toMatch(/Reading Concur/)
    expect(countsWords({ counts: null })).toMatch(/not recorded/)
  })
})

describe('mergeLiveRuns', () => {
  it('puts a live run not yet in the history on top and takes live progress for a running row', () => {
    const row = (over: Partial<RunHistoryEntry>): RunHistoryEntry => ({
      runId: 'r1',
      entityId: 'e1',
      kind: 'manual',
      direction: 'concur-to-faces',
      state: 'running',
      startedAtMs: 1_000,
      finishedAtMs: null,
      durationMs: null,
      counts: null,
      problem: null,
      correlationId: null,
      ...over,
    })
    const merged = mergeLiveRuns(
      [row({}), row({ runId: 'old', state: 'done', startedAtMs: 10 })],
      [view(), view({ runId: 'new', state: 'queued', startedAtMs: 2_000 })],
    )
    expect(merged.map((r) => [r.runId, r.state])).toEqual([
      ['new', 'queued'],
      ['r1', 'running'],
      ['old', 'done'],
    ])
    expect(merged[1]?.counts?.read).toBe(12)
  })
})
