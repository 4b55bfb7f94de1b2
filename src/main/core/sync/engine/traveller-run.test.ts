import { describe, expect, it } from 'vitest'
import { newTravellerState, type ConcurToFacesStep } from './concur-to-faces-step'
import { createFakeFaces, createTestContext, ENTITY } from './engine-fakes.test-helper'
import type { FacesToConcurPush } from './faces-to-concur-push'
import { createTravellerRun } from './traveller-run'

describe('single-traveller run', () => {
  it('sends the whole profile Concur → Faces (forced) and shows one traveller run', async () => {
    const t = await createTestContext()
    const forced: boolean[] = []
    const step: ConcurToFacesStep = async (_e, _st, _l, run, opts) => {
      forced.push(opts.force)
      run.view.profilesDone++
      return { outcome: 'success' }
    }
    const run = createTravellerRun(t.ctx, step, async () => ({ outcome: 'success' }))
    const view = await run(ENTITY, 'ann@acme.test', 'concur-to-faces')
    await t.ctx.runs.get(view.runId)!.done
    expect(forced).toEqual([true])
    expect(t.ctx.runs.get(view.runId)!.view).toMatchObject({
      kind: 'traveller',
      state: 'done',
      profilesTotal: 1,
    })
  })

  it('pushes Faces → Concur against Concur itself, not the remembered base', async () => {
    const faces = createFakeFaces()
    const t = await createTestContext({ faces: faces.client })
    const st = await t.ctx.loadState(ENTITY.id)
    st.travellers['ann@acme.test'] = {
      ...newTravellerState('ann@acme.test', null, null),
      facesId: 'f-9',
      baseHash: 'abc',
    }
    const items: string[] = []
    const push: FacesToConcurPush = async (item) => {
      items.push(item.travellerId)
      return { outcome: 'rejected' }
    }
    const run = createTravellerRun(t.ctx, (async () => ({ outcome: 'success' })) as ConcurToFacesStep, push)
    const view = await run(ENTITY, 'ann@acme.test', 'faces-to-concur')
    await t.ctx.runs.get(view.runId)!.done
    expect(items).toEqual(['f-9'])
    expect(st.travellers['ann@acme.test']!.baseHash).toBe('')
    expect(t.ctx.runs.get(view.runId)!.view).toMatchObject({
      state: 'failed',
      failed: 1,
      counts: { read: 1, rejected: 1, failed: 0 },
    })
  })

  it('fails with a record when Faces has no such traveller', async () => {
    const t = await createTestContext()
    const run = createTravellerRun(
      t.ctx,
      (async () => ({ outcome: 'success' })) as ConcurToFacesStep,
      async () => ({
        outcome: 'success',
      }),
    )
    const view = await run(ENTITY, 'nobody@acme.test', 'faces-to-concur')
    await t.ctx.runs.get(view.runId)!.done
    expect(t.ctx.runs.get(view.runId)!.view.state).toBe('failed')
    expect(t.records).toEqual([
      expect.objectContaining({ kind: 'run-started', message: 'Traveller sync started (nobody@acme.test)' }),
      expect.objectContaining({
        kind: 'traveller',
        outcome: 'failed',
        message: 'Traveller sync failed',
        error: 'DeskError: Faces has no traveller with the Concur login ID nobody@acme.test.',
      }),
      expect.objectContaining({
        kind: 'run-finished',
        outcome: 'failed',
        error: 'Faces has no traveller with the Concur login ID nobody@acme.test.',
        run: expect.objectContaining({
          state: 'failed',
          counts: expect.objectContaining({ read: 1, failed: 1 }),
        }),
      }),
    ])
  })
})
