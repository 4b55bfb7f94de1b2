import { describe, expect, it } from 'vitest'
import { makeEntities, makeEntity } from '../../testing/demo-data'
import {
  DEFAULT_ENTITY_QUERY,
  errorChipRoute,
  isEntityInError,
  selectEntities,
  syncBlocker,
} from './entity-list-model'

const NOW = Date.UTC(2026, 10, 27, 9)

describe('selectEntities', () => {
  const all = makeEntities(200, NOW)

  it('finds entities by Outtask ID or name, ignoring case', () => {
    expect(selectEntities(all, { ...DEFAULT_ENTITY_QUERY, text: '110042' }).map((e) => e.id)).toEqual([
      'ent-42',
    ])
    expect(
      selectEntities(all, { ...DEFAULT_ENTITY_QUERY, text: 'initech' }).every((e) =>
        e.name.startsWith('Initech'),
      ),
    ).toBe(true)
  })

  it('filters by stage and by "in error"', () => {
    const polling = selectEntities(all, { ...DEFAULT_ENTITY_QUERY, stage: 'interface-and-polling-active' })
    expect(polling.length).toBeGreaterThan(0)
    expect(polling.every((e) => e.stage === 'interface-and-polling-active')).toBe(true)
    const broken = selectEntities(all, { ...DEFAULT_ENTITY_QUERY, credential: 'in-error' })
    expect(broken.length).toBeGreaterThan(0)
    expect(broken.every(isEntityInError)).toBe(true)
  })

  it('sorts by Outtask ID numerically in both directions', () => {
    const asc = selectEntities(all, { ...DEFAULT_ENTITY_QUERY, sortKey: 'outtaskId' }).map((e) =>
      Number(e.outtaskId),
    )
    expect(asc).toEqual([...asc].sort((a, b) => a - b))
    const desc = selectEntities(all, { ...DEFAULT_ENTITY_QUERY, sortKey: 'outtaskId', isDescending: true })
    expect(desc[0]?.outtaskId).toBe('110199')
  })

  it('hides archived entities', () => {
    const list = [makeEntity(1, NOW, { archived: true }), makeEntity(2, NOW)]
    expect(selectEntities(list, DEFAULT_ENTITY_QUERY).map((e) => e.id)).toEqual(['ent-2'])
  })

  it('shows archived entities when asked to', () => {
    const list = [makeEntity(1, NOW, { archived: true }), makeEntity(2, NOW)]
    const shown = selectEntities(list, { ...DEFAULT_ENTITY_QUERY, showArchived: true }).map((e) => e.id)
    expect(shown.sort()).toEqual(['ent-1', 'ent-2'])
  })
})

describe('the "entities in error" chip and "Sync now"', () => {
  it('opens the entity when one is in error, the filtered list when several are', () => {
    expect(errorChipRoute([])).toEqual({ screen: 'entities' })
    expect(errorChipRoute(['ent-7'])).toEqual({ screen: 'entity', entityId: 'ent-7' })
    expect(errorChipRoute(['ent-7', 'ent-8'])).toEqual({ screen: 'entities', credential: 'in-error' })
  })

  it('says why an entity cannot sync', () => {
    const e = makeEntity(1, NOW)
    expect(syncBlocker({ ...e, credential: { state: 'none' } })).toBe(
      'No refresh token yet: paste and exchange a request token first.',
    )
    expect(
      syncBlocker({
        ...e,
        credential: {
          state: 'refresh-token-invalid',
          sinceMs: NOW,
          reason: 'invalid',
          problem: { kind: 'refresh-token-invalid', message: 'x' },
        },
      }),
    ).toMatch(/^The credential is dead/)
  })
})
