import { describe, expect, it } from 'vitest'
import type { SyncRunView } from '../../../../shared/model'
import { makeEntity, makeToken } from '../../testing/demo-data'
import { outcomeSteps, submitSummary } from './submit-outcome'

const NOW = Date.UTC(2026, 10, 25, 9)
const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 16)

function run(patch: Partial<SyncRunView>): SyncRunView {
  return {
    runId: 'r1',
    entityId: 'ent-1',
    kind: 'catch-up',
    direction: 'concur-to-faces',
    state: 'running',
    pagesDone: 0,
    pagesTotal: 1,
    profilesDone: 5,
    profilesTotal: 12,
    failed: 0,
    counts: { read: 5, written: 5, unchanged: 0, skipped: 0, flagged: 0, rejected: 0, failed: 0 },
    startedAtMs: NOW + 3_000,
    finishedAtMs: null,
    ...patch,
  }
}

const exchanged = makeToken(1, NOW, {
  entityId: 'ent-1',
  state: 'exchanged',
  exchangedAtMs: NOW + 1_000,
  handOff: { doneAtMs: NOW + 2_000, attemptedAtMs: NOW + 2_000, isFailed: false },
})
const entity = makeEntity(1, NOW, {
  facesCompanyId: 'FC-110001',
  polling: { active: true, lastPoll: null, nextPollAtMs: null, consecutiveFailures: 0, retryListSize: 0 },
  checklist: [{ step: 'interface-and-polling-active', doneAtMs: NOW + 2_000 }],
})

describe('submit outcome steps', () => {
  it('says what happened next: exchanged, handed to Faces, polling on, the first sync with its counts', () => {
    const steps = outcomeSteps({
      token: exchanged,
      entity,
      runs: [run({})],
      isExchangeLater: false,
      nowMs: NOW,
      clock,
    })
    expect(steps.map((s) => [s.id, s.state])).toEqual([
      ['exchange', 'done'],
      ['faces', 'done'],
      ['polling', 'done'],
      ['first-sync', 'running'],
    ])
    expect(steps[1]?.text).toBe('Handed to Faces company FC-110001 at 09:00.')
    expect(steps[3]?.text).toBe('First sync: 5 of 12 profiles read.')
    const done = outcomeSteps({
      token: exchanged,
      entity,
      runs: [run({ state: 'done', profilesDone: 12, finishedAtMs: NOW + 9_000 })],
      isExchangeLater: false,
      nowMs: NOW,
      clock,
    })
    expect(done[3]).toEqual({
      id: 'first-sync',
      state: 'done',
      text: 'First sync: 12 travellers synced from Concur to Faces.',
    })
  })

  it('shows a failed exchange as a failure with its next step, and stops there', () => {
    const failed = makeToken(2, NOW, {
      state: 'failed',
      problem: { kind: 'token-rejected', message: 'Concur said no.' },
    })
    const steps = outcomeSteps({ token: failed, entity, runs: [], isExchangeLater: false, nowMs: NOW, clock })
    expect(steps).toHaveLength(1)
    expect(steps[0]?.state).toBe('failed')
    expect(steps[0]?.text).toMatch(/^Rejected by Concur\. Concur said no\./)
  })

  it('says a Faces company is missing, and that an "exchange later" token waits on Today', () => {
    const noFaces = outcomeSteps({
      token: exchanged,
      entity: { ...entity, facesCompanyId: '' },
      runs: [],
      isExchangeLater: false,
      nowMs: NOW,
      clock,
    })
    expect(noFaces.at(-1)).toMatchObject({ id: 'faces', state: 'failed' })
    expect(noFaces.at(-1)?.text).toContain('no Faces company')
    const later = outcomeSteps({
      token: makeToken(3, NOW),
      entity,
      runs: [],
      isExchangeLater: true,
      nowMs: NOW,
      clock,
    })
    expect(later).toEqual([
      { id: 'exchange', state: 'waiting', text: 'Waiting on Today: exchange it there before it expires.' },
    ])
  })

  it('calls the run after a renewal the next poll, not a first sync', () => {
    const renewed = {
      ...entity,
      checklist: [{ step: 'interface-and-polling-active' as const, doneAtMs: NOW - 86_400_000 }],
    }
    const steps = outcomeSteps({
      token: exchanged,
      entity: renewed,
      runs: [],
      isExchangeLater: false,
      nowMs: NOW,
      clock,
    })
    expect(steps.at(-1)?.text).toBe('Next poll: starts in a moment.')
  })
})

describe('submit summary', () => {
  it('counts what happened, not what was sent', () => {
    const failed = makeToken(4, NOW, { state: 'failed', problem: { kind: 'remote-failed', message: 'x' } })
    expect(submitSummary([exchanged, failed], { rejected: 1, skipped: 2, createdEntities: 0 }, NOW)).toBe(
      '2 tokens taken in: 1 exchanged, 1 failed (see below). 2 tokens already known: nothing to do. 1 block not taken (needs fixing).',
    )
    expect(submitSummary([], { rejected: 0, skipped: 1, createdEntities: 0 }, NOW)).toBe(
      'No token was taken in. 1 token already known: nothing to do.',
    )
  })
})
