import { describe, expect, it } from 'vitest'
import { createManualClock } from '../clock'
import { DeskError } from '../errors/desk-error'
import { createMemoryEntityRepository } from './entity-repository'
import { createEntitySource } from './entity-source'
import { createEntityStore } from './entity-store'
import { seedSandboxEntities } from './seed-sandbox-entities'

const input = {
  name: ' Umbrella EMEA ',
  outtaskId: '110034',
  companyUuid: '79840CD9-5989-4675-A254-3CDD0DEEB178',
  siteIds: ['S1', ' S1 ', ''],
  vendorSiteIds: ['EMEA-1', 'USA-2'],
  travelConfigIds: ['TC1'],
  facesCompanyId: 'faces-1',
}

function memoryStore() {
  const clock = createManualClock(1_000)
  return {
    clock,
    store: createEntityStore({ repo: createMemoryEntityRepository(), clock }),
  }
}

describe('entity store', () => {
  it('creates an entity with normalised fields and an empty checklist', async () => {
    const { store } = memoryStore()
    const e = await store.create(input)
    expect(e).toMatchObject({
      name: 'Umbrella EMEA',
      companyUuid: '79840cd9-5989-4675-a254-3cdd0deeb178',
      siteIds: ['S1'],
      archived: false,
      createdAtMs: 1_000,
      pollingActive: false,
    })
    expect(Object.values(e.checklist).every((v) => v === null)).toBe(true)
  })

  it('refuses a second active entity with the same Outtask ID, and allows it once the first is archived', async () => {
    const { store } = memoryStore()
    const first = await store.create(input)
    await expect(store.create({ ...input, name: 'Copy' })).rejects.toMatchObject({ kind: 'conflict' })
    await store.setArchived(first.id, true)
    const second = await store.create({ ...input, name: 'Copy' })
    expect((await store.findByOuttaskId('110034'))?.id).toBe(second.id)
    await expect(store.setArchived(first.id, false)).rejects.toBeInstanceOf(DeskError)
  })

  it('lists archived entities only when asked', async () => {
    const { store } = memoryStore()
    const e = await store.create(input)
    await store.setArchived(e.id, true)
    expect(await store.list()).toEqual([])
    expect((await store.list({ includeArchived: true })).map((x) => x.id)).toEqual([e.id])
  })

  it('dates a manual step once and clears it on request', async () => {
    const { store, clock } = memoryStore()
    const e = await store.create(input)
    await store.markStep(e.id, 'case-opened', true)
    await clock.advance(5_000)
    expect((await store.markStep(e.id, 'case-opened', true)).checklist['case-opened']).toBe(1_000)
    expect((await store.markStep(e.id, 'case-opened', false)).checklist['case-opened']).toBeNull()
  })

  it('says not-found for an unknown id', async () => {
    const { store } = memoryStore()
    await expect(store.get('nope')).rejects.toMatchObject({ kind: 'not-found' })
  })

  it('keeps the stored document unchanged when a save fails', async () => {
    const clock = createManualClock(0)
    const memory = createMemoryEntityRepository()
    let failing = false
    const store = createEntityStore({
      repo: {
        loadAll: memory.loadAll,
        save: (v) => (failing ? Promise.reject(new Error('disk full')) : memory.save(v)),
      },
      clock,
    })
    const e = await store.create(input)
    failing = true
    await expect(store.update(e.id, { ...input, name: 'Renamed' })).rejects.toThrow('disk full')
    expect((await store.get(e.id)).name).toBe('Umbrella EMEA')
  })
})

describe('entity source and sandbox seed', () => {
  it('gives the sync engine active entities with their poll facts and seeds demo companies once', async () => {
    const { store } = memoryStore()
    const companies = [
      {
        name: 'Demo A',
        outtaskId: '1',
        companyUuid: '11111111-2222-3333-4444-555555555555',
        facesCompanyId: 'fa',
        travelConfigIds: ['T'],
      },
    ]
    expect(await seedSandboxEntities(store, companies)).toHaveLength(1)
    expect(await seedSandboxEntities(store, companies)).toHaveLength(0)
    const source = createEntitySource(store)
    expect(await source.listActive()).toEqual([
      expect.objectContaining({
        outtaskId: '1',
        travelConfigIds: ['T'],
        facesCompanyId: 'fa',
        geolocation: null,
        pollingActive: false,
      }),
    ])
  })

  it('finds one entity by id (archived too) and the source answers for active ones only, without sharing the stored record', async () => {
    const { store } = memoryStore()
    const a = await store.create(input)
    const b = await store.create({ ...input, outtaskId: '110035' })
    await store.setArchived(b.id, true)
    expect((await store.find(b.id))?.archived).toBe(true)
    expect(await store.find('nope')).toBeNull()
    const source = createEntitySource(store)
    expect((await source.get(a.id))?.outtaskId).toBe('110034')
    expect(await source.get(b.id)).toBeNull()
    expect(await source.get('nope')).toBeNull()
    expect((await source.listActive()).map((e) => e.id)).toEqual([a.id])
    // What the source hands out is a copy: changing it leaves the store as it was.
    ;(await source.listActive())[0]!.travelConfigIds.push('changed')
    ;(await store.find(a.id))!.travelConfigIds.push('changed too')
    expect((await store.get(a.id)).travelConfigIds).toEqual(['TC1'])
  })
})
