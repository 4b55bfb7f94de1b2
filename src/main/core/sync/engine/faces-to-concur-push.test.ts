import { describe, expect, it } from 'vitest'
import { ConcurError } from '../../concur/concur-error'
import type { OutboxItem } from '../outbox'
import { createConcurToFacesStep } from './concur-to-faces-step'
import {
  createFakeConcur,
  createFakeFaces,
  createTestContext,
  ENTITY,
  profile,
} from './engine-fakes.test-helper'
import { createFacesToConcurPush, onlyMissing } from './faces-to-concur-push'

/** A world where Ann was copied Concur → Faces once, so both sides agree on a base. */
async function setup() {
  const concur = createFakeConcur()
  const faces = createFakeFaces()
  const t = await createTestContext({
    concur: concur.client,
    faces: faces.client,
    options: { pushBackoffMs: 1_000 },
  })
  const st = await t.ctx.loadState(ENTITY.id)
  concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
  await createConcurToFacesStep(t.ctx)(
    ENTITY,
    st,
    'ann@acme.test',
    t.ctx.runs.create(ENTITY.id, 'manual', 'concur-to-faces'),
    {
      force: false,
    },
  )
  t.records.length = 0
  const facesId = st.travellers['ann@acme.test']!.facesId!
  const item = async (): Promise<OutboxItem> => {
    await t.ctx.outbox.accept(
      [{ companyId: ENTITY.facesCompanyId, travellerId: facesId, concurLoginId: 'ann@acme.test', seq: 1 }],
      1,
      t.clock.nowMs(),
    )
    return t.ctx.outbox.all()[0]!
  }
  const push = createFacesToConcurPush(t.ctx)
  return { ...t, concur, faces, st, facesId, item, push, signal: new AbortController().signal }
}

describe('Faces → Concur push', () => {
  it('drops an echo of the desk’s own write without asking Concur', async () => {
    const s = await setup()
    const r = await s.push(await s.item(), s.signal)
    expect(r.outcome).toBe('skipped')
    expect(s.concur.calls.filter((c) => c.startsWith('post'))).toEqual([])
    expect(s.ctx.outbox.all()).toEqual([])
  })

  it('pushes only the Faces edits, remembers the new base and leaves the outbox', async () => {
    const s = await setup()
    s.faces.edit(s.facesId, { lastName: 'Faces' })
    const r = await s.push(await s.item(), s.signal)
    expect(r.outcome).toBe('success')
    expect(s.concur.posts[0]?.general).toMatchObject({ firstName: 'Ann', lastName: 'Faces' })
    expect(s.st.travellers['ann@acme.test']).toMatchObject({
      lastOutcome: 'success',
      base: { 'name.last': 'Faces' },
    })
    expect(s.records.map((r) => [r.outcome, r.message, r.correlationId])).toEqual([
      ['success', 'Pushed 1 field(s) to Concur', 'e1-post'],
    ])
    expect(s.ctx.outbox.all()).toEqual([])
  })

  it('records a login Concur does not know as rejected once and moves on', async () => {
    const s = await setup()
    s.faces.edit(s.facesId, { lastName: 'Faces', concurLoginId: 'nobody@acme.test' })
    const r = await s.push(await s.item(), s.signal)
    expect(r.outcome).toBe('rejected')
    expect(s.records[0]?.message).toContain('Concur has no profile with login nobody@acme.test')
    expect(s.ctx.outbox.all()).toEqual([])
  })

  it('records an E-code refusal as rejected with Concur’s advice, never to retry', async () => {
    const s = await setup()
    s.faces.edit(s.facesId, { lastName: 'Faces' })
    s.concur.answerPostWith(() => ({
      ok: false,
      outcome: 'rejected',
      messages: [
        { severity: 'error', code: 'E002', message: 'Required field missing', field: 'General/LastName' },
      ],
      advice: 'Concur needs a last name for ann@acme.test.',
      correlationId: 'e1-e002',
    }))
    const r = await s.push(await s.item(), s.signal)
    expect(r.outcome).toBe('rejected')
    expect(s.records[0]).toMatchObject({
      outcome: 'rejected',
      message: 'Concur needs a last name for ann@acme.test.',
      correlationId: 'e1-e002',
    })
    expect(s.ctx.outbox.all()).toEqual([])
    expect(s.st.travellers['ann@acme.test']!.lastOutcome).toBe('rejected')
  })

  it('keeps a transient failure in the outbox with a backoff, and says when it retries', async () => {
    const s = await setup()
    s.faces.edit(s.facesId, { lastName: 'Faces' })
    s.concur.failGetWith(() => new ConcurError('offline', "Can't reach Concur.", { retryable: true }))
    const r = await s.push(await s.item(), s.signal)
    expect(r.outcome).toBe('failed')
    const [left] = s.ctx.outbox.all()
    expect(left).toMatchObject({ attempts: 1, nextAttemptMs: s.clock.nowMs() + 1_000 })
    expect(s.records[0]?.message).toBe('Could not push to Concur (attempt 1); retrying in 1 s')
  })

  it('forgets a traveller Faces no longer has', async () => {
    const s = await setup()
    const item = await s.item()
    s.faces.travellers.delete(s.facesId)
    expect((await s.push(item, s.signal)).outcome).toBe('skipped')
    expect(s.ctx.outbox.all()).toEqual([])
  })

  it('pushes, without a base, only the fields Concur lacks (Concur wins)', () => {
    expect(onlyMissing({ 'name.first': 'Ann' }, { 'name.first': 'Anna', 'phone.Work': '+41' })).toEqual({
      'phone.Work': '+41',
    })
  })
})
