import { describe, expect, it } from 'vitest'
import { ConcurError } from '../../concur/concur-error'
import { FacesError } from '../../faces/faces-error'
import { createConcurToFacesStep } from './concur-to-faces-step'
import {
  createFakeConcur,
  createFakeFaces,
  createTestContext,
  ENTITY,
  profile,
} from './engine-fakes.test-helper'

async function setup(policy?: 'update-existing' | 'flag-only') {
  const concur = createFakeConcur()
  const faces = createFakeFaces()
  const t = await createTestContext({
    concur: concur.client,
    faces: faces.client,
    ...(policy ? { policy } : {}),
  })
  const st = await t.ctx.loadState(ENTITY.id)
  const step = createConcurToFacesStep(t.ctx)
  const run = () => t.ctx.runs.create(ENTITY.id, 'manual', 'concur-to-faces')
  return { ...t, concur, faces, st, step, run }
}

describe('Concur → Faces step', () => {
  it('copies a new traveller create-only, with the write-ahead on disk before Faces sees it', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    const seenAhead: unknown[] = []
    const upsert = s.faces.client.upsertTraveller
    s.faces.client.upsertTraveller = async (...args) => {
      seenAhead.push((await s.ctx.store.load(ENTITY.id)).travellers['ann@acme.test']?.pending)
      return upsert(...args)
    }
    const r = await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    expect(r).toEqual({ outcome: 'success' })
    expect(seenAhead).toEqual([{ 'name.first': 'Ann', 'name.last': 'Lee' }])
    expect(s.faces.upserts).toEqual([{ patch: { 'name.first': 'Ann', 'name.last': 'Lee' }, ifAbsent: true }])
    const t = s.st.travellers['ann@acme.test']!
    expect(t).toMatchObject({
      pending: null,
      base: { 'name.first': 'Ann', 'name.last': 'Lee' },
      lastOutcome: 'success',
    })
    expect(s.ctx.facesIndex.get(t.facesId!)).toEqual({ entityId: ENTITY.id, key: 'ann@acme.test' })
    expect(s.records.map((r) => [r.outcome, r.message])).toEqual([['success', 'Created in Faces']])
  })

  it('drops an unchanged profile as already in Faces, without a write or a log record', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    const r = await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    expect(r.outcome).toBe('skipped')
    expect(s.faces.upserts).toHaveLength(1)
    expect(s.ctx.counters.echoesSuppressed).toBe(1)
    expect(s.records).toHaveLength(1)
  })

  it('sends only what changed against the agreed base', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    s.concur.put(profile('ann@acme.test', 'Ann', 'Long'))
    await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    expect(s.faces.upserts[1]).toEqual({ patch: { 'name.last': 'Long' }, ifAbsent: false })
    expect(s.records.at(-1)?.message).toBe('Updated in Faces')
  })

  it('takes a first copy that already landed (lost answer) as the base and writes nothing over Faces edits', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    s.faces.failNextUpsertWith(
      new FacesError('conflict', 'Faces already has this traveller.', {
        status: 409,
        code: 'already-exists',
      }),
    )
    const r = await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    expect(r.outcome).toBe('success')
    expect(s.faces.upserts.map((u) => [u.patch, u.ifAbsent])).toEqual([
      [{ 'name.first': 'Ann', 'name.last': 'Lee' }, true],
      [{}, false],
    ])
  })

  it('flags a login-id change under the flag-only policy and leaves Faces as it is', async () => {
    const s = await setup('flag-only')
    s.concur.put(profile('new@acme.test', 'Ann', 'Lee'))
    s.faces.failNextUpsertWith(
      new FacesError('conflict', 'Login id changed.', {
        status: 409,
        code: 'login-id-changed',
        body: { previousLoginId: 'old@acme.test' },
      }),
    )
    const r = await s.step(ENTITY, s.st, 'new@acme.test', s.run(), { force: false })
    expect(r.outcome).toBe('warning')
    expect(s.st.loginIdChanges).toBe(1)
    expect(s.records[0]?.message).toContain('from old@acme.test to new@acme.test; flagged')
    expect(s.pushes.filter((p) => p.channel === 'notify')).toHaveLength(1)
  })

  it('fails a traveller with the error text and correlation id, and marks it failed', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    s.concur.failGetWith(
      () =>
        new ConcurError('remote-failed', 'Concur failed (HTTP 500).', {
          correlationId: 'e1-500',
          retryable: true,
        }),
    )
    const run = s.run()
    const r = await s.step(ENTITY, s.st, 'ann@acme.test', run, { force: false })
    expect(r).toEqual({ outcome: 'failed', error: 'ConcurError: Concur failed (HTTP 500).' })
    expect(run.view.failed).toBe(1)
    expect(s.st.travellers['ann@acme.test']!.lastOutcome).toBe('failed')
    expect(s.records.at(-1)).toMatchObject({ outcome: 'failed', correlationId: 'e1-500' })
  })

  it('skips a traveller Concur no longer has, and stops at once when cancelled', async () => {
    const s = await setup()
    expect((await s.step(ENTITY, s.st, 'gone@acme.test', s.run(), { force: false })).outcome).toBe('skipped')
    const run = s.run()
    run.controller.abort()
    expect(await s.step(ENTITY, s.st, 'ann@acme.test', run, { force: false })).toEqual({
      outcome: 'cancelled',
    })
    expect(s.concur.calls).toEqual(['get gone@acme.test'])
    expect(s.records).toEqual([])
  })

  it('recovers a write cut short by a crash before choosing the base', async () => {
    const s = await setup()
    s.concur.put(profile('ann@acme.test', 'Ann', 'Lee'))
    await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    const t = s.st.travellers['ann@acme.test']!
    // The crash: Faces took "Long", the answer was lost, the write-ahead is still pending.
    s.faces.edit(t.facesId!, { lastName: 'Long' })
    t.pending = { 'name.first': 'Ann', 'name.last': 'Long' }
    s.concur.put(profile('ann@acme.test', 'Ann', 'Long'))
    const r = await s.step(ENTITY, s.st, 'ann@acme.test', s.run(), { force: false })
    expect(r.outcome).toBe('skipped')
    expect(s.faces.upserts).toHaveLength(1)
  })
})
