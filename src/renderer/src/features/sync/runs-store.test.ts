import { describe, expect, it } from 'vitest'
import type { SyncRunView } from '../../../../shared/model'
import { newerRunView } from './runs-store'

const base: SyncRunView = {
  runId: 'r1',
  entityId: 'e1',
  kind: 'manual',
  direction: 'concur-to-faces',
  state: 'queued',
  pagesDone: 0,
  pagesTotal: null,
  profilesDone: 0,
  profilesTotal: null,
  failed: 0,
  counts: { read: 0, written: 0, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
  startedAtMs: 1,
  finishedAtMs: null,
}

describe('newerRunView', () => {
  it('never rolls a finished run back to queued when a late call answer arrives', () => {
    const done = { ...base, state: 'done' as const, profilesDone: 12, finishedAtMs: 5 }
    expect(newerRunView(done, base)).toBe(done)
  })

  it('takes a later state and, within running, more progress', () => {
    const running = { ...base, state: 'running' as const, profilesDone: 3 }
    expect(newerRunView(base, running)).toBe(running)
    const further = { ...running, profilesDone: 7 }
    expect(newerRunView(further, running)).toBe(further)
    expect(newerRunView(running, further)).toBe(further)
  })

  it('takes the first view it sees', () => {
    expect(newerRunView(undefined, base)).toBe(base)
  })
})
