import { describe, expect, it } from 'vitest'
import type { SummaryPage } from '../../concur/concur-client'
import { ConcurError } from '../../concur/concur-error'
import type { ConcurToFacesStep } from './concur-to-faces-step'
import type { StepResult } from './engine-context'
import { createFakeConcur, createTestContext, ENTITY, START_MS } from './engine-fakes.test-helper'
import { createEntityPolls } from './entity-poll'
import { FULL_RESYNC_SINCE_MS } from './watermark-window'

const row = (loginId: string, atMs: number) => ({
  loginId,
  xmlProfileSyncId: null,
  status: 'Active' as const,
  lastModifiedMs: atMs,
})
const onePage = (...items: SummaryPage['items']): SummaryPage[] => [
  { page: 1, totalPages: 1, totalItems: items.length, items },
]

/** A poll over a fake summary feed and a scripted step (outcome per login). */
async function setup(outcomes: Record<string, StepResult['outcome']> = {}, options = {}) {
  const concur = createFakeConcur()
  const t = await createTestContext({ concur: concur.client, options: { chunkSize: 2, ...options } })
  const stepped: string[] = []
  const step: ConcurToFacesStep = async (_e, _st, loginId, run) => {
    stepped.push(loginId)
    run.view.profilesDone++
    const outcome = outcomes[loginId] ?? 'success'
    return outcome === 'failed' ? { outcome, error: `Error: ${loginId} failed` } : { outcome }
  }
  const polls = createEntityPolls(t.ctx, step)
  const poll = async (full = false) => {
    const view = await polls.start(ENTITY, 'manual', full)
    await t.ctx.runs.get(view.runId)!.done
    return t.ctx.runs.get(view.runId)!.view
  }
  return { ...t, concur, polls, poll, stepped, st: await t.ctx.loadState(ENTITY.id) }
}

describe('entity poll', () => {
  it('syncs every changed profile and moves the watermark to the newest change', async () => {
    const s = await setup()
    s.concur.setPages(onePage(row('b@a', START_MS - 5_000), row('a@a', START_MS - 9_000)))
    const view = await s.poll()
    expect(view).toMatchObject({ state: 'done', profilesTotal: 2 })
    expect(s.stepped).toEqual(['a@a', 'b@a'])
    expect(s.st.watermarkMs).toBe(START_MS - 5_000)
    expect(s.st.lastPoll).toMatchObject({ outcome: 'success', changed: 2, applied: 2, failed: 0 })
    expect(s.st.lastSuccessMs).toBe(START_MS)
    expect(s.records.map((r) => r.kind)).toEqual(['run-started', 'run-finished'])
  })

  it('keeps a failing profile on the retry list and the watermark before it', async () => {
    const s = await setup({ 'b@a': 'failed' })
    s.concur.setPages(
      onePage(row('a@a', START_MS - 9_000), row('b@a', START_MS - 5_000), row('c@a', START_MS - 1_000)),
    )
    const view = await s.poll()
    expect(view.state).toBe('done')
    expect(s.st.lastPoll).toMatchObject({ outcome: 'partial', applied: 2, failed: 1 })
    expect(s.st.retry['b@a']).toMatchObject({
      attempts: 1,
      error: 'Error: b@a failed',
      lastModifiedMs: START_MS - 5_000,
    })
    expect(s.st.watermarkMs).toBe(START_MS - 1_000)
    // Next poll: the retry item comes back first, even with an empty feed, and heals.
    s.concur.setPages(onePage())
    const s2Outcomes = await s.poll()
    expect(s2Outcomes.profilesTotal).toBe(1)
    expect(s.stepped.at(-1)).toBe('b@a')
  })

  it('counts a failed walk as a failed poll, holds the watermark, and notifies on the third', async () => {
    const s = await setup()
    s.concur.client.summaries = () => ({
      // eslint-disable-next-line require-yield
      async *[Symbol.asyncIterator]() {
        throw new ConcurError('offline', "Can't reach Concur (us2).", {
          retryable: true,
          correlationId: 'e1-c',
        })
      },
    })
    for (let i = 0; i < 3; i++) expect((await s.poll()).state).toBe('failed')
    expect(s.st).toMatchObject({ watermarkMs: null, consecutiveFailures: 3 })
    expect(s.st.lastPoll?.problem).toEqual({
      kind: 'offline',
      message: "Can't reach Concur (us2).",
      correlationId: 'e1-c',
    })
    expect(s.pushes.filter((p) => p.channel === 'notify')).toHaveLength(1)
    expect(s.records.at(-1)).toMatchObject({ kind: 'run-finished', outcome: 'failed', correlationId: 'e1-c' })
  })

  it('keeps the watermark over an idle walk; a first one sets it to the end of the window read', async () => {
    const s = await setup({}, { overlapMs: 120_000 })
    s.concur.setPages(onePage())
    await s.poll()
    expect(s.st.watermarkMs).toBe(FULL_RESYNC_SINCE_MS + 120_000)
    s.st.watermarkMs = START_MS - 600_000
    await s.poll()
    expect(s.st.watermarkMs).toBe(START_MS - 600_000)
  })

  it('returns the active poll to a second start and finishes a cancelled one as cancelled', async () => {
    const s = await setup()
    s.concur.setPages(onePage(row('a@a', START_MS - 1_000)))
    const first = await s.polls.start(ENTITY, 'manual', false)
    const again = await s.polls.start(ENTITY, 'manual', false)
    expect(again.runId).toBe(first.runId)
    s.ctx.runs.cancel(first.runId)
    await s.ctx.runs.get(first.runId)!.done
    expect(s.ctx.runs.get(first.runId)!.view.state).toBe('cancelled')
    expect(s.st.lastPoll).toBeNull()
  })
})
